package io.jenkins.plugins.cacheddockerbuild;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Label;
import hudson.model.Run;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.it.SampleApp;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A build on an agent, as freestyle and as Pipeline: docker runs through the agent's {@code Launcher} and the
 * Dockerfile and temporary docker config are reached through the agent's {@code FilePath}, over remoting.
 */
@WithJenkins
class AgentBuildTest {
    private static final String LABEL = "docker-agent";

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void freestyleBuildsOnAnAgent(JenkinsRule r) throws Exception {
        RealDocker docker = new RealDocker(r);
        DumbSlave agent = r.createOnlineSlave(Label.get(LABEL));
        String image = docker.uniqueImage("freestyle-agent");
        FreeStyleProject project = docker.freestyle(docker.builder(image));
        project.setAssignedLabel(Label.get(LABEL));
        docker.sampleAppIn(agent.getWorkspaceFor(project));
        docker.daemon.wipe();

        FreeStyleBuild build = r.buildAndAssertSuccess(project);

        assertThat(build.getBuiltOn()).isSameAs(agent);
        assertBuiltAndPushed(r, build, image);
    }

    @Test
    void pipelineBuildsOnAnAgent(JenkinsRule r) throws Exception {
        RealDocker docker = new RealDocker(r);
        DumbSlave agent = r.createOnlineSlave(Label.get(LABEL));
        String image = docker.uniqueImage("pipeline-agent");
        WorkflowJob job = docker.pipeline("node('" + LABEL + "') {\n  cachedDockerBuild "
                + docker.stepArguments(image) + "\n}");
        docker.sampleAppIn(agent.getWorkspaceFor(job));
        docker.daemon.wipe();

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("Running on " + agent.getNodeName(), build);
        assertBuiltAndPushed(r, build, image);
    }

    private static void assertBuiltAndPushed(JenkinsRule r, Run<?, ?> build, String image) throws Exception {
        r.assertLogContains(SampleApp.SLOW_STEP_MARKER, build);
        BuildReport report = build.getAction(CachedDockerBuildAction.class).getReports().get(0);
        assertThat(report.totalSteps()).isPositive();
        assertThat(report.pushed()).extracting(PushedRef::ref)
                .contains(image + ":main", image + ":main--deps", image + ":main--builder");
    }
}
