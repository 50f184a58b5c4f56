/**
 * Reading docker's build output into per-stage step records: which steps ran, which came from cache, how
 * long each took. {@link io.jenkins.plugins.cacheddockerbuild.engine.output.ClassicOutputParser} reads the
 * legacy builder, {@link io.jenkins.plugins.cacheddockerbuild.engine.output.BuildKitOutputParser} BuildKit's
 * plain progress.
 */
package io.jenkins.plugins.cacheddockerbuild.engine.output;
