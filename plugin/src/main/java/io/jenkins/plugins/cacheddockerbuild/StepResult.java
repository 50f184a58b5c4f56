package io.jenkins.plugins.cacheddockerbuild;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code cachedDockerBuild} returns to a Pipeline script: plain serializable maps and lists, so the
 * value survives CPS and can be read as {@code result.pushed[0].digest}.
 */
final class StepResult {
    private StepResult() {
    }

    static Map<String, Object> of(BuildReport report) {
        Map<String, Object> result = new HashMap<>();
        result.put("image", report.image());
        result.put("builder", report.builder());
        result.put("builderReason", report.builderReason());
        result.put("totalSteps", report.totalSteps());
        result.put("cachedSteps", report.cachedSteps());
        result.put("hitRatio", report.hitRatio());
        List<Map<String, Object>> pushed = new ArrayList<>();
        for (PushedRef ref : report.pushed()) {
            Map<String, Object> entry = new HashMap<>();
            entry.put("ref", ref.ref());
            entry.put("digest", ref.digest());
            entry.put("kind", ref.kind());
            entry.put("kept", ref.kept());
            pushed.add(entry);
        }
        result.put("pushed", pushed);
        List<Map<String, Object>> stages = new ArrayList<>();
        for (StageReport stage : report.stages()) {
            Map<String, Object> entry = new HashMap<>();
            entry.put("name", stage.name());
            entry.put("steps", stage.steps());
            entry.put("cachedSteps", stage.cachedSteps());
            entry.put("cacheSource", stage.cacheSource());
            entry.put("seconds", stage.seconds());
            stages.add(entry);
        }
        result.put("stages", stages);
        result.put("verdict", report.payoff() == null ? null : report.payoff().summary());
        return result;
    }
}
