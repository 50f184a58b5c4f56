package io.jenkins.plugins.cacheddockerbuild.engine.analysis;

import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.SecondsFormat.factor;
import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.SecondsFormat.precise;
import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.SecondsFormat.seconds;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Payoff;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Did the cache pay off? Prices every cached step at what it cost when it last ran, and sets that
 * against what the cache itself cost: resolving, pulling cache images and pushing cache tags.
 */
final class PayoffEstimator {

    static final String SAVED = "saved";
    static final String COST = "cost";
    static final String UNKNOWN = "unknown";
    private static final String REGISTRY_MODE = "registry";
    static final String NO_ESTIMATE = "no earlier uncached run of these steps yet, so no estimate";

    private final StepCostHistory costs;
    private final int earlierReports;

    PayoffEstimator(StepCostHistory costs, int earlierReports) {
        this.costs = costs;
        this.earlierReports = earlierReports;
    }

    Payoff estimate(BuildReport report) {
        List<String> reasoning = new ArrayList<>();
        double cacheCost = cacheCost(report, reasoning);
        CachedSteps cached = priceCachedSteps(report, reasoning);
        if (cached.count == 0) {
            if (report.cachedSteps() > 0) {
                reasoning.add(0, "The builder counted " + report.cachedSteps()
                        + " cached steps but did not say which, so they cannot be priced.");
                return new Payoff(UNKNOWN, NO_ESTIMATE, null, cacheCost, null, null, reasoning);
            }
            reasoning.add(0, "No step came from cache in this build, so the cache saved nothing.");
            if (earlierReports == 0 && report.stages().stream().allMatch(stage -> stage.cacheSource() == null)) {
                return firstBuild(cacheCost, unpublishedBecause(report), reasoning);
            }
            return verdict(report, 0, 0, cacheCost, reasoning);
        }
        if (cached.priced == 0) {
            reasoning.add(0, cached.count + " steps came from cache, but none of them ran uncached in the "
                    + earlierReports + " earlier report(s), so what they would have cost is unknown.");
            return new Payoff(UNKNOWN, NO_ESTIMATE, null, cacheCost, null, null, reasoning);
        }
        if (cached.priced < cached.count) {
            reasoning.add((cached.count - cached.priced) + " of " + cached.count
                    + " cached steps never ran uncached in the earlier reports; they count as 0 s, so the"
                    + " saving is a lower bound.");
        }
        return verdict(report, cached.estimatedSeconds, cached.secondsNow, cacheCost, reasoning);
    }

    // No cache image existed yet: what the cache cost is an investment in the next build, not a loss -- unless the
    // registry refused what this build would have left for the next one.
    private static Payoff firstBuild(double cacheCost, String unpublished, List<String> reasoning) {
        if (unpublished != null) {
            reasoning.add("No stage found a cache image, as on the first build of a branch, and this build published"
                    + " none for the next build either (" + unpublished + "): the cache's cost (" + precise(cacheCost)
                    + ") went into looking for one.");
            return new Payoff(COST, "no cache image existed yet, and this build published none for the next build ("
                    + unpublished + "); looking for one cost " + seconds(cacheCost), 0.0, millis(cacheCost),
                    millis(-cacheCost), null, reasoning);
        }
        reasoning.add("No stage found a cache image, as on the first build of a branch: the cache's cost ("
                + precise(cacheCost) + ") went into publishing the cache for the next build.");
        return new Payoff(COST, "no cache image existed yet; publishing the cache for the next build cost "
                + seconds(cacheCost), 0.0, millis(cacheCost), millis(-cacheCost), null, reasoning);
    }

    private Payoff verdict(BuildReport report, double estimated, double cachedNow, double cacheCost,
            List<String> reasoning) {
        estimated = millis(estimated);
        cachedNow = millis(cachedNow);
        cacheCost = millis(cacheCost);
        double saved = millis(estimated - cachedNow - cacheCost);
        double actual = report.phases().totalSeconds();
        double withoutCache = actual - cacheCost - cachedNow + estimated;
        Double speedup = actual > 0 && withoutCache > 0 ? withoutCache / actual : null;
        reasoning.add("Saved = " + precise(estimated) + " (cached steps, as last run) − " + precise(cachedNow)
                + " (what the cached steps took now) − " + precise(cacheCost) + " (the cache's own cost) = "
                + precise(saved) + ".");
        if (speedup != null) {
            reasoning.add("Without the cache the build would have taken ≈ " + precise(withoutCache) + " instead of "
                    + precise(actual) + ": the build ran " + factor(speedup) + " as fast.");
        }
        if (saved > 0) {
            String summary = "the cache saved ≈ " + seconds(saved)
                    + (speedup == null ? "" : " (build " + factor(speedup) + " faster than without it)");
            return new Payoff(SAVED, summary, estimated, cacheCost, saved, thousandths(speedup), reasoning);
        }
        return new Payoff(COST, "the cache cost " + seconds(-saved) + " more than it saved", estimated, cacheCost,
                saved, thousandths(speedup), reasoning);
    }

    private static double cacheCost(BuildReport report, List<String> reasoning) {
        double resolve = report.phases().resolveSeconds();
        double pull = report.phases().pullSeconds();
        double push = report.phases().pushSeconds();
        // a refused ref took push time too (the attempt, its retries): it is no cache tag's cost
        int tried = report.pushed().size() + report.notPushed().size();
        long cacheRefs = report.pushed().stream().map(PushedRef::kind).filter("cache"::equals).count();
        boolean exportedByBuild = REGISTRY_MODE.equals(report.builder());
        double cachePush = tried == 0 || exportedByBuild ? 0 : push * cacheRefs / tried;
        double cost = millis(resolve + pull + cachePush);
        String unpublished = unpublishedBecause(report);
        if (unpublished != null) {
            reasoning.add("The cache's own cost: resolving " + precise(resolve) + " + pulling cache images "
                    + precise(pull) + " = " + precise(cost) + "; this build published no cache (" + unpublished
                    + "), so no publishing is counted.");
            return cost;
        }
        if (exportedByBuild) {
            // the push phase, if any, is the image's push by docker: the cache export happens inside the build
            reasoning.add("The cache's own cost: resolving " + precise(resolve) + " + pulling cache images "
                    + precise(pull) + " = " + precise(cost) + "; the registry cache is exported by the build itself, so"
                    + " its time is part of the build phase and not counted apart.");
            return cost;
        }
        reasoning.add("The cache's own cost: resolving " + precise(resolve) + " + pulling cache images "
                + precise(pull) + " + pushing cache tags " + precise(cachePush) + " = " + precise(cost) + ".");
        if (cacheRefs > 0) {
            reasoning.add("Push time is not measured per tag, so pushing cache tags is taken as the push phase ("
                    + precise(push) + ") × the share of cache tags among the "
                    + (report.notPushed().isEmpty() ? "pushed refs" : "refs pushed or refused") + " (" + cacheRefs
                    + " of " + tried + ").");
        }
        return cost;
    }

    /**
     * Why this build left no cache for the next one, or {@code null} when it published one or the report cannot
     * tell (a build that does not push may have saved its cache to a cache directory). The registry cache mode
     * always pushes, so there a missing cache ref means the registry refused the export.
     */
    private static String unpublishedBecause(BuildReport report) {
        if (report.pushed().stream().map(PushedRef::kind).anyMatch("cache"::equals)) {
            return null;
        }
        if (!report.notPushed().isEmpty()) {
            return "the registry refused the push of " + String.join(", ", report.notPushed());
        }
        return REGISTRY_MODE.equals(report.builder()) && !report.pushed().isEmpty()
                ? "the registry refused the cache export" : null;
    }

    private CachedSteps priceCachedSteps(BuildReport report, List<String> reasoning) {
        CachedSteps total = new CachedSteps();
        for (StageReport stage : report.stages()) {
            CachedSteps inStage = new CachedSteps();
            StepRecord costliest = null;
            double costliestSeconds = -1;
            for (int i = 0; i < stage.stepRecords().size(); i++) {
                StepRecord step = stage.stepRecords().get(i);
                if (!step.cached()) {
                    continue;
                }
                inStage.count++;
                inStage.secondsNow += Math.max(0, step.seconds());
                OptionalDouble lastRun = costs.lastRun(stage, i);
                if (lastRun.isPresent()) {
                    inStage.priced++;
                    inStage.estimatedSeconds += lastRun.getAsDouble();
                    if (lastRun.getAsDouble() > costliestSeconds) {
                        costliest = step;
                        costliestSeconds = lastRun.getAsDouble();
                    }
                }
            }
            if (inStage.priced > 0) {
                reasoning.add("Stage " + stage.name() + ": " + steps(inStage.priced) + " took ≈ "
                        + precise(inStage.estimatedSeconds) + " when they last ran (the costliest, "
                        + costliest.instruction() + ", took " + precise(costliestSeconds) + ").");
            }
            total.add(inStage);
        }
        return total;
    }

    private static Double thousandths(Double value) {
        return value == null ? null : Math.round(value * 1000) / 1000.0;
    }

    private static String steps(int count) {
        return count == 1 ? "1 cached step" : count + " cached steps";
    }

    /** Estimates are not worth more than milliseconds; rounding keeps the JSON report round trip exact. */
    private static double millis(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** Running totals over cached steps. */
    private static final class CachedSteps {
        int count;
        int priced;
        double estimatedSeconds;
        double secondsNow;

        void add(CachedSteps other) {
            count += other.count;
            priced += other.priced;
            estimatedSeconds += other.estimatedSeconds;
            secondsNow += other.secondsNow;
        }
    }
}
