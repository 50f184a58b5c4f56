package io.jenkins.plugins.cacheddockerbuild;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import java.io.Serializable;
import java.util.List;

/**
 * The few numbers of one build that the trend and the summary's headline need, summed over the build's
 * invocations. Kept in build.xml with the action, so drawing the trend reads no report.
 */
public final class CacheFigures implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int invocations;
    private final int totalSteps;
    private final int cachedSteps;
    private final double resolveSeconds;
    private final double pullSeconds;
    private final double buildSeconds;
    private final double pushSeconds;

    private CacheFigures(int invocations, int totalSteps, int cachedSteps, double resolveSeconds, double pullSeconds,
            double buildSeconds, double pushSeconds) {
        this.invocations = invocations;
        this.totalSteps = totalSteps;
        this.cachedSteps = cachedSteps;
        this.resolveSeconds = resolveSeconds;
        this.pullSeconds = pullSeconds;
        this.buildSeconds = buildSeconds;
        this.pushSeconds = pushSeconds;
    }

    static CacheFigures of(List<BuildReport> reports) {
        return new CacheFigures(reports.size(),
                reports.stream().mapToInt(BuildReport::totalSteps).sum(),
                reports.stream().mapToInt(BuildReport::cachedSteps).sum(),
                reports.stream().mapToDouble(report -> report.phases().resolveSeconds()).sum(),
                reports.stream().mapToDouble(report -> report.phases().pullSeconds()).sum(),
                reports.stream().mapToDouble(report -> report.phases().buildSeconds()).sum(),
                reports.stream().mapToDouble(report -> report.phases().pushSeconds()).sum());
    }

    public int getInvocations() {
        return invocations;
    }

    public int getTotalSteps() {
        return totalSteps;
    }

    public int getCachedSteps() {
        return cachedSteps;
    }

    /** Steps from cache in percent, rounded. */
    public int getHitPercent() {
        return totalSteps == 0 ? 0 : Math.round(100f * cachedSteps / totalSteps);
    }

    public double getResolveSeconds() {
        return resolveSeconds;
    }

    public double getPullSeconds() {
        return pullSeconds;
    }

    public double getBuildSeconds() {
        return buildSeconds;
    }

    public double getPushSeconds() {
        return pushSeconds;
    }
}
