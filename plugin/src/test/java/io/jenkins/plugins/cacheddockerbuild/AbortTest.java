package io.jenkins.plugins.cacheddockerbuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.model.Run;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Aborting a build kills docker, as freestyle and as Pipeline: while a {@code RUN ... sleep 120} step runs, the
 * build is stopped; it ends ABORTED within seconds, no {@code docker build} client of it is left on the machine
 * and the daemon has killed the step's container.
 */
@WithJenkins
class AbortTest {
    private static final String MARKER = "ABORT-TEST-STEP-RUNNING";
    private static final int STEP_SECONDS = 120;
    private static final Duration QUICKLY = Duration.ofSeconds(30);

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void abortingFreestyleBuildKillsDocker(JenkinsRule r) throws Exception {
        RealDocker docker = new RealDocker(r);
        FreeStyleProject project = docker.freestyle(docker.builder(docker.uniqueImage("freestyle-abort")));
        String workspace = docker.workspaceOf(project).getRemote();
        docker.slowDockerfileIn(docker.workspaceOf(project), MARKER, STEP_SECONDS);

        FreeStyleBuild build = project.scheduleBuild2(0).waitForStart();
        r.waitForMessage(MARKER, build);
        Instant stopped = Instant.now();
        build.getExecutor().interrupt();

        assertAbortedQuicklyAndDockerGone(r, docker, build, stopped, workspace);
    }

    @Test
    void abortingPipelineKillsDocker(JenkinsRule r) throws Exception {
        RealDocker docker = new RealDocker(r);
        String image = docker.uniqueImage("pipeline-abort");
        WorkflowJob job = docker.pipeline("node {\n  cachedDockerBuild " + docker.stepArguments(image) + "\n}");
        String workspace = docker.workspaceOf(job).getRemote();
        docker.slowDockerfileIn(docker.workspaceOf(job), MARKER, STEP_SECONDS);

        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage(MARKER, build);
        Instant stopped = Instant.now();
        build.doStop();

        assertAbortedQuicklyAndDockerGone(r, docker, build, stopped, workspace);
    }

    private static void assertAbortedQuicklyAndDockerGone(JenkinsRule r, RealDocker docker, Run<?, ?> build,
            Instant stopped, String workspace) throws Exception {
        r.waitForCompletion(build);
        assertThat(Duration.between(stopped, Instant.now())).as("time from stop to the end of the build")
                .isLessThan(QUICKLY);
        r.assertBuildStatus(Result.ABORTED, build);
        // The context directory is the build's own workspace, so this matches only this build's client.
        assertThat(waitUntilEmpty(() -> dockerBuildClients(workspace)))
                .as("docker build clients of this build still running").isEmpty();
        assertThat(waitUntilEmpty(() -> sleepingContainers(docker)))
                .as("containers of the aborted step still running").isEmpty();
    }

    private static List<String> dockerBuildClients(String workspace) throws IOException, InterruptedException {
        String pattern = "docker build .*" + workspace.replaceAll("[\\[\\](){}.*+?^$|\\\\]", "\\\\$0");
        Process pgrep = new ProcessBuilder("pgrep", "-a", "-f", pattern).redirectErrorStream(true).start();
        List<String> lines = new String(pgrep.getInputStream().readAllBytes()).lines().toList();
        assertThat(pgrep.waitFor(10, TimeUnit.SECONDS)).as("pgrep finished").isTrue();
        assertThat(pgrep.exitValue()).as("pgrep exit code (0 = found, 1 = none): " + lines).isIn(0, 1);
        return pgrep.exitValue() == 0 ? lines : List.of();
    }

    private static List<String> sleepingContainers(RealDocker docker) {
        return docker.daemon.client().listContainersCmd().exec().stream().map(Container::getCommand)
                .filter(command -> command != null && command.contains("sleep " + STEP_SECONDS)).toList();
    }

    /** Polls for up to 20 s: killed processes and containers take a moment to disappear. */
    private static List<String> waitUntilEmpty(Probe probe) throws Exception {
        List<String> found = probe.find();
        for (int i = 0; i < 40 && !found.isEmpty(); i++) {
            Thread.sleep(500);
            found = probe.find();
        }
        return found;
    }

    private interface Probe {
        List<String> find() throws Exception;
    }
}
