package io.jenkins.plugins.cacheddockerbuild;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Run;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.it.SampleApp;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The main scenario against the real daemon and registry, as freestyle and as Pipeline: a cold build pushes
 * every stage, the daemon is wiped (a brand-new agent), a source-only change is built again, and every stage
 * before the changed COPY comes from the registry cache. The build page shows it; the step returns it.
 */
@WithJenkins
class FreshAgentCacheTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void freestyleReusesEveryStageOnFreshDaemon(JenkinsRule r) throws Exception {
        RealDocker docker = new RealDocker(r);
        String image = docker.uniqueImage("freestyle-warm");
        FreeStyleProject project = docker.freestyle(docker.builder(image));
        SampleApp app = docker.sampleAppIn(docker.workspaceOf(project));
        docker.daemon.wipe();

        FreeStyleBuild cold = r.buildAndAssertSuccess(project);
        r.assertLogContains(SampleApp.SLOW_STEP_MARKER, cold);
        docker.daemon.wipe();
        app.changeSource("version 2");
        FreeStyleBuild warm = r.buildAndAssertSuccess(project);

        assertEveryStageReusedOnFreshDaemon(r, warm, image);
        assertBuildPageShows(r, warm, image);
    }

    @Test
    void pipelineReusesEveryStageOnFreshDaemonAndReturnsTheResult(JenkinsRule r) throws Exception {
        RealDocker docker = new RealDocker(r);
        String image = docker.uniqueImage("pipeline-warm");
        WorkflowJob job = docker.pipeline(String.join("\n",
                "node {",
                "  def result = cachedDockerBuild " + docker.stepArguments(image),
                "  echo \"hitRatio=${result.hitRatio}\"",
                "  echo \"cached=${result.cachedSteps}/${result.totalSteps}\"",
                "  echo \"pushed=${result.pushed[0].ref}@${result.pushed[0].digest}\"",
                "  echo \"stages=${result.stages.size()}\"",
                "}"));
        SampleApp app = docker.sampleAppIn(docker.workspaceOf(job));
        docker.daemon.wipe();

        WorkflowRun cold = r.buildAndAssertSuccess(job);
        r.assertLogContains(SampleApp.SLOW_STEP_MARKER, cold);
        docker.daemon.wipe();
        app.changeSource("version 2");
        WorkflowRun warm = r.buildAndAssertSuccess(job);

        BuildReport report = assertEveryStageReusedOnFreshDaemon(r, warm, image);
        r.assertLogContains("hitRatio=" + report.hitRatio(), warm);
        r.assertLogContains("cached=" + report.cachedSteps() + "/" + report.totalSteps(), warm);
        PushedRef first = report.pushed().get(0);
        r.assertLogContains("pushed=" + first.ref() + "@" + first.digest(), warm);
        r.assertLogContains("stages=3", warm);
        assertBuildPageShows(r, warm, image);
    }

    /** What the build page's action holds after the warm build; returns its one report. */
    private static BuildReport assertEveryStageReusedOnFreshDaemon(JenkinsRule r, Run<?, ?> warm, String image)
            throws Exception {
        r.assertLogNotContains(SampleApp.SLOW_STEP_MARKER, warm);
        CachedDockerBuildAction action = warm.getAction(CachedDockerBuildAction.class);
        assertThat(action).as("the build page's cache action").isNotNull();
        assertThat(action.getReports()).hasSize(1);
        BuildReport report = action.getReports().get(0);
        assertThat(report.stages()).extracting(StageReport::name).containsExactly("deps", "builder", "stage-2");

        StageReport deps = stage(report, "deps");
        assertThat(deps.cacheSource()).isEqualTo(image + ":main--deps");
        assertThat(deps.cachedSteps()).as("every deps step from cache").isEqualTo(deps.steps()).isPositive();
        StageReport builder = stage(report, "builder");
        assertThat(builder.cacheSource()).isEqualTo(image + ":main--builder");
        assertThat(builder.cachedSteps()).as("the steps before the changed COPY").isPositive()
                .isLessThan(builder.steps());
        assertThat(builder.firstMiss()).as("the builder stage's first miss").isNotNull();
        assertThat(builder.firstMiss().instruction()).startsWith("COPY");
        assertThat(stage(report, "stage-2").cacheSource()).isEqualTo(image + ":main");

        assertThat(report.pushed()).extracting(PushedRef::ref)
                .contains(image + ":main", image + ":main--deps", image + ":main--builder");
        assertThat(report.pushed()).allSatisfy(pushed -> assertThat(pushed.digest()).startsWith("sha256:"));
        assertThat(report.payoff()).as("verdict from the cold build's step times").isNotNull();
        assertThat(report.payoff().verdict()).isIn("saved", "cost");
        return report;
    }

    private static void assertBuildPageShows(JenkinsRule r, Run<?, ?> warm, String image) throws Exception {
        try (JenkinsRule.WebClient web = r.createWebClient()) {
            HtmlPage buildPage = web.getPage(warm);
            assertThat(buildPage.asNormalizedText()).contains(image + ":main--deps", "deps", "builder");
            HtmlPage detail = web.getPage(warm, CachedDockerBuildAction.URL_NAME + "/");
            assertThat(detail.asNormalizedText()).contains("COPY", image + ":main--builder");
        }
    }

    private static StageReport stage(BuildReport report, String name) {
        return report.stages().stream().filter(stage -> stage.name().equals(name)).findFirst().orElseThrow();
    }
}
