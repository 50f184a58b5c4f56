package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import java.io.IOException;
import java.util.List;

/**
 * Picks the builder of a run, probing the agent once: the one the user asked for, or for {@code auto} the first
 * of the options, in order of preference, that the agent can run (today BuildKit with inline cache, then the
 * classic builder). A new backend joins by adding its {@link BackendOption} to {@link #standard}, where it
 * belongs in that order.
 */
public final class BackendSelector {
    private final List<BackendOption> preference;

    public BackendSelector(List<BackendOption> preference) {
        this.preference = List.copyOf(preference);
    }

    /** The builders the engine knows, best first. */
    public static BackendSelector standard(BuildRequest request) {
        return new BackendSelector(List.of(inlineCache(request), classic(request)));
    }

    /** The chosen backend and what the probe found, for the log. */
    public record Selection(BuilderBackend backend, String found) {
    }

    /**
     * The backend for {@code asked}.
     *
     * @throws InvalidInputException the user asked for a builder the agent cannot run
     * @throws DockerUnavailableException docker or its daemon does not answer
     */
    public Selection select(BuilderKind asked, DockerCli docker, BuildRequest request)
            throws InvalidInputException, DockerUnavailableException, IOException, InterruptedException {
        DockerFacts facts = new DockerFacts(docker, request.dockerEnv());
        String lastReason = "no builder can run here";
        for (BackendOption option : preference) {
            if (asked != BuilderKind.AUTO && option.kind() != asked) {
                continue;
            }
            BackendOption.Probe probe = option.probe(facts);
            if (probe.isAvailable()) {
                return new Selection(probe.backend(), facts.describe());
            }
            if (asked != BuilderKind.AUTO) {
                throw new InvalidInputException("builder", asked.id(), probe.unavailableBecause());
            }
            lastReason = probe.unavailableBecause();
        }
        throw new InvalidInputException("builder", asked.id(), lastReason);
    }

    static BackendOption inlineCache(BuildRequest request) {
        return new BackendOption() {
            @Override
            public BuilderKind kind() {
                return BuilderKind.BUILDKIT;
            }

            @Override
            public Probe probe(DockerFacts facts) throws DockerUnavailableException, IOException, InterruptedException {
                String client = facts.requireDaemon();
                if (!facts.canDriveBuildKit()) {
                    return Probe.unavailable("docker client " + client + " at '" + facts.docker().executable()
                            + "' cannot drive BuildKit (it has no buildx); use --builder classic or a docker client "
                            + "with BuildKit");
                }
                return Probe.available(new InlineCacheBackend(facts.docker(), request));
            }
        };
    }

    static BackendOption classic(BuildRequest request) {
        return new BackendOption() {
            @Override
            public BuilderKind kind() {
                return BuilderKind.CLASSIC;
            }

            @Override
            public Probe probe(DockerFacts facts) throws DockerUnavailableException, IOException, InterruptedException {
                facts.requireDaemon();
                return Probe.available(new ClassicBackend(facts.docker(), request));
            }
        };
    }
}
