package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one build did, per stage it went through (stage ids as in {@code Stage.id()}).
 *
 * @param stepsByStage steps per stage, stages in build order, steps in Dockerfile order ({@code FROM} is no step)
 * @param baseImageIds what the builder showed as each stage's base image (id or digest reference)
 * @param stageImageIds the image each stage came out as, where the builder prints it
 *     ({@link BackendCapabilities#printsStageImages()}), else empty
 * @param seconds wall time of the build, including any work the backend does after it
 */
public record StageBuild(Map<String, List<StepRecord>> stepsByStage, Map<String, String> baseImageIds,
        Map<String, String> stageImageIds, double seconds) {

    public StageBuild {
        Map<String, List<StepRecord>> steps = new LinkedHashMap<>();
        stepsByStage.forEach((stage, records) -> steps.put(stage, List.copyOf(records)));
        stepsByStage = java.util.Collections.unmodifiableMap(steps);
        baseImageIds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baseImageIds));
        stageImageIds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stageImageIds));
    }

    /** The steps of one stage; empty if the build did not go through it. */
    public List<StepRecord> steps(String stageId) {
        return stepsByStage.getOrDefault(stageId, List.of());
    }

    /** The stage's base image as shown, or {@code null}. */
    public String baseImageId(String stageId) {
        return baseImageIds.get(stageId);
    }

    /** The image the stage came out as, or {@code null} when the builder did not print it. */
    public String stageImageId(String stageId) {
        return stageImageIds.get(stageId);
    }

    /** The same build having taken {@code more} seconds. */
    public StageBuild plusSeconds(double more) {
        return new StageBuild(stepsByStage, baseImageIds, stageImageIds, seconds + more);
    }
}
