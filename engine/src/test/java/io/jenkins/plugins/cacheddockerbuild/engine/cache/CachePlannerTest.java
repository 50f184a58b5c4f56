package io.jenkins.plugins.cacheddockerbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The naming documented in {@link CachePlanner}'s Javadoc, ref by ref. */
class CachePlannerTest {
    private static final String IMAGE = "registry:5000/team/app";
    private static final String CACHE = "registry:5000/team/app-cache";

    @Test
    void finalStageLooksForTheBranchThenEachFallbackInTheImageRepository() throws Exception {
        CachePlan plan = CachePlanner.plan(IMAGE, null, "feature/Login", List.of("develop", "main"), List.of(),
                List.of(), List.of("stage-0"));

        StageCache stage = plan.finalStage();
        assertThat(plan.branchTag()).isEqualTo("feature-login");
        assertThat(stage.stageId()).isEqualTo("stage-0");
        assertThat(stage.finalStage()).isTrue();
        assertThat(stage.cacheRef()).isEqualTo(IMAGE + ":feature-login");
        assertThat(stage.candidates()).containsExactly(IMAGE + ":feature-login", IMAGE + ":develop", IMAGE + ":main");
    }

    @Test
    void finalStageWithASeparateCacheRepositoryAlsoTriesTheImagesOwnTagAfterEachCacheTag() throws Exception {
        CachePlan plan = CachePlanner.plan(IMAGE, CACHE, "feature/login", List.of("main"), List.of(), List.of(),
                List.of("app"));

        StageCache stage = plan.finalStage();
        assertThat(stage.cacheRef()).isEqualTo(CACHE + ":feature-login");
        assertThat(stage.candidates()).containsExactly(CACHE + ":feature-login", IMAGE + ":feature-login",
                CACHE + ":main", IMAGE + ":main");
    }

    @Test
    void intermediateStagesGetBranchDoubleDashStageTags() throws Exception {
        CachePlan plan = CachePlanner.plan(IMAGE, null, "feature/login", List.of("main"), List.of(), List.of(),
                List.of("deps", "build", "app"));

        assertThat(plan.stages()).extracting(StageCache::stageId).containsExactly("deps", "build", "app");
        assertThat(plan.stages()).extracting(StageCache::finalStage).containsExactly(false, false, true);
        StageCache deps = plan.stages().get(0);
        assertThat(deps.cacheRef()).isEqualTo(IMAGE + ":feature-login--deps");
        assertThat(deps.candidates()).containsExactly(IMAGE + ":feature-login--deps", IMAGE + ":main--deps");
        assertThat(plan.stages().get(1).candidates())
                .containsExactly(IMAGE + ":feature-login--build", IMAGE + ":main--build");
    }

    @Test
    void intermediateStagesLiveOnlyInTheSeparateCacheRepository() throws Exception {
        CachePlan plan = CachePlanner.plan(IMAGE, CACHE, "main", List.of("1.0.0"), List.of(), List.of(),
                List.of("deps", "app"));

        StageCache deps = plan.stages().get(0);
        assertThat(deps.cacheRef()).isEqualTo(CACHE + ":main--deps");
        assertThat(deps.candidates()).containsExactly(CACHE + ":main--deps", CACHE + ":1.0.0--deps");
    }

    @Test
    void explicitCacheFromRefsComeLastAndOnlyForTheFinalStage() throws Exception {
        List<String> explicit = List.of("other:5000/app:nightly", "other:5000/app@sha256:" + "ab".repeat(32));

        CachePlan plan = CachePlanner.plan(IMAGE, null, "main", List.of("develop"), explicit, List.of(),
                List.of("deps", "app"));

        assertThat(plan.stages().get(0).candidates()).doesNotContainAnyElementsOf(explicit);
        assertThat(plan.finalStage().candidates()).containsExactly(IMAGE + ":main", IMAGE + ":develop",
                explicit.get(0), explicit.get(1));
        assertThat(plan.explicitCacheFrom()).isEqualTo(explicit);
        assertThat(plan.allCandidates()).containsExactly(IMAGE + ":main--deps", IMAGE + ":develop--deps",
                IMAGE + ":main", IMAGE + ":develop", explicit.get(0), explicit.get(1));
    }

    @Test
    void aFallbackEqualToTheBranchIsTriedOnce() throws Exception {
        CachePlan plan = CachePlanner.plan(IMAGE, null, "main", List.of("Main", "main"), List.of(), List.of(),
                List.of("deps", "app"));

        assertThat(plan.stages().get(0).candidates()).containsExactly(IMAGE + ":main--deps");
        assertThat(plan.finalStage().candidates()).containsExactly(IMAGE + ":main");
    }

    @Test
    void theDefaultFinalTagIsTheBranchTag() throws Exception {
        CachePlan plan = CachePlanner.plan(IMAGE, CACHE, "feature/Login-Page", List.of(), List.of(), List.of(),
                List.of("app"));

        assertThat(plan.finalRefs()).containsExactly(IMAGE + ":feature-login-page");
    }

    @Test
    void explicitTagsReplaceTheBranchTagInTheOrderGiven() throws Exception {
        CachePlan plan = CachePlanner.plan(IMAGE, null, "main", List.of(), List.of(), List.of("1.2.3", "latest", "1.2.3"),
                List.of("app"));

        assertThat(plan.finalRefs()).containsExactly(IMAGE + ":1.2.3", IMAGE + ":latest");
    }

    @Test
    void explicitTagsAreValidatedNotSanitised() {
        assertThatThrownBy(() -> CachePlanner.plan(IMAGE, null, "main", List.of(), List.of(), List.of("feature/x"),
                List.of("app")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("tag: ")
                .hasMessageContaining("feature/x");
    }

    @Test
    void aBranchWithNothingUsableIsRejectedAsTheBranch() {
        assertThatThrownBy(() -> CachePlanner.plan(IMAGE, null, "日本語", List.of(), List.of(), List.of(),
                List.of("app")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("branch: ")
                .hasMessageContaining("日本語");
    }

    @Test
    void anUnusableFallbackIsRejectedAsAFallback() {
        assertThatThrownBy(() -> CachePlanner.plan(IMAGE, null, "main", List.of("$()"), List.of(), List.of(),
                List.of("app")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("fallback: ")
                .hasMessageContaining("$()");
    }

    @Test
    void cacheTagsOfLongBranchesAndStagesStayWithinTheTagLimitAndApart() throws Exception {
        String longBranch = "feature/" + "z".repeat(200);
        String longStage = "s".repeat(60);

        CachePlan one = CachePlanner.plan(IMAGE, null, longBranch + "-1", List.of(), List.of(), List.of(),
                List.of(longStage, "app"));
        CachePlan two = CachePlanner.plan(IMAGE, null, longBranch + "-2", List.of(), List.of(), List.of(),
                List.of(longStage, "app"));

        for (CachePlan plan : List.of(one, two)) {
            for (StageCache stage : plan.stages()) {
                String tag = stage.cacheRef().substring(IMAGE.length() + 1);
                assertThat(tag).hasSizeLessThanOrEqualTo(128).matches("[a-z0-9][a-z0-9_.-]*");
            }
            assertThat(plan.finalStage().cacheRef()).doesNotContain("--");
            assertThat(plan.stages().get(0).cacheRef()).containsOnlyOnce("--");
        }
        assertThat(one.stages().get(0).cacheRef()).isNotEqualTo(two.stages().get(0).cacheRef());
        assertThat(one.finalStage().cacheRef()).isNotEqualTo(two.finalStage().cacheRef());
    }
}
