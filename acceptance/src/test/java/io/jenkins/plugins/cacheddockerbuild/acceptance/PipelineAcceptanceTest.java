package io.jenkins.plugins.cacheddockerbuild.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.it.SampleApp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code cachedDockerBuild} in real Pipelines on the controller: its return value, and no Docker at all. */
@ExtendWith(Suite.Extension.class)
class PipelineAcceptanceTest {

    @Test
    void theStepReturnsItsReportToTheScript(Suite suite) throws Exception {
        SampleApp app = suite.sampleApp("pipeline");
        String job = "pipeline-" + suite.runId;
        suite.api.createJob(job, Jobs.pipeline(Jobs.buildScript("", app.dir(), suite.image("pipeline"),
                suite.env.dockerHost())));

        suite.wipeDaemon();  // cold: nothing from earlier tests on the daemon
        int cold = suite.api.startBuild(job);
        assertThat(suite.api.awaitResult(job, cold, Duration.ofMinutes(5))).as(suite.api.console(job, cold))
                .isEqualTo("SUCCESS");
        suite.wipeDaemon();
        app.changeSource("version 2");
        int warm = suite.api.startBuild(job);
        assertThat(suite.api.awaitResult(job, warm, Duration.ofMinutes(5))).as(suite.api.console(job, warm))
                .isEqualTo("SUCCESS");

        assertThat(suite.api.console(job, warm)).containsPattern("RESULT cached=[1-9]\\d*/\\d+ pushed=\\d+ first=\\S+@sha256:")
                .doesNotContain("@null");
        assertThat(suite.openAndShoot("job/" + job + "/" + warm + "/", "pipeline-build-page.png"))
                .isSubsetOf(suite.coreErrors("build"));
        assertThat(suite.browser.text()).containsPattern("\\d+/\\d+ steps from cache");
        assertThat(suite.openAndShoot("job/" + job + "/", "pipeline-job-trend.png")).isSubsetOf(suite.coreErrors("job"));
    }

    @Test
    void noDockerDaemonFailsTheBuildWithOneClearLine(Suite suite) throws Exception {
        SampleApp app = suite.sampleApp("nodocker");
        String job = "nodocker-" + suite.runId;
        // A docker builder is asked for: with auto, an agent that has buildah builds with it when no daemon answers.
        suite.api.createJob(job, Jobs.pipeline(Jobs.buildScript("", app.dir(), suite.image("nodocker"),
                "unix:///nonexistent/docker.sock", "classic")));

        int number = suite.api.startBuild(job);
        assertThat(suite.api.awaitResult(job, number, Duration.ofMinutes(3))).isEqualTo("FAILURE");
        String console = suite.api.console(job, number);
        List<String> errors = console.lines().filter(line -> line.contains("cached-docker-build: ")).toList();
        assertThat(errors).as(console).singleElement().asString().startsWith("ERROR: cached-docker-build: ")
                .contains("(exit code 3)");
        assertThat(console).doesNotContain("\tat io.jenkins.plugins", "Exception:");
    }
}
