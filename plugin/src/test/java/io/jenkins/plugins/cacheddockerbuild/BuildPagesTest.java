package io.jenkins.plugins.cacheddockerbuild;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.FirstMiss;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Payoff;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The build page summary, the detail page, the served HTML report and the job page trend, for a freestyle and a
 * Pipeline job, from recorded reports (no Docker needed): two invocations in one build both show, the numbers are
 * the report's, and strings from Dockerfiles and branch names are escaped, never markup.
 */
@WithJenkins
class BuildPagesTest {
    private static final String MARKUP = "<img src=x onerror=alert(1)>";

    @Test
    void freestylePagesShowEveryInvocationEscaped(JenkinsRule r) throws Exception {
        FreeStyleProject project = r.createFreeStyleProject();
        r.buildAndAssertSuccess(project);
        FreeStyleBuild build = r.buildAndAssertSuccess(project);

        assertPagesShowEveryInvocationEscaped(r, project, build);
    }

    @Test
    void pipelinePagesShowEveryInvocationEscaped(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition("echo 'no docker here'", true));
        r.buildAndAssertSuccess(job);
        WorkflowRun build = r.buildAndAssertSuccess(job);

        assertPagesShowEveryInvocationEscaped(r, job, build);
    }

    private static void assertPagesShowEveryInvocationEscaped(JenkinsRule r, Job<?, ?> job, Run<?, ?> build)
            throws Exception {
        CachedDockerBuildAction.record(job.getBuildByNumber(1), report("registry.example.com/team/app", 0.5));
        CachedDockerBuildAction.record(build, report("registry.example.com/team/app", 0.8));
        CachedDockerBuildAction.record(build, report("registry.example.com/team/worker", 0.8));

        try (JenkinsRule.WebClient web = r.createWebClient()) {
            Page summary = web.getPage(build);
            assertShowsBothInvocationsEscaped(summary);
            assertThat(text(summary)).contains("3/4 steps from cache (75%)",
                    "registry.example.com/team/app:main@sha256:0123abcd",
                    "registry.example.com/team/app:main--deps@sha256:4567ef01", "(kept: the registry already held it",
                    "app " + MARKUP + " (final)", "the cache saved",
                    "(classic):")
                    .doesNotContain("faster than without it)Details", "(classic, auto");
            assertThat(summary.getWebResponse().getContentAsString())
                    .as("auto's reasons are the builder's tooltip in the box, escaped")
                    .contains("title=\"auto: registry not available: ").doesNotContain(MARKUP);

            Page detail = web.getPage(build, CachedDockerBuildAction.URL_NAME + "/");
            assertShowsBothInvocationsEscaped(detail);
            assertThat(text(detail)).contains("builder classic (auto: registry not available: " + MARKUP + "), started",
                    "started 2026-11-22 15:00:00 UTC", "app " + MARKUP + " (final)",
                    "step 2 RUN build", "files-changed", "the sources changed",
                    "cached steps last ran for 12.0 s", "registry unreachable: cache.example.com");

            Page html = web.goTo(build.getUrl() + CachedDockerBuildAction.URL_NAME + "/html?index=1", "text/html");
            assertThat(html.getWebResponse().getContentAsString()).contains("registry.example.com/team/worker")
                    .doesNotContain(MARKUP);
            Page missing = web.withThrowExceptionOnFailingStatusCode(false)
                    .goTo(build.getUrl() + CachedDockerBuildAction.URL_NAME + "/html?index=7", null);
            assertThat(missing.getWebResponse().getStatusCode()).isEqualTo(404);

            web.getOptions().setJavaScriptEnabled(false);
            assertThat(text(web.getPage(job))).as("job page trends").contains(
                    Messages.CachedDockerBuildJobAction_RatioTitle(), Messages.CachedDockerBuildJobAction_TimesTitle());
        }
        List<CachedDockerBuildJobAction> trends = build.getAction(CachedDockerBuildAction.class).getProjectActions()
                .stream().filter(CachedDockerBuildJobAction.class::isInstance).map(CachedDockerBuildJobAction.class::cast)
                .toList();
        assertThat(trends).hasSize(2).allSatisfy(trend -> assertThat(trend.isTrendVisible()).isTrue());
        assertThat(trends.get(0).getBuildTrendModel()).contains(CacheTrendSeriesBuilder.HIT_RATIO, "75", "50")
                .doesNotContain("pull s");
        assertThat(trends.get(1).getBuildTrendModel()).contains("pull s", "build s")
                .doesNotContain(CacheTrendSeriesBuilder.HIT_RATIO);
        assertThat(build.getAction(CachedDockerBuildAction.class).getFigures().getHitPercent()).isEqualTo(75);
    }

    /** Jenkins' Jelly escaping turns {@code <} and {@code &} into entities and leaves {@code >}: no tag can open. */
    private static void assertShowsBothInvocationsEscaped(Page page) {
        String source = page.getWebResponse().getContentAsString();
        assertThat(source).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)");
        assertThat(text(page)).contains("registry.example.com/team/app", "registry.example.com/team/worker", MARKUP);
    }

    private static String text(Page page) {
        return ((org.htmlunit.html.HtmlPage) page).asNormalizedText();
    }

    /** A two-stage report with markup in the branch, a stage name and an instruction. */
    private static BuildReport report(String image, double cachedShare) {
        int cached = cachedShare >= 0.75 ? 3 : 2;
        StageReport deps = new StageReport("deps", false, 2, 2, image + ":main--deps", null, "busybox:1",
                "sha256:base", 0.4, List.of(new StepRecord("RUN make deps", true, 0), new StepRecord("RUN echo "
                        + MARKUP, true, 0)), null);
        StageReport app = new StageReport("app " + MARKUP, true, 2, cached - 2, image + ":main", null, "deps", null, 3.1,
                List.of(new StepRecord("COPY src/ /build/src/", cached > 2, 2.9), new StepRecord("RUN build", false, 0.2)),
                cached > 2 ? new FirstMiss(1, "RUN build", "files-changed", "the sources changed " + MARKUP)
                        : new FirstMiss(0, "COPY src/ /build/src/", "files-changed", "the sources changed " + MARKUP));
        Payoff payoff = new Payoff("saved", "the cache saved ≈ 8.6 s (build 2.4× faster than without it)", 12.0, 0.8,
                8.6, 2.4, List.of("cached steps last ran for 12.0 s", "the cache itself cost 0.8 s " + MARKUP));
        return new BuildReport(BuildReport.SCHEMA_VERSION, image, "feature/" + MARKUP, "classic",
                "auto: registry not available: " + MARKUP,
                "2026-11-22T15:00:00Z", List.of(deps, app), new PhaseTimes(0.2, 0.5, 3.5, 0.3),
                List.of(new PushedRef(image + ":main", "sha256:0123abcd", "final"),
                        PushedRef.kept(image + ":main--deps", "sha256:4567ef01", "cache")),
                List.of(), List.of("registry unreachable: cache.example.com " + MARKUP), Map.of(), null, null, payoff);
    }
}
