package io.jenkins.plugins.cacheddockerbuild;

import edu.hm.hafner.echarts.ChartModelConfiguration;
import edu.hm.hafner.echarts.LineSeries;
import edu.hm.hafner.echarts.LinesChartModel;
import edu.hm.hafner.echarts.LinesDataSet;
import hudson.model.Job;
import io.jenkins.plugins.echarts.AsyncTrendJobAction;
import io.jenkins.plugins.echarts.JenkinsPalette;
import java.util.List;

/**
 * A job page trend drawn by the echarts-api plugin: the hit ratio (percent), or with {@code times} the phase
 * times (seconds) — two charts, each with its own y axis. Numbers come from each build action's
 * {@link CacheFigures}, the same the CLI's HTML report shows.
 */
public class CachedDockerBuildJobAction extends AsyncTrendJobAction<CachedDockerBuildAction> {
    private final boolean times;

    CachedDockerBuildJobAction(Job<?, ?> owner, boolean times) {
        super(owner, CachedDockerBuildAction.class);
        this.times = times;
    }

    @Override
    protected LinesChartModel createChartModel() {
        LinesDataSet dataSet = new CacheTrendSeriesBuilder(times).createDataSet(new ChartModelConfiguration(),
                createBuildHistory());
        LinesChartModel model = new LinesChartModel(dataSet);
        List<String> names = times ? CacheTrendSeriesBuilder.TIME_SERIES : CacheTrendSeriesBuilder.RATIO_SERIES;
        int color = times ? 1 : 0;
        for (String series : names) {
            LineSeries line = new LineSeries(series, JenkinsPalette.chartColor(color++).normal(),
                    LineSeries.StackedMode.SEPARATE_LINES, LineSeries.FilledMode.LINES);
            line.addAll(dataSet.getSeries(series));
            model.addSeries(line);
        }
        return model;
    }

    /** The chart's title. */
    public String getTitle() {
        return times ? Messages.CachedDockerBuildJobAction_TimesTitle() : Messages.CachedDockerBuildJobAction_RatioTitle();
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.CachedDockerBuildAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return times ? CachedDockerBuildAction.URL_NAME + "-times" : CachedDockerBuildAction.URL_NAME;
    }
}
