package io.jenkins.plugins.cacheddockerbuild.engine.analysis;

import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.CraftedReports.cached;
import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.CraftedReports.pushedCacheAndFinal;
import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.CraftedReports.ran;
import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.CraftedReports.refused;
import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.CraftedReports.report;
import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.CraftedReports.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Payoff;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayoffAnalysisTest {

    private static final String SOURCE = "registry:5000/app-cache:deps-main";

    /** The cold build: every step ran. */
    private static BuildReport cold() {
        return report("2025-01-01T10:00:00Z", new PhaseTimes(1, 0, 45, 4), pushedCacheAndFinal(), Map.of(),
                stage("deps", null, ran("COPY package.json .", 0.5), ran("RUN npm ci", 30), ran("RUN make", 9.5)));
    }

    @Test
    void withoutHistoryThereIsNoEstimate() {
        BuildReport warm = report("2025-01-02T10:00:00Z", new PhaseTimes(1, 2, 5, 4), pushedCacheAndFinal(), Map.of(),
                stage("deps", SOURCE, cached("COPY package.json ."), cached("RUN npm ci"), ran("RUN make", 5)));

        Payoff payoff = ReportAnalyzer.analyze(warm, List.of()).payoff();

        assertThat(payoff.verdict()).isEqualTo("unknown");
        assertThat(payoff.summary()).isEqualTo("no earlier uncached run of these steps yet, so no estimate");
        assertThat(payoff.estimatedUncachedSeconds()).isNull();
        assertThat(payoff.savedSeconds()).isNull();
        assertThat(payoff.speedup()).isNull();
        assertThat(payoff.cacheCostSeconds()).isEqualTo(5.0);
        assertThat(payoff.reasoning()).anyMatch(line -> line.contains("none of them ran uncached in the 0 earlier"));
    }

    @Test
    void savedCaseComputesTheNumbers() {
        BuildReport warm = report("2025-01-02T10:00:00Z", new PhaseTimes(1, 2, 5, 4), pushedCacheAndFinal(), Map.of(),
                stage("deps", SOURCE, cached("COPY package.json ."), cached("RUN npm ci"), ran("RUN make", 5)));

        Payoff payoff = ReportAnalyzer.analyze(warm, List.of(cold())).payoff();

        // cached steps as last run: 0.5 + 30 = 30.5; cache cost: resolve 1 + pull 2 + push 4 × 1/2 = 5
        assertThat(payoff.estimatedUncachedSeconds()).isEqualTo(30.5);
        assertThat(payoff.cacheCostSeconds()).isEqualTo(5.0);
        assertThat(payoff.savedSeconds()).isEqualTo(25.5);
        // without cache: 12 actual − 5 cache cost + 30.5 = 37.5 s, against 12 s
        assertThat(payoff.speedup()).isCloseTo(3.125, within(0.001));
        assertThat(payoff.verdict()).isEqualTo("saved");
        assertThat(payoff.summary()).isEqualTo("the cache saved ≈ 26 s (build 3.1× faster than without it)");
        assertThat(payoff.reasoning()).containsExactly(
                "The cache's own cost: resolving 1.0 s + pulling cache images 2.0 s + pushing cache tags 2.0 s = 5.0 s.",
                "Push time is not measured per tag, so pushing cache tags is taken as the push phase (4.0 s) × the"
                        + " share of cache tags among the pushed refs (1 of 2).",
                "Stage deps: 2 cached steps took ≈ 30.5 s when they last ran (the costliest, RUN npm ci, took 30.0 s).",
                "Saved = 30.5 s (cached steps, as last run) − 0.0 s (what the cached steps took now) − 5.0 s (the"
                        + " cache's own cost) = 25.5 s.",
                "Without the cache the build would have taken ≈ 37.5 s instead of 12.0 s: the build ran 3.1× as fast.");
    }

    @Test
    void firstBuildWithoutAnyCacheImageIsAnInvestmentNotALoss() {
        BuildReport first = report("2025-01-01T10:00:00Z", new PhaseTimes(0.5, 0, 45, 4), pushedCacheAndFinal(),
                Map.of(), stage("deps", null, ran("COPY package.json .", 0.5), ran("RUN npm ci", 30)));

        Payoff payoff = ReportAnalyzer.analyze(first, List.of()).payoff();

        assertThat(payoff.verdict()).isEqualTo("cost");
        assertThat(payoff.summary()).startsWith("no cache image existed yet; publishing the cache for the next build cost");
        assertThat(payoff.reasoning()).anyMatch(line -> line.contains("first build of a branch"));
    }

    @Test
    void aCacheThatNeverHitsCostsWhatItCost() {
        BuildReport missAgain = report("2025-01-02T10:00:00Z", new PhaseTimes(3, 0, 45, 4), pushedCacheAndFinal(),
                Map.of(), stage("deps", null, ran("COPY package.json .", 0.5), ran("RUN npm ci", 30), ran("RUN make", 9)));

        Payoff payoff = ReportAnalyzer.analyze(missAgain, List.of(cold())).payoff();

        assertThat(payoff.verdict()).isEqualTo("cost");
        assertThat(payoff.estimatedUncachedSeconds()).isZero();
        assertThat(payoff.cacheCostSeconds()).isEqualTo(5.0);
        assertThat(payoff.savedSeconds()).isEqualTo(-5.0);
        assertThat(payoff.summary()).isEqualTo("the cache cost 5.0 s more than it saved");
        assertThat(payoff.reasoning().get(0)).isEqualTo("No step came from cache in this build, so the cache saved nothing.");
    }

    @Test
    void aCacheThatCostsMoreThanItSaves() {
        BuildReport slowPull = report("2025-01-02T10:00:00Z", new PhaseTimes(2, 20, 10, 4), pushedCacheAndFinal(),
                Map.of(), stage("deps", SOURCE, cached("COPY package.json ."), ran("RUN npm ci", 30), ran("RUN make", 9)));
        BuildReport earlier = report("2025-01-01T10:00:00Z", stage("deps", null, ran("COPY package.json .", 3)));

        Payoff payoff = ReportAnalyzer.analyze(slowPull, List.of(earlier)).payoff();

        // saved 3 s of COPY against 2 + 20 + 4 × 1/2 = 24 s of cache cost
        assertThat(payoff.verdict()).isEqualTo("cost");
        assertThat(payoff.savedSeconds()).isEqualTo(-21.0);
        assertThat(payoff.summary()).isEqualTo("the cache cost 21 s more than it saved");
        assertThat(payoff.speedup()).isLessThan(1.0);
    }

    @Test
    void pricesEachStepByItsNewestUncachedRun() {
        BuildReport current = report("2025-01-04T10:00:00Z", stage("deps", SOURCE, cached("RUN npm ci")));
        BuildReport newestButCached = report("2025-01-03T10:00:00Z", stage("deps", SOURCE, cached("RUN npm ci")));
        BuildReport lastRun = report("2025-01-02T10:00:00Z", stage("deps", null, ran("RUN npm ci", 20)));
        BuildReport olderRun = report("2025-01-01T10:00:00Z", stage("deps", null, ran("RUN npm ci", 50)));

        Payoff payoff = ReportAnalyzer.analyze(current, List.of(newestButCached, lastRun, olderRun)).payoff();

        assertThat(payoff.estimatedUncachedSeconds()).isEqualTo(20.0);
    }

    @Test
    void matchesStepsByStageAndRepeatedInstructionsByOccurrence() {
        BuildReport current = report("2025-01-02T10:00:00Z",
                stage("web", SOURCE, cached("RUN make"), cached("RUN   make")), stage("api", SOURCE, cached("RUN make")));
        BuildReport earlier = report("2025-01-01T10:00:00Z",
                stage("web", null, ran("RUN make", 1), ran("RUN make", 10)), stage("api", null, ran("RUN make", 100)));

        Payoff payoff = ReportAnalyzer.analyze(current, List.of(earlier)).payoff();

        assertThat(payoff.estimatedUncachedSeconds()).isEqualTo(111.0);
    }

    @Test
    void aPartialEstimateSaysItIsALowerBound() {
        BuildReport current = report("2025-01-02T10:00:00Z",
                stage("deps", SOURCE, cached("RUN npm ci"), cached("RUN new-step")));

        Payoff payoff = ReportAnalyzer.analyze(current, List.of(cold())).payoff();

        assertThat(payoff.estimatedUncachedSeconds()).isEqualTo(30.0);
        assertThat(payoff.reasoning()).contains("1 of 2 cached steps never ran uncached in the earlier reports; they"
                + " count as 0 s, so the saving is a lower bound.");
    }

    @Test
    void theCurrentBuildInItsOwnHistoryIsIgnored() {
        BuildReport current = report("2025-01-02T10:00:00Z", stage("deps", SOURCE, cached("RUN npm ci")));

        Payoff payoff = ReportAnalyzer.analyze(current, List.of(current)).payoff();

        assertThat(payoff.verdict()).isEqualTo("unknown");
    }

    @Test
    void withoutPushesTheCacheCostsOnlyResolvingAndPulling() {
        BuildReport noPush = report("2025-01-02T10:00:00Z", new PhaseTimes(1, 2, 5, 0), List.of(), Map.of(),
                stage("deps", SOURCE, cached("RUN npm ci")));

        Payoff payoff = ReportAnalyzer.analyze(noPush, List.of(cold())).payoff();

        assertThat(payoff.cacheCostSeconds()).isEqualTo(3.0);
        assertThat(payoff.reasoning()).noneMatch(line -> line.contains("share of cache tags"));
    }

    @Test
    void aRegistryBuildWhoseImagePushWasRefusedPublishedNoCacheForTheNextBuild() {
        // registry mode, first build, the registry refused the image push: buildx stops before the cache export
        BuildReport first = refused("registry", "2025-01-01T10:00:00Z", new PhaseTimes(0.3, 0, 5, 0), List.of(),
                List.of(CraftedReports.IMAGE + ":main"), stage("deps", null, ran("RUN npm ci", 4.5)));

        Payoff payoff = ReportAnalyzer.analyze(first, List.of()).payoff();

        // before: "no cache image existed yet; publishing the cache for the next build cost 0.3 s"
        assertThat(payoff.verdict()).isEqualTo("cost");
        assertThat(payoff.summary()).isEqualTo("no cache image existed yet, and this build published none for the next"
                + " build (the registry refused the push of registry:5000/app:main); looking for one cost 0.3 s");
        assertThat(payoff.cacheCostSeconds()).isEqualTo(0.3);
        assertThat(payoff.reasoning()).noneMatch(line -> line.contains("pushing cache tags"))
                .noneMatch(line -> line.contains("went into publishing"))
                .contains("The cache's own cost: resolving 0.3 s + pulling cache images 0.0 s = 0.3 s; this build"
                        + " published no cache (the registry refused the push of registry:5000/app:main), so no"
                        + " publishing is counted.");
    }

    @Test
    void aRegistryBuildWhoseCacheExportWasRefusedCountsNoPublishButStillItsHits() {
        BuildReport warm = refused("registry", "2025-01-02T10:00:00Z", new PhaseTimes(0.5, 0, 6, 0),
                List.of(new PushedRef(CraftedReports.IMAGE + ":main", "sha256:2", "final")), List.of(),
                stage("deps", SOURCE, cached("COPY package.json ."), cached("RUN npm ci"), ran("RUN make", 5)));

        Payoff payoff = ReportAnalyzer.analyze(warm, List.of(cold())).payoff();

        // the hits it took from the cache are real: 30.5 s − 0.5 s of lookups
        assertThat(payoff.verdict()).isEqualTo("saved");
        assertThat(payoff.savedSeconds()).isEqualTo(30.0);
        assertThat(payoff.reasoning()).noneMatch(line -> line.contains("pushing cache tags"))
                .anyMatch(line -> line.contains("published no cache (the registry refused the cache export)"));
    }

    @Test
    void aRefusedPushSharesThePushTimeOverEveryRefItTriedNotOnlyThePushedCacheTags() {
        // classic: both cache tags pushed, then the registry refused the final tag after 6 s of push phase in all
        BuildReport partly = refused("classic", "2025-01-02T10:00:00Z", new PhaseTimes(1, 2, 5, 6),
                List.of(new PushedRef(CraftedReports.IMAGE + "-cache:deps-main", "sha256:1", "cache"),
                        new PushedRef(CraftedReports.IMAGE + "-cache:build-main", "sha256:3", "cache")),
                List.of(CraftedReports.IMAGE + ":main"),
                stage("deps", SOURCE, cached("COPY package.json ."), cached("RUN npm ci"), ran("RUN make", 5)));

        Payoff payoff = ReportAnalyzer.analyze(partly, List.of(cold())).payoff();

        // before: 1 + 2 + 6 × 2/2 = 9.0 s, the refused final push charged to the cache; now 1 + 2 + 6 × 2/3 = 7.0 s
        assertThat(payoff.cacheCostSeconds()).isEqualTo(7.0);
        assertThat(payoff.savedSeconds()).isEqualTo(23.5);
        assertThat(payoff.reasoning()).contains("Push time is not measured per tag, so pushing cache tags is taken as"
                + " the push phase (6.0 s) × the share of cache tags among the refs pushed or refused (2 of 3).");
    }

    @Test
    void theRegistryCacheModesPushPhaseIsTheImagesPushNotTheCaches() {
        // registry mode on buildx's docker driver: docker pushes the image (2 s of push phase, refused here) while
        // BuildKit exports the cache inside the build, so no share of the push phase is the cache's
        BuildReport refusedImage = refused("registry", "2025-01-02T10:00:00Z", new PhaseTimes(0.5, 0, 6, 2),
                List.of(new PushedRef(CraftedReports.IMAGE + "-cache:main--buildcache", null, "cache")),
                List.of(CraftedReports.IMAGE + ":main"),
                stage("deps", SOURCE, cached("COPY package.json ."), cached("RUN npm ci"), ran("RUN make", 5)));

        Payoff payoff = ReportAnalyzer.analyze(refusedImage, List.of(cold())).payoff();

        // before: 0.5 + 2 × 1/2 = 1.5 s, half the refused image push charged to the cache
        assertThat(payoff.cacheCostSeconds()).isEqualTo(0.5);
        assertThat(payoff.savedSeconds()).isEqualTo(30.0);
        assertThat(payoff.reasoning()).noneMatch(line -> line.contains("pushing cache tags"))
                .anyMatch(line -> line.contains("exported by the build itself"));
    }
}
