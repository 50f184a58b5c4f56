package io.jenkins.plugins.cacheddockerbuild.engine.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.jenkins.plugins.cacheddockerbuild.engine.analysis.ReportAnalyzer;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.report.ReportFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in a real browser, Debian's headless Chromium, and reads back the DOM it built:
 * the numbers of the report must be there, and markup smuggled in through report strings must not be.
 */
class HtmlReportBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.path", "/usr/bin/chromium"));
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path temp;

    @BeforeAll
    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Chromium is not installed at " + CHROMIUM + ". The HTML report's browser test needs Debian's"
                    + " chromium package: run scripts/test-env.sh, which installs it (or apt-get install chromium).");
        }
    }

    @Test
    void chromiumShowsTheNumbersOfTheReport() throws Exception {
        List<BuildReport> history = ReportFixtures.history();
        BuildReport report = ReportAnalyzer.analyze(ReportFixtures.featureBranch(), history);

        DumpedDom dom = DumpedDom.parse(dumpDom(HtmlReport.render(report, history)));

        assertThat(dom.elementsNamed("title").get(0).textContent()).contains(report.image(), report.branch());
        assertThat(dom.byId("branch").orElseThrow().textContent()).isEqualTo("feature/login-page");
        assertThat(dom.byId("hit-ratio").orElseThrow().textContent()).isEqualTo("40%");
        assertThat(dom.byId("hit-ratio").orElseThrow().attr("data-value")).isEqualTo(Html.num(report.hitRatio()));
        assertThat(dom.byId("cached-steps").orElseThrow().textContent()).isEqualTo(String.valueOf(report.cachedSteps()));
        assertThat(dom.byId("total-steps").orElseThrow().textContent()).isEqualTo(String.valueOf(report.totalSteps()));
        for (StageReport stage : report.stages()) {
            assertThat(stageCell(dom, "steps", stage)).isEqualTo(String.valueOf(stage.steps()));
            assertThat(stageCell(dom, "cachedSteps", stage)).isEqualTo(String.valueOf(stage.cachedSteps()));
            assertThat(stageCell(dom, "ranSteps", stage)).isEqualTo(String.valueOf(stage.ranSteps()));
            assertThat(stageCell(dom, "cacheSource", stage)).isEqualTo(stage.cacheSource());
        }
        assertThat(phase(dom, "resolveSeconds")).isEqualTo(Html.num(report.phases().resolveSeconds()));
        assertThat(phase(dom, "pullSeconds")).isEqualTo(Html.num(report.phases().pullSeconds()));
        assertThat(phase(dom, "buildSeconds")).isEqualTo(Html.num(report.phases().buildSeconds()));
        assertThat(phase(dom, "pushSeconds")).isEqualTo(Html.num(report.phases().pushSeconds()));
        assertThat(phase(dom, "totalSeconds")).isEqualTo("61.5");
        for (PushedRef ref : report.pushed()) {
            assertThat(dom.select("tr", "data-ref", ref.ref())).singleElement()
                    .satisfies(row -> assertThat(row.textContent()).contains(ref.digest(), ref.kind()));
        }
        assertThat(dom.byId("verdict").orElseThrow().attr("data-verdict")).isEqualTo("saved");
        assertThat(dom.byId("verdict-summary").orElseThrow().textContent())
                .isEqualTo("The cache saved ≈ 34 s (build 1.5× faster than without it)");
        assertThat(dom.byId("verdict-reasoning").orElseThrow().children).hasSize(report.payoff().reasoning().size());
        assertThat(dom.select("tr", "data-cause", "files-changed")).extracting(e -> e.attr("data-stage"))
                .containsExactly("build", "app");
        assertThat(dom.byId("warnings").orElseThrow().textContent()).contains("registry unreachable");
        assertThat(dom.select("td", "data-field", "hitRatio")).extracting(DumpedDom.Element::textContent)
                .containsExactly("0%", "40%", "40%");
        assertThat(dom.elementsNamed("svg")).extracting(e -> e.attr("id")).contains("trend-chart", "phase-chart");
    }

    @Test
    void chromiumBuildsNoElementFromMarkupInReportStrings() throws Exception {
        BuildReport hostile = HtmlReportTest.hostileReport();

        String dumped = dumpDom(HtmlReport.render(hostile, List.of(hostile)));
        DumpedDom dom = DumpedDom.parse(dumped);

        assertThat(dom.elementsNamed("html")).hasSize(1);
        assertThat(dom.elementsNamed("script")).isEmpty();
        assertThat(dom.elementsNamed("img")).isEmpty();
        assertThat(dom.elementsNamed("iframe")).isEmpty();
        assertThat(dom.elementsNamed("textarea")).isEmpty();
        assertThat(dom.elementsNamed("style")).hasSize(1);
        assertThat(dom.elementsNamed("title")).extracting(e -> e.parent.name)
                .isSubsetOf("head", "svg", "rect", "g", "circle");
        assertThat(dom.elements()).allSatisfy(e -> assertThat(e.attributes.keySet())
                .as("event handler attributes on <%s>", e.name).noneMatch(name -> name.startsWith("on")));
        assertThat(dom.byId("branch").orElseThrow().textContent()).isEqualTo(hostile.branch());
        assertThat(dom.byId("image").orElseThrow().textContent()).isEqualTo(hostile.image());
        assertThat(dom.byId("warnings").orElseThrow().children).extracting(DumpedDom.Element::textContent)
                .containsExactlyElementsOf(hostile.warnings());
        assertThat(dom.bodyText()).contains(HtmlReportTest.ATTACKS);
    }

    private static String stageCell(DumpedDom dom, String field, StageReport stage) {
        return dom.elements().stream().filter(e -> e.name.equals("td") && field.equals(e.attr("data-field"))
                && stage.name().equals(e.attr("data-stage"))).findFirst().orElseThrow().textContent();
    }

    private static String phase(DumpedDom dom, String field) {
        return dom.select("td", "data-field", field).get(0).attr("data-value");
    }

    /** Loads the page in headless Chromium and returns the DOM it built, serialised. */
    private String dumpDom(String html) throws IOException, InterruptedException {
        Path page = Files.writeString(temp.resolve("report.html"), html, StandardCharsets.UTF_8);
        Path profile = Files.createDirectory(temp.resolve("profile-" + System.nanoTime()));
        Path out = temp.resolve("dom.html");
        Path err = temp.resolve("chromium.log");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--dump-dom",
                page.toUri().toString()));
        Process chromium = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
            fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s. If the page ran a script from the report"
                    + " (an alert() dialog blocks headless Chromium), escaping is broken. Its log:\n"
                    + Files.readString(err));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        if (chromium.exitValue() != 0 || !dom.contains("</html>")) {
            fail("Chromium exited with " + chromium.exitValue() + " and dumped no document; its log:\n"
                    + Files.readString(err));
        }
        return dom;
    }
}
