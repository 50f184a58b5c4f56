package io.jenkins.plugins.cacheddockerbuild.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.cacheddockerbuild.engine.it.SampleApp;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A freestyle job posted as a bare {@code config.xml} (image and branch only), built cold, then on a fresh
 * agent (daemon wiped) after a source change; its build page, cache page, HTML report and job trend as a
 * browser shows them.
 */
@ExtendWith(Suite.Extension.class)
class FreestyleAcceptanceTest {

    @Test
    void coldThenFreshAgentBuildShowsTheCacheOnEveryPage(Suite suite) throws Exception {
        SampleApp app = suite.sampleApp("freestyle");
        String job = "freestyle-" + suite.runId;
        suite.api.createJob(job, Jobs.freestyle(app.dir(), suite.image("freestyle")));

        suite.wipeDaemon();  // cold: nothing from earlier tests on the daemon
        int cold = suite.api.startBuild(job);
        assertThat(suite.api.awaitResult(job, cold, Duration.ofMinutes(5))).as(suite.api.console(job, cold))
                .isEqualTo("SUCCESS");
        suite.wipeDaemon();
        app.changeSource("version 2");
        int warm = suite.api.startBuild(job);
        assertThat(suite.api.awaitResult(job, warm, Duration.ofMinutes(5))).as(suite.api.console(job, warm))
                .isEqualTo("SUCCESS");
        String console = suite.api.console(job, warm);
        assertThat(console).contains("[cached-docker-build] ").doesNotContain("@null", " null\n")
                .containsPattern("kept \\S+--deps@sha256:[0-9a-f]{64}");

        assertThat(suite.openAndShoot("job/" + job + "/" + warm + "/", "freestyle-build-page.png"))
                .isSubsetOf(suite.coreErrors("build"));
        String buildPage = suite.browser.text();
        assertThat(buildPage).containsPattern("\\d+/\\d+ steps from cache \\(\\d+%\\)")
                .containsPattern(":main@sha256:[0-9a-f]{64}").contains("(kept: the registry already held it")
                .contains(" (final)").doesNotContain("(final)Details", "it)Details", "agents PATH")
                .doesNotContain("not available:");
        assertThat(suite.browser.eval("document.querySelector('.cached-docker-build-builder').title").asText())
                .as("why this builder: the builder's tooltip in the box").startsWith("auto: ");

        assertThat(suite.openAndShoot("job/" + job + "/" + warm + "/cached-docker-build/", "freestyle-cache-page.png"))
                .isSubsetOf(suite.coreErrors("build"));
        assertThat(suite.browser.text()).containsPattern("started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC")
                .containsPattern("builder \\w+ \\(auto: [^)]")
                .contains("stage-2 (final)", "Published refs").doesNotContain("stage-2(final)");

        assertThat(suite.openAndShoot("job/" + job + "/" + warm + "/cached-docker-build/html", "freestyle-html-report.png"))
                .isEmpty();
        int pushedRows = suite.browser.eval("document.querySelectorAll('#pushed tbody tr').length").asInt();
        int keptRows = suite.browser.eval("document.querySelectorAll('#pushed tbody tr .kept').length").asInt();
        assertThat(keptRows).as("the deps cache tag is kept on a source-only change").isPositive();
        assertThat(suite.browser.eval("document.getElementById('pushed-count').textContent").asText())
                .isEqualTo(Integer.toString(pushedRows - keptRows));

        assertThat(suite.openAndShoot("job/" + job + "/", "freestyle-job-trend.png")).as("errors beyond core's own")
                .isSubsetOf(suite.coreErrors("job"));
        assertThat(suite.browser.text()).contains("steps from cache (%)", "time per phase (seconds)");
        assertThat(suite.browser.eval("document.querySelectorAll('.echarts-trend canvas').length").asInt())
                .as("both trend charts drawn").isGreaterThanOrEqualTo(2);

        JsonNode build = suite.api.json("job/" + job + "/" + warm + "/");
        assertThat(build.path("result").asText()).isEqualTo("SUCCESS");
    }
}
