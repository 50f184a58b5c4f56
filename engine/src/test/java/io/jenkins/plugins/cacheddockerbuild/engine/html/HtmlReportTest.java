package io.jenkins.plugins.cacheddockerbuild.engine.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.analysis.ReportAnalyzer;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.FirstMiss;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Payoff;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.report.ReportFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    static final List<String> ATTACKS = List.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
            "'><svg onload=alert(1)>", "</title><script>alert(2)</script>", "</style><script>alert(3)</script>",
            "</textarea><iframe src=javascript:alert(4)>", "&lt;b&gt;already escaped&lt;/b&gt;");

    /** A report every string of which is an attack. */
    static BuildReport hostileReport() {
        String a = String.join(" ", ATTACKS);
        StageReport stage = new StageReport(ATTACKS.get(0), false, 2, 1, ATTACKS.get(1), null, ATTACKS.get(2), a, 3.5,
                List.of(new StepRecord("RUN " + ATTACKS.get(3), true, 0), new StepRecord("COPY " + a + " .", false, 3.5)),
                new FirstMiss(1, "COPY " + a + " .", ATTACKS.get(4), ATTACKS.get(5)));
        StageReport last = new StageReport(ATTACKS.get(1), true, 1, 0, null, ATTACKS.get(6), a, null, 1,
                List.of(new StepRecord(a, false, 1)), null);
        return new BuildReport(1, ATTACKS.get(2), ATTACKS.get(0) + "/" + ATTACKS.get(1), ATTACKS.get(3),
                ATTACKS.get(4), a,
                List.of(stage, last), new PhaseTimes(1, 2, 4.5, 1), List.of(new PushedRef(a, ATTACKS.get(4), a)),
                List.of(a), ATTACKS, Map.of(a, a), null, null,
                new Payoff(ATTACKS.get(5), a, 10.0, 4, 6.0, 1.5, ATTACKS));
    }

    @Test
    void escapesEveryStringFromTheReport() {
        BuildReport hostile = hostileReport();
        String html = HtmlReport.render(hostile, List.of(hostile, hostile));

        for (String attack : ATTACKS) {
            assertThat(html).doesNotContain(attack);
        }
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
                .doesNotContainIgnoringCase("<iframe").doesNotContain("<svg onload")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
                        "&amp;lt;b&amp;gt;already escaped");
    }

    @Test
    void escapedStringsSurviveAsTextInTheParsedDocument() {
        BuildReport hostile = hostileReport();
        DumpedDom dom = DumpedDom.parse(HtmlReport.render(hostile, List.of()));

        assertThat(dom.elementsNamed("script")).isEmpty();
        assertThat(dom.elementsNamed("img")).isEmpty();
        assertThat(dom.elementsNamed("iframe")).isEmpty();
        assertThat(dom.elements()).allSatisfy(e -> assertThat(e.attributes.keySet()).noneMatch(n -> n.startsWith("on")));
        assertThat(dom.byId("branch").orElseThrow().textContent()).isEqualTo(hostile.branch());
        assertThat(dom.byId("builder-reason").orElseThrow().textContent()).isEqualTo(hostile.builderReason());
        assertThat(dom.select("td", "data-stage", ATTACKS.get(0))).isNotEmpty();
        assertThat(dom.bodyText()).contains(ATTACKS);
    }

    @Test
    void controlCharactersAreReplacedNotPassedThrough() {
        assertThat(Html.text("a\u0000b\u0007c\td\ne\u0085")).isEqualTo("a\uFFFDb\uFFFDc\td\ne\uFFFD");
        assertThat(Html.text(null)).isEmpty();
        assertThat(Html.text("<a href='x'>&</a>")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
    }

    @Test
    void isSelfContained() {
        BuildReport report = ReportAnalyzer.analyze(ReportFixtures.featureBranch(), ReportFixtures.history());
        String html = HtmlReport.render(report, ReportFixtures.history());

        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script", "<link", "@import", "url(", "src=",
                "http://", "https://");
    }

    @Test
    void givesKeyNumbersStableIdsAndDataAttributes() {
        BuildReport report = ReportAnalyzer.analyze(ReportFixtures.featureBranch(), ReportFixtures.history());
        DumpedDom dom = DumpedDom.parse(HtmlReport.render(report, ReportFixtures.history()));

        assertThat(dom.byId("hit-ratio").orElseThrow().attr("data-value")).isEqualTo("0.4");
        assertThat(dom.byId("hit-ratio").orElseThrow().textContent()).isEqualTo("40%");
        assertThat(dom.byId("cached-steps").orElseThrow().textContent()).isEqualTo("4");
        assertThat(dom.byId("total-steps").orElseThrow().textContent()).isEqualTo("10");
        assertThat(cell(dom, "cachedSteps", "deps")).isEqualTo("3");
        assertThat(cell(dom, "steps", "app")).isEqualTo("4");
        assertThat(cell(dom, "ranSteps", "build")).isEqualTo("3");
        assertThat(cell(dom, "cacheSource", "deps")).isEqualTo(ReportFixtures.CACHE + ":deps-main");
        assertThat(dom.select("td", "data-field", "pullSeconds").get(0).attr("data-value")).isEqualTo("8.3");
        assertThat(dom.select("td", "data-field", "totalSeconds").get(0).attr("data-value")).isEqualTo("61.5");
        assertThat(dom.byId("verdict").orElseThrow().attr("data-verdict")).isEqualTo("saved");
        assertThat(dom.select("dd", "data-field", "savedSeconds").get(0).attr("data-value")).isEqualTo("33.7");
        assertThat(dom.select("tr", "data-cause", "files-changed")).hasSize(2);
        assertThat(dom.select("tr", "data-build", "2")).hasSize(1);
    }

    @Test
    void showsWhyThisBuilderNextToTheBuilder() {
        BuildReport report = ReportFixtures.featureBranch();
        DumpedDom dom = DumpedDom.parse(HtmlReport.render(report, List.of()));

        assertThat(dom.byId("builder").orElseThrow().textContent()).isEqualTo("classic");
        assertThat(dom.byId("builder-reason").orElseThrow().textContent()).isEqualTo(ReportFixtures.AUTO_REASON);
    }

    @Test
    void rendersAReportWithoutHistoryPayoffOrPushes() {
        BuildReport bare = new BuildReport(1, "app", null, "buildkit", null, null, List.of(), new PhaseTimes(0, 0, 0, 0),
                List.of(), List.of(), List.of(), Map.of(), null, null, null);

        DumpedDom dom = DumpedDom.parse(HtmlReport.render(bare, null));

        assertThat(dom.byId("hit-ratio").orElseThrow().textContent()).isEqualTo("0%");
        assertThat(dom.byId("verdict-summary").orElseThrow().textContent()).contains("not analysed");
        assertThat(dom.bodyText()).contains("Nothing was pushed.", "No warnings.", "No earlier builds");
        // a report written before the reason was recorded shows the builder alone
        assertThat(dom.byId("builder-reason")).isEmpty();
    }

    private static String cell(DumpedDom dom, String field, String stage) {
        return dom.elements().stream()
                .filter(e -> e.name.equals("td") && field.equals(e.attr("data-field")) && stage.equals(e.attr("data-stage")))
                .findFirst().orElseThrow().textContent();
    }
}
