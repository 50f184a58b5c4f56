package io.jenkins.plugins.cacheddockerbuild;

import edu.hm.hafner.echarts.SeriesBuilder;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One point per build: hit ratio in percent and seconds per phase, summed over the build's invocations. */
final class CacheTrendSeriesBuilder extends SeriesBuilder<CachedDockerBuildAction> {
    static final String HIT_RATIO = "hit ratio %";
    static final List<String> SERIES = List.of(HIT_RATIO, "resolve s", "pull s", "build s", "push s");

    @Override
    protected Map<String, Integer> computeSeries(CachedDockerBuildAction action) {
        List<BuildReport> reports = action.getReports();
        int steps = reports.stream().mapToInt(BuildReport::totalSteps).sum();
        int cached = reports.stream().mapToInt(BuildReport::cachedSteps).sum();
        Map<String, Integer> series = new LinkedHashMap<>();
        series.put(HIT_RATIO, steps == 0 ? 0 : Math.round(100f * cached / steps));
        series.put("resolve s", seconds(reports.stream().mapToDouble(report -> report.phases().resolveSeconds()).sum()));
        series.put("pull s", seconds(reports.stream().mapToDouble(report -> report.phases().pullSeconds()).sum()));
        series.put("build s", seconds(reports.stream().mapToDouble(report -> report.phases().buildSeconds()).sum()));
        series.put("push s", seconds(reports.stream().mapToDouble(report -> report.phases().pushSeconds()).sum()));
        return series;
    }

    private static int seconds(double value) {
        return (int) Math.round(value);
    }
}
