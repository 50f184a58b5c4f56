package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.util.List;

/**
 * Whether the cache paid off in one build, with the reasoning.
 *
 * @param verdict {@code saved}, {@code cost} or {@code unknown}
 * @param summary the verdict in words, e.g. "the cache saved ≈ 41 s (build 3.2× faster than without it)"
 * @param estimatedUncachedSeconds what the cached steps cost when they last ran, summed; {@code null} if unknown
 * @param cacheCostSeconds what the cache itself cost: resolving, pulling, pushing cache tags
 * @param savedSeconds estimated uncached cost minus cache cost; {@code null} if unknown
 * @param speedup estimated build time without cache divided by the actual time; {@code null} if unknown
 * @param reasoning the steps of the calculation, in words
 */
public record Payoff(String verdict, String summary, Double estimatedUncachedSeconds, double cacheCostSeconds,
        Double savedSeconds, Double speedup, List<String> reasoning) {

    public Payoff {
        reasoning = List.copyOf(reasoning);
    }
}
