package io.jenkins.plugins.cacheddockerbuild.engine.analysis;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import java.util.List;
import java.util.Objects;

/**
 * Answers "did the cache pay off?" and "why did each stage miss?" for one build, from earlier reports.
 * The CLI and the Jenkins plugin both call this, so both show the same verdict; only where the earlier
 * reports come from differs (a {@link ReportHistory} directory, or the job's earlier builds).
 */
public final class ReportAnalyzer {

    private ReportAnalyzer() {
    }

    /**
     * A copy of {@code current} with {@link BuildReport#payoff()} and every stage's first miss filled in.
     *
     * @param current the build just finished
     * @param history earlier reports, newest first, usually of the same image and branch; {@code null} or
     *     empty when there are none. A report that is the current build itself (same image, branch and
     *     start time) is ignored, so a caller may store before analysing.
     */
    public static BuildReport analyze(BuildReport current, List<BuildReport> history) {
        List<BuildReport> earlier = history == null ? List.of()
                : history.stream().filter(Objects::nonNull).filter(r -> !isSameBuild(r, current)).toList();
        StepCostHistory costs = StepCostHistory.from(earlier);
        return current.withAnalysis(new FirstMissAnalyzer(current, earlier).analyzeStages(),
                new PayoffEstimator(costs, earlier.size()).estimate(current));
    }

    private static boolean isSameBuild(BuildReport a, BuildReport b) {
        return a.startedAt() != null && a.startedAt().equals(b.startedAt()) && Objects.equals(a.image(), b.image())
                && Objects.equals(a.branch(), b.branch());
    }
}
