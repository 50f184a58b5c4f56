package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import java.io.IOException;

/** One builder {@link BackendSelector} may pick: which kind it is and whether the agent can run it. */
public interface BackendOption {

    /** The kind a user asks for to get this builder. */
    BuilderKind kind();

    /**
     * This builder made for the run, or why the agent cannot run it.
     *
     * @throws DockerUnavailableException the builder's own tool does not answer at all (docker or its daemon
     *     unreachable): that fails the build whatever was asked for
     */
    Probe probe(DockerFacts facts) throws DockerUnavailableException, IOException, InterruptedException;

    /** How an option probes the agent: {@link #probe}, as a function. */
    @FunctionalInterface
    interface Prober {
        Probe probe(DockerFacts facts) throws DockerUnavailableException, IOException, InterruptedException;
    }

    /** An option of the given kind whose probe is {@code prober}. */
    static BackendOption of(BuilderKind kind, Prober prober) {
        return new BackendOption() {
            @Override
            public BuilderKind kind() {
                return kind;
            }

            @Override
            public Probe probe(DockerFacts facts) throws DockerUnavailableException, IOException, InterruptedException {
                return prober.probe(facts);
            }
        };
    }

    /**
     * The answer of a probe: a backend, or the reason there is none; a backend may come with a caveat, a known
     * limit of this builder on this agent that the run warns about.
     */
    record Probe(BuilderBackend backend, String unavailableBecause, String caveat) {

        public static Probe available(BuilderBackend backend) {
            return new Probe(backend, null, null);
        }

        public static Probe available(BuilderBackend backend, String caveat) {
            return new Probe(backend, null, caveat);
        }

        public static Probe unavailable(String because) {
            return new Probe(null, because, null);
        }

        public boolean isAvailable() {
            return backend != null;
        }
    }
}
