package io.jenkins.plugins.cacheddockerbuild.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.it.SampleApp;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The build on a real inbound agent (a second JVM over loopback): docker runs through the agent's launcher,
 * the report shows on the controller; an abort mid-build leaves no docker process under the agent.
 */
@ExtendWith(Suite.Extension.class)
class AgentAcceptanceTest {

    @Test
    void buildsOnAnInboundAgentAndAnAbortLeavesNoDockerChild(Suite suite) throws Exception {
        String name = "cdb-agent-" + suite.runId;
        try (InboundAgent agent = InboundAgent.connect(suite, name)) {
            SampleApp app = suite.sampleApp("agent");
            String job = "agent-" + suite.runId;
            suite.api.createJob(job, Jobs.pipeline(Jobs.buildScript(name, app.dir(), suite.image("agent"),
                    suite.env.dockerHost())));
            suite.wipeDaemon();
            int number = suite.api.startBuild(job);
            assertThat(suite.api.awaitResult(job, number, Duration.ofMinutes(5))).as(suite.api.console(job, number))
                    .isEqualTo("SUCCESS");
            assertThat(suite.api.console(job, number)).contains("Running on " + name).contains("RESULT cached=");
            assertThat(suite.openAndShoot("job/" + job + "/" + number + "/", "agent-build-page.png"))
                    .isSubsetOf(suite.coreErrors("build"));
            assertThat(suite.browser.text()).containsPattern("\\d+/\\d+ steps from cache");

            SampleApp slow = suite.sampleApp("abort");
            Files.writeString(slow.dir().resolve("Dockerfile"), "FROM " + suite.env.baseImage() + "\n"
                    + "RUN echo SLEEPING-NOW && sleep 120\n");
            String abortJob = "abort-" + suite.runId;
            suite.api.createJob(abortJob, Jobs.pipeline(Jobs.buildScript(name, slow.dir(), suite.image("abort"),
                    suite.env.dockerHost())));
            int running = suite.api.startBuild(abortJob);
            for (int i = 0; i < 240 && !suite.api.console(abortJob, running).contains("SLEEPING-NOW"); i++) {
                Thread.sleep(500);
            }
            assertThat(agent.dockerChildren()).as("docker build runs under the agent").isPositive();
            suite.api.post("job/" + abortJob + "/" + running + "/stop", null, "");
            assertThat(suite.api.awaitResult(abortJob, running, Duration.ofSeconds(60))).isEqualTo("ABORTED");
            for (int i = 0; i < 20 && agent.dockerChildren() > 0; i++) {
                Thread.sleep(500);
            }
            assertThat(agent.dockerChildren()).as("docker children of the agent after the abort").isZero();
        }
    }
}
