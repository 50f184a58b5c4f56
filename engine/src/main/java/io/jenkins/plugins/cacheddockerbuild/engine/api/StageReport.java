package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.util.List;

/**
 * Statistics of one built stage.
 *
 * @param name the stage's name ({@code stage-N} for an unnamed stage, N its zero-based index)
 * @param finalStage whether this is the target (the image that gets the final tags)
 * @param steps number of steps the builder reported for this stage (FROM excluded)
 * @param cachedSteps steps served from cache
 * @param cacheSource the cache ref that was resolved for this stage, or {@code null}
 * @param noCacheReason why no cache source was found, or {@code null} when one was
 * @param baseImage the stage's FROM reference (after ARG substitution)
 * @param baseImageId the image id or digest the builder resolved FROM to, or {@code null} if not shown
 * @param seconds wall time of this stage's build invocation
 * @param stepRecords every step, in order
 * @param firstMiss the first step that ran, or {@code null} when all came from cache or nothing is known
 */
public record StageReport(String name, boolean finalStage, int steps, int cachedSteps, String cacheSource,
        String noCacheReason, String baseImage, String baseImageId, double seconds, List<StepRecord> stepRecords,
        FirstMiss firstMiss) {

    public StageReport {
        stepRecords = List.copyOf(stepRecords);
    }

    /** Steps that ran instead of coming from cache. */
    public int ranSteps() {
        return steps - cachedSteps;
    }

    /** A copy with the first-miss analysis filled in. */
    public StageReport withFirstMiss(FirstMiss miss) {
        return new StageReport(name, finalStage, steps, cachedSteps, cacheSource, noCacheReason, baseImage,
                baseImageId, seconds, stepRecords, miss);
    }
}
