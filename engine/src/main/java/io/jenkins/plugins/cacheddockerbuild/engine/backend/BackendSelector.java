package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import java.io.IOException;
import java.util.List;

/**
 * Picks the builder of a run, probing the agent once: the one the user asked for, or for {@code auto} the first
 * of the options, in order of preference, that the agent can run (BuildKit with inline cache, then the
 * classic builder, then buildah). A new backend joins by adding its {@link BackendOption} to {@link #standard},
 * where it belongs in that order. For {@code auto}, a docker that does not answer is no reason to stop while a
 * later option (buildah, which needs no daemon) can run; when none can, docker's own failure is what is reported.
 */
public final class BackendSelector {
    /** Seen with Docker 26.1.5 (recorded as d26c-classic-warm); a moby limit, not ours to work around here. */
    static final String CLASSIC_ON_CONTAINERD = "the classic (legacy) builder on this daemon's containerd image store "
            + "reuses steps that make layers (RUN, COPY, WORKDIR) from pulled cache images, but fails the build when a "
            + "step that makes no layer (ENV, ARG, LABEL, EXPOSE, USER, ...) and is not the cache image's last step "
            + "would come from one (docker: \"failed to restore cached image ... failed to read diff archive\"); use "
            + "--builder registry or --builder buildkit (both need buildx) on this daemon";
    private final List<BackendOption> preference;

    public BackendSelector(List<BackendOption> preference) {
        this.preference = List.copyOf(preference);
    }

    /** The docker builders, best first. */
    public static BackendSelector standard(BuildRequest request) {
        return new BackendSelector(List.of(registryCache(request), inlineCache(request), classic(request)));
    }

    /** Every builder the engine knows, best first: the docker builders, then the daemonless buildah. */
    public static BackendSelector standard(BuildRequest request, CommandRunner runner) {
        return new BackendSelector(List.of(registryCache(request), inlineCache(request), classic(request),
                new BuildahOption(request, runner)));
    }

    /**
     * The chosen backend, what the probe found, and why this builder: asked for, or for {@code auto} the best
     * available and why each better one was not; {@code caveat}, when not {@code null}, is a known limit of this
     * builder on this agent, for a warning.
     */
    public record Selection(BuilderBackend backend, String found, String why, String caveat) {
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
        DockerUnavailableException unanswered = null;
        List<String> passedOver = new java.util.ArrayList<>();
        for (BackendOption option : preference) {
            if (asked != BuilderKind.AUTO && option.kind() != asked) {
                continue;
            }
            BackendOption.Probe probe;
            try {
                probe = option.probe(facts);
            } catch (DockerUnavailableException e) {
                if (asked != BuilderKind.AUTO) {
                    throw e;
                }
                unanswered = unanswered == null ? e : unanswered;
                continue;
            }
            if (probe.isAvailable()) {
                String why = asked != BuilderKind.AUTO ? "asked for"
                        : passedOver.isEmpty() ? "auto: the best this docker supports"
                        : "auto: " + String.join("; ", passedOver);
                return new Selection(probe.backend(), facts.describe(), why, probe.caveat());
            }
            if (asked != BuilderKind.AUTO) {
                throw new InvalidInputException("builder", asked.id(), probe.unavailableBecause());
            }
            lastReason = probe.unavailableBecause();
            passedOver.add(option.kind().id() + " not available: " + lastReason);
        }
        if (unanswered != null) {
            throw unanswered;
        }
        throw new InvalidInputException("builder", asked.id(), lastReason);
    }

    static BackendOption registryCache(BuildRequest request) {
        return BackendOption.of(BuilderKind.REGISTRY, facts -> {
            if (!request.push()) {
                return BackendOption.Probe.unavailable("the registry cache is exported with the push, and this build does not push");
            }
            if (request.cacheDir() != null) {
                return BackendOption.Probe.unavailable("a cache directory holds per-stage images, which the registry cache mode "
                        + "does not make; use --builder buildkit with --cache-dir");
            }
            String because = facts.registryCacheUnavailableBecause();
            return because == null ? BackendOption.Probe.available(
                    new RegistryCacheBackend(facts.docker(), request, facts.buildsIntoDaemon()))
                    : BackendOption.Probe.unavailable(because);
        });
    }

    static BackendOption inlineCache(BuildRequest request) {
        return BackendOption.of(BuilderKind.BUILDKIT, facts -> {
            String client = facts.requireDaemon();
            if (!facts.canDriveBuildKit()) {
                return BackendOption.Probe.unavailable("docker client " + client + " at '" + facts.docker().executable()
                        + "' cannot drive BuildKit (it has no buildx); use --builder classic or a docker client "
                        + "with BuildKit");
            }
            return BackendOption.Probe.available(new InlineCacheBackend(facts.docker(), request, facts.buildKitThroughBuildx()));
        });
    }

    static BackendOption classic(BuildRequest request) {
        return BackendOption.of(BuilderKind.CLASSIC, facts -> {
            facts.requireDaemon();
            ClassicBackend classic = new ClassicBackend(facts.docker(), request);
            return facts.hasContainerdImageStore() ? BackendOption.Probe.available(classic, CLASSIC_ON_CONTAINERD)
                    : BackendOption.Probe.available(classic);
        });
    }
}
