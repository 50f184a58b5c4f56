package io.jenkins.plugins.cacheddockerbuild;

import edu.hm.hafner.echarts.ChartModelConfiguration;
import edu.hm.hafner.echarts.LineSeries;
import edu.hm.hafner.echarts.LinesChartModel;
import edu.hm.hafner.echarts.LinesDataSet;
import hudson.model.Job;
import io.jenkins.plugins.echarts.AsyncTrendJobAction;
import io.jenkins.plugins.echarts.JenkinsPalette;

/**
 * The job page's trend: hit ratio and phase times across builds, drawn by the echarts-api plugin. The
 * numbers come from the engine's reports, so the chart agrees with the CLI's HTML report.
 */
public class CachedDockerBuildJobAction extends AsyncTrendJobAction<CachedDockerBuildAction> {

    CachedDockerBuildJobAction(Job<?, ?> owner) {
        super(owner, CachedDockerBuildAction.class);
    }

    @Override
    protected LinesChartModel createChartModel() {
        LinesDataSet dataSet = new CacheTrendSeriesBuilder().createDataSet(new ChartModelConfiguration(),
                createBuildHistory());
        LinesChartModel model = new LinesChartModel(dataSet);
        int color = 0;
        for (String series : CacheTrendSeriesBuilder.SERIES) {
            LineSeries line = new LineSeries(series, JenkinsPalette.chartColor(color++).normal(),
                    LineSeries.StackedMode.SEPARATE_LINES, LineSeries.FilledMode.LINES);
            line.addAll(dataSet.getSeries(series));
            model.addSeries(line);
        }
        return model;
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
        return CachedDockerBuildAction.URL_NAME;
    }
}
