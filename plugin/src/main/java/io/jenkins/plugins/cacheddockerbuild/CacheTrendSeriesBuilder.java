package io.jenkins.plugins.cacheddockerbuild;

import edu.hm.hafner.echarts.SeriesBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One point per build of one of the two trends, from the figures each build action keeps (no report is read):
 * the hit ratio in percent, or the seconds per phase. Two charts, because percent and seconds share no axis.
 */
final class CacheTrendSeriesBuilder extends SeriesBuilder<CachedDockerBuildAction> {
    static final String HIT_RATIO = "steps from cache %";
    static final List<String> RATIO_SERIES = List.of(HIT_RATIO);
    static final List<String> TIME_SERIES = List.of("resolve s", "pull s", "build s", "push s");
    private final boolean times;

    /** @param times the seconds per phase; else the hit ratio */
    CacheTrendSeriesBuilder(boolean times) {
        this.times = times;
    }

    @Override
    protected Map<String, Integer> computeSeries(CachedDockerBuildAction action) {
        CacheFigures figures = action.getFigures();
        Map<String, Integer> series = new LinkedHashMap<>();
        if (times) {
            series.put("resolve s", seconds(figures.getResolveSeconds()));
            series.put("pull s", seconds(figures.getPullSeconds()));
            series.put("build s", seconds(figures.getBuildSeconds()));
            series.put("push s", seconds(figures.getPushSeconds()));
        } else {
            series.put(HIT_RATIO, figures.getHitPercent());
        }
        return series;
    }

    private static int seconds(double value) {
        return (int) Math.round(value);
    }
}
