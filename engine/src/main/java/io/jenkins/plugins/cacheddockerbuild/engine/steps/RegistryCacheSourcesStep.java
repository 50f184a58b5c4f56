package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.RegistryFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry caches of the chain that exist, in chain order, from {@link RegistryCacheLookupStep}'s answers:
 * a missing one is normal and costs the build nothing, an unreachable or denying registry is a warning.
 */
final class RegistryCacheSourcesStep implements Step<List<String>> {
    private final Events events;
    private final List<String> chain;
    private final List<RegistryCall.Outcome> outcomes;

    RegistryCacheSourcesStep(Events events, List<String> chain, List<RegistryCall.Outcome> outcomes) {
        this.events = events;
        this.chain = List.copyOf(chain);
        this.outcomes = List.copyOf(outcomes);
    }

    @Override
    public List<String> call() {
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            RegistryCall.Outcome outcome = outcomes.get(i);
            if (outcome.succeeded()) {
                existing.add(chain.get(i));
                events.info(Phase.RESOLVE, "registry cache " + chain.get(i) + " found");
            } else if (outcome.failure() != RegistryFailure.MISSING) {
                events.warn(Phase.RESOLVE, "registry cache " + chain.get(i) + ": " + outcome.failure().describe()
                        + " (" + outcome.reason() + "); building without it");
            }
        }
        if (existing.isEmpty()) {
            events.info(Phase.RESOLVE, "no registry cache found (tried " + String.join(", ", chain)
                    + "); normal on a first build");
        }
        return existing;
    }
}
