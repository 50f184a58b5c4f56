/**
 * The engine's public API: immutable requests and reports, the ports a front end implements
 * ({@link io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner},
 * {@link io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles},
 * {@link io.jenkins.plugins.cacheddockerbuild.engine.api.BuildListener}) and one entry point,
 * {@link io.jenkins.plugins.cacheddockerbuild.engine.api.CachedDockerBuild}.
 *
 * <p>Only JDK types appear in these signatures, so the Jenkins plugin and the command line can both
 * depend on this package without dragging anything else in.
 */
package io.jenkins.plugins.cacheddockerbuild.engine.api;
