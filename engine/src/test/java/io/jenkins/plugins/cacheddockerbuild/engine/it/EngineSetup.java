package io.jenkins.plugins.cacheddockerbuild.engine.it;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import java.util.stream.Stream;

/**
 * One cell of the engine matrix: a docker engine of the test environment and the builder the engine is asked
 * for. Printed as {@code docker26-containerd/buildkit} in the test names.
 */
public record EngineSetup(DockerEngine engine, BuilderKind builder) {

    /**
     * Every engine and store with each builder it runs: the classic builder where docker still has it (Docker 26
     * keeps the legacy builder, deprecated, on both stores; on the containerd store it writes into that store),
     * BuildKit with inline cache everywhere.
     */
    public static Stream<EngineSetup> matrix() {
        return Stream.of(
                new EngineSetup(DockerEngine.DOCKER20, BuilderKind.CLASSIC),
                new EngineSetup(DockerEngine.DOCKER20, BuilderKind.BUILDKIT),
                new EngineSetup(DockerEngine.DOCKER26_CONTAINERD, BuilderKind.BUILDKIT),
                new EngineSetup(DockerEngine.DOCKER26_CONTAINERD, BuilderKind.CLASSIC),
                new EngineSetup(DockerEngine.DOCKER26_OVERLAY, BuilderKind.BUILDKIT),
                new EngineSetup(DockerEngine.DOCKER26_OVERLAY, BuilderKind.CLASSIC));
    }

    @Override
    public String toString() {
        return engine.id() + "/" + builder.id();
    }
}
