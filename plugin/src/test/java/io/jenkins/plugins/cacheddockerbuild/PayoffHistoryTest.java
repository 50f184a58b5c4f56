package io.jenkins.plugins.cacheddockerbuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which branch's job a new branch's first build takes its payoff history from. */
class PayoffHistoryTest {

    @Test
    void theServingBranchIsTheCacheSourcesTagWithoutItsStageSuffixOnceEach() {
        BuildReport feature = report("feature/login", "r:5000/team/app:main--deps", "r:5000/team/app:main--builder",
                "r:5000/team/app:main", null);

        assertThat(PayoffHistory.sourceBranches(feature)).containsExactly("main");
    }

    @Test
    void aBranchServedByItsOwnTagsOrARegistryCacheOrARegistryPortIsReadRight() {
        assertThat(PayoffHistory.sourceBranches(report("develop", "r:5000/app:develop--deps", "r:5000/app:main")))
                .as("its own tags are not a sibling's").containsExactly("main");
        assertThat(PayoffHistory.sourceBranches(report("fix", "r:5000/app:release-2--buildcache")))
                .containsExactly("release-2");
        assertThat(PayoffHistory.sourceBranches(report("fix", "localhost:5000/app", (String) null)))
                .as("a ref without a tag names no branch").isEmpty();
    }

    private static BuildReport report(String branch, String... sources) {
        List<StageReport> stages = Arrays.stream(sources)
                .map(source -> new StageReport("s", false, 1, 1, source, null, "busybox:1", null, 0.1, List.of(), null))
                .toList();
        return new BuildReport(BuildReport.SCHEMA_VERSION, "r:5000/app", branch, "buildkit", "asked for",
                "2026-12-05T01:00:00Z", stages, new PhaseTimes(0, 0, 0, 0), List.of(), List.of(), List.of(), Map.of(),
                null, null, null);
    }
}
