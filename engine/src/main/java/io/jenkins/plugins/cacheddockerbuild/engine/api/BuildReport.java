package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.util.List;
import java.util.Map;

/**
 * Everything one cached build did and how well the cache served it. Serialized as the JSON report
 * (see {@code docs/report.md} and {@code docs/report.schema.json}).
 *
 * @param schemaVersion version of the report format
 * @param image the image repository
 * @param branch the branch the build was for (as given, not sanitised)
 * @param builder {@code classic}, {@code buildkit}, {@code registry} or {@code buildah}: the builder that actually ran
 * @param builderReason why that builder: {@code asked for}, or for {@code auto} why each better one was passed
 *     over; {@code null} in reports written before it was recorded
 * @param startedAt ISO-8601 instant the build started
 * @param stages the built stages in build order, the final stage last
 * @param phases seconds per phase
 * @param pushed what was pushed, with digests
 * @param notPushed refs that should have been pushed but were not (a failed push)
 * @param warnings warnings raised during the build (unreachable cache registry, …)
 * @param buildArgDigests per build arg name, a short SHA-256 of its value (never the value)
 * @param bytesPulled bytes downloaded for cache images where docker told, else {@code null}
 * @param bytesPushed bytes uploaded where docker told, else {@code null}
 * @param payoff whether the cache paid off, or {@code null} before analysis
 */
public record BuildReport(int schemaVersion, String image, String branch, String builder, String builderReason,
        String startedAt,
        List<StageReport> stages, PhaseTimes phases, List<PushedRef> pushed, List<String> notPushed,
        List<String> warnings, Map<String, String> buildArgDigests, Long bytesPulled, Long bytesPushed,
        Payoff payoff) {

    /** The current report format. */
    public static final int SCHEMA_VERSION = 1;

    public BuildReport {
        stages = List.copyOf(stages);
        pushed = List.copyOf(pushed);
        notPushed = List.copyOf(notPushed);
        warnings = List.copyOf(warnings);
        buildArgDigests = Map.copyOf(buildArgDigests);
    }

    /** Steps of every stage. */
    public int totalSteps() {
        return stages.stream().mapToInt(StageReport::steps).sum();
    }

    /** Steps of every stage that came from cache. */
    public int cachedSteps() {
        return stages.stream().mapToInt(StageReport::cachedSteps).sum();
    }

    /** Cached steps over all steps, 0 when there were none. */
    public double hitRatio() {
        int total = totalSteps();
        return total == 0 ? 0 : (double) cachedSteps() / total;
    }

    /** A copy with the given stages (e.g. with first misses filled in) and payoff. */
    public BuildReport withAnalysis(List<StageReport> analysedStages, Payoff verdict) {
        return new BuildReport(schemaVersion, image, branch, builder, builderReason, startedAt, analysedStages, phases,
                pushed, notPushed, warnings, buildArgDigests, bytesPulled, bytesPushed, verdict);
    }
}
