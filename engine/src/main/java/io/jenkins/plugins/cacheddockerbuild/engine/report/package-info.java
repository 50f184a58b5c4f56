/**
 * The JSON report file: {@link io.jenkins.plugins.cacheddockerbuild.engine.report.ReportJson} writes and reads
 * {@link io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport} as documented in {@code docs/report.md}
 * and {@code docs/report.schema.json}: one mapping each way ({@code ReportJsonWriter}, {@code ReportJsonReader}
 * with its path-aware {@code ReportObject}), the JSON text itself through jackson-jr ({@code engine.json}).
 */
package io.jenkins.plugins.cacheddockerbuild.engine.report;
