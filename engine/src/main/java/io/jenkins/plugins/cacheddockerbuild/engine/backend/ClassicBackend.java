package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import io.jenkins.plugins.cacheddockerbuild.engine.output.ClassicOutputParser;

/**
 * The classic (legacy) docker builder, {@code DOCKER_BUILDKIT=0}: it reuses only layers of images on the
 * daemon, so cache images are pulled first, and it prints the image every step made, so one build of the
 * final stage names every intermediate stage's image.
 */
public final class ClassicBackend extends DockerBackend {
    private static final BackendCapabilities CAPABILITIES = new BackendCapabilities(true, true, false, true);

    public ClassicBackend(DockerCli docker, BuildRequest request) {
        super(docker, request);
    }

    @Override
    BuilderKind kind() {
        return BuilderKind.CLASSIC;
    }

    @Override
    public BackendCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ClassicBackend withEnv(String name, String value) {
        return new ClassicBackend(docker.withEnv(name, value), request);
    }

    @Override
    public BuildOutputParser parser(Dockerfile dockerfile) {
        return new ClassicOutputParser(dockerfile);
    }
}
