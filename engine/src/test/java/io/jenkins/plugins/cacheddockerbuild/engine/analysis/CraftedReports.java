package io.jenkins.plugins.cacheddockerbuild.engine.analysis;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.List;
import java.util.Map;

/** Terse builders for hand-made reports in analysis tests. */
final class CraftedReports {

    static final String IMAGE = "registry:5000/app";
    static final String BASE_ID = "sha256:base1";

    private CraftedReports() {
    }

    static StepRecord ran(String instruction, double seconds) {
        return new StepRecord(instruction, false, seconds);
    }

    static StepRecord cached(String instruction) {
        return new StepRecord(instruction, true, 0);
    }

    static StageReport stage(String name, String cacheSource, StepRecord... steps) {
        return stage(name, cacheSource, BASE_ID, steps);
    }

    static StageReport stage(String name, String cacheSource, String baseImageId, StepRecord... steps) {
        int cachedCount = (int) List.of(steps).stream().filter(StepRecord::cached).count();
        double seconds = List.of(steps).stream().mapToDouble(StepRecord::seconds).sum();
        return new StageReport(name, false, steps.length, cachedCount, cacheSource,
                cacheSource == null ? "no cache image found for " + name : null, "registry:5000/base:1", baseImageId,
                seconds, List.of(steps), null);
    }

    static BuildReport report(String startedAt, PhaseTimes phases, List<PushedRef> pushed, Map<String, String> args,
            StageReport... stages) {
        return new BuildReport(1, IMAGE, "main", "classic", "asked for", startedAt, List.of(stages), phases, pushed,
                List.of(), List.of(), args, null, null, null);
    }

    /** A build by {@code builder} whose registry refused {@code notPushed}. */
    static BuildReport refused(String builder, String startedAt, PhaseTimes phases, List<PushedRef> pushed,
            List<String> notPushed, StageReport... stages) {
        return new BuildReport(1, IMAGE, "main", builder, "asked for", startedAt, List.of(stages), phases, pushed,
                notPushed, List.of(), Map.of(), null, null, null);
    }

    static BuildReport report(String startedAt, StageReport... stages) {
        return report(startedAt, new PhaseTimes(0, 0, 10, 0), List.of(), Map.of(), stages);
    }

    static List<PushedRef> pushedCacheAndFinal() {
        return List.of(new PushedRef(IMAGE + "-cache:deps-main", "sha256:1", "cache"),
                new PushedRef(IMAGE + ":main", "sha256:2", "final"));
    }
}
