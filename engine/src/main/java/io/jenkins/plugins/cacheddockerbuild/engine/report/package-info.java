/**
 * The JSON report file: {@link io.jenkins.plugins.cacheddockerbuild.engine.report.ReportJson} writes and reads
 * {@link io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport} as documented in {@code docs/report.md}
 * and {@code docs/report.schema.json}, with a small JSON writer and parser of its own so the engine keeps
 * no runtime dependencies.
 */
package io.jenkins.plugins.cacheddockerbuild.engine.report;
