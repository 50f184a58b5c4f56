/**
 * Reading Dockerfiles: {@link io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.DockerfileParser} turns
 * the text into a {@link io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile} of
 * {@link io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage}s, which tells which stages a target
 * needs and in which order they are built.
 */
package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;
