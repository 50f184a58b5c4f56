package io.jenkins.plugins.cacheddockerbuild.engine.report;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.FirstMiss;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Payoff;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a report into the JSON tree {@code JsonText} writes; member order is the documented order. */
final class ReportJsonWriter {

    private ReportJsonWriter() {
    }

    static Map<String, Object> toTree(BuildReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", report.schemaVersion());
        json.put("image", report.image());
        json.put("branch", report.branch());
        json.put("builder", report.builder());
        json.put("builderReason", report.builderReason());
        json.put("startedAt", report.startedAt());
        json.put("totalSteps", report.totalSteps());
        json.put("cachedSteps", report.cachedSteps());
        json.put("hitRatio", ratio(report.hitRatio()));
        json.put("stages", map(report.stages(), ReportJsonWriter::stage));
        json.put("phases", phases(report.phases()));
        json.put("pushed", map(report.pushed(), ReportJsonWriter::pushed));
        json.put("notPushed", report.notPushed());
        json.put("warnings", report.warnings());
        json.put("buildArgDigests", new TreeMap<>(report.buildArgDigests()));
        json.put("bytesPulled", report.bytesPulled());
        json.put("bytesPushed", report.bytesPushed());
        json.put("payoff", report.payoff() == null ? null : payoff(report.payoff()));
        return json;
    }

    private static Map<String, Object> stage(StageReport stage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", stage.name());
        json.put("finalStage", stage.finalStage());
        json.put("steps", stage.steps());
        json.put("cachedSteps", stage.cachedSteps());
        json.put("cacheSource", stage.cacheSource());
        json.put("noCacheReason", stage.noCacheReason());
        json.put("baseImage", stage.baseImage());
        json.put("baseImageId", stage.baseImageId());
        json.put("seconds", seconds(stage.seconds()));
        json.put("stepRecords", map(stage.stepRecords(), ReportJsonWriter::step));
        json.put("firstMiss", stage.firstMiss() == null ? null : firstMiss(stage.firstMiss()));
        return json;
    }

    private static Map<String, Object> step(StepRecord step) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("instruction", step.instruction());
        json.put("cached", step.cached());
        json.put("seconds", seconds(step.seconds()));
        return json;
    }

    private static Map<String, Object> firstMiss(FirstMiss miss) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stepIndex", miss.stepIndex());
        json.put("instruction", miss.instruction());
        json.put("cause", miss.cause());
        json.put("explanation", miss.explanation());
        return json;
    }

    private static Map<String, Object> phases(PhaseTimes phases) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resolveSeconds", seconds(phases.resolveSeconds()));
        json.put("pullSeconds", seconds(phases.pullSeconds()));
        json.put("buildSeconds", seconds(phases.buildSeconds()));
        json.put("pushSeconds", seconds(phases.pushSeconds()));
        json.put("totalSeconds", seconds(phases.totalSeconds()));
        return json;
    }

    private static Map<String, Object> pushed(PushedRef ref) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ref", ref.ref());
        json.put("digest", ref.digest());
        json.put("kind", ref.kind());
        json.put("kept", ref.kept());
        return json;
    }

    private static Map<String, Object> payoff(Payoff payoff) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("verdict", payoff.verdict());
        json.put("summary", payoff.summary());
        json.put("estimatedUncachedSeconds", optionalSeconds(payoff.estimatedUncachedSeconds()));
        json.put("cacheCostSeconds", seconds(payoff.cacheCostSeconds()));
        json.put("savedSeconds", optionalSeconds(payoff.savedSeconds()));
        json.put("speedup", payoff.speedup() == null || !Double.isFinite(payoff.speedup()) ? null
                : ratio(payoff.speedup()));
        json.put("reasoning", payoff.reasoning());
        return json;
    }

    private static <T> List<Object> map(List<T> items, java.util.function.Function<T, Object> mapper) {
        List<Object> json = new ArrayList<>(items.size());
        for (T item : items) {
            json.add(mapper.apply(item));
        }
        return json;
    }

    /** Milliseconds are all a build report needs; a non-finite value (a clock glitch) is written as 0. */
    private static double seconds(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : 0;
    }

    private static Double optionalSeconds(Double value) {
        return value == null || !Double.isFinite(value) ? null : seconds(value);
    }

    private static double ratio(double value) {
        return Double.isFinite(value) ? Math.round(value * 10_000) / 10_000.0 : 0;
    }
}
