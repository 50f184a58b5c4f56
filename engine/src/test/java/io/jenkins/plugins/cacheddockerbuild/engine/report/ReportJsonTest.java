package io.jenkins.plugins.cacheddockerbuild.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.cacheddockerbuild.engine.analysis.ReportAnalyzer;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

    private static BuildReport analysed() {
        return ReportAnalyzer.analyze(ReportFixtures.featureBranch(), ReportFixtures.history());
    }

    @Test
    void roundTripKeepsEveryField() throws Exception {
        BuildReport report = analysed();
        assertThat(report.payoff()).isNotNull();
        assertThat(report.stages()).anySatisfy(s -> assertThat(s.firstMiss()).isNotNull());

        assertThat(ReportJson.read(ReportJson.write(report))).isEqualTo(report);
    }

    @Test
    void roundTripKeepsNullsOfAnUnanalysedReport() throws Exception {
        BuildReport report = ReportFixtures.coldMain();
        assertThat(report.payoff()).isNull();
        assertThat(report.bytesPulled()).isNull();

        assertThat(ReportJson.read(ReportJson.write(report))).isEqualTo(report);
    }

    @Test
    void writesDocumentedFieldsSchemaVersionFirstWithDerivedTotals() throws Exception {
        BuildReport report = analysed();
        String json = ReportJson.write(report);

        assertThat(json).startsWith("{\n  \"schemaVersion\": 1,\n");
        JsonNode tree = ReportSchema.mapper().readTree(json);
        assertThat(fieldNames(tree)).containsExactly("schemaVersion", "image", "branch", "builder", "builderReason", "startedAt",
                "totalSteps", "cachedSteps", "hitRatio", "stages", "phases", "pushed", "notPushed", "warnings",
                "buildArgDigests", "bytesPulled", "bytesPushed", "payoff");
        assertThat(tree.get("totalSteps").asInt()).isEqualTo(10);
        assertThat(tree.get("cachedSteps").asInt()).isEqualTo(4);
        assertThat(tree.get("hitRatio").asDouble()).isEqualTo(0.4);
        assertThat(tree.get("phases").get("totalSeconds").asDouble()).isEqualTo(61.5);
        JsonNode stage = tree.get("stages").get(0);
        assertThat(fieldNames(stage)).contains("name", "steps", "cachedSteps", "cacheSource", "seconds");
        assertThat(stage.get("cacheSource").asText()).isEqualTo(ReportFixtures.CACHE + ":deps-main");
        assertThat(fieldNames(tree.get("phases"))).containsExactly("resolveSeconds", "pullSeconds", "buildSeconds",
                "pushSeconds", "totalSeconds");
        assertThat(fieldNames(tree.get("pushed").get(0))).containsExactly("ref", "digest", "kind", "kept");
        assertThat(tree.get("pushed").get(0).get("kept").asBoolean()).isFalse();
    }

    @Test
    void writtenReportsValidateAgainstThePublishedSchema() {
        assertThat(ReportSchema.errors(ReportJson.write(analysed()))).isEmpty();
        assertThat(ReportSchema.errors(ReportJson.write(ReportFixtures.coldMain()))).isEmpty();
        assertThat(ReportSchema.errors(ReportJson.write(ReportAnalyzer.analyze(ReportFixtures.coldMain(), List.of()))))
                .isEmpty();
    }

    @Test
    void schemaRejectsAReportMissingRequiredFieldsOrWithWrongTypes() {
        String valid = ReportJson.write(analysed());

        assertThat(ReportSchema.errors(valid.replace("\"image\":", "\"imageName\":"))).isNotEmpty();
        assertThat(ReportSchema.errors(valid.replace("\"totalSteps\": 10", "\"totalSteps\": \"10\""))).isNotEmpty();
        assertThat(ReportSchema.errors(valid.replace("\"cause\": \"files-changed\"", "\"cause\": \"gremlins\"")))
                .isNotEmpty();
    }

    @Test
    void readIgnoresUnknownMembersAndDerivedTotals() throws Exception {
        String json = ReportJson.write(ReportFixtures.coldMain())
                .replace("\"image\":", "\"futureField\": {\"nested\": [1, 2, {\"x\": null}]},\n  \"image\":")
                .replace("\"totalSteps\": 10", "\"totalSteps\": 999");

        BuildReport read = ReportJson.read(json);

        assertThat(read).isEqualTo(ReportFixtures.coldMain());
        assertThat(read.totalSteps()).isEqualTo(10);
    }

    @Test
    void roundTripKeepsWhyThisBuilder() throws Exception {
        BuildReport report = ReportFixtures.featureBranch();

        String json = ReportJson.write(report);

        assertThat(ReportSchema.mapper().readTree(json).get("builderReason").asText())
                .isEqualTo(ReportFixtures.AUTO_REASON);
        assertThat(ReportJson.read(json).builderReason()).isEqualTo(ReportFixtures.AUTO_REASON);
    }

    @Test
    void readsAReportWrittenBeforeTheBuilderReasonAsNull() throws Exception {
        String json = ReportJson.write(ReportFixtures.featureBranch());
        String old = json.replaceFirst("\n  \"builderReason\": \"[^\"]*\",", "");
        assertThat(old).doesNotContain("builderReason").contains("\"builder\": \"classic\"");

        BuildReport read = ReportJson.read(old);

        assertThat(read.builderReason()).isNull();
        assertThat(read.builder()).isEqualTo("classic");
        assertThat(read.stages()).isEqualTo(ReportFixtures.featureBranch().stages());
        assertThat(ReportSchema.errors(old)).isEmpty();
    }

    @Test
    void readRejectsANewerSchemaVersionClearly() {
        String json = ReportJson.write(ReportFixtures.coldMain()).replace("\"schemaVersion\": 1", "\"schemaVersion\": 2");

        assertThatThrownBy(() -> ReportJson.read(json)).isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("schemaVersion 2").hasMessageContaining("newer")
                .hasMessageContaining("upgrade cached-docker-build");
    }

    @Test
    void readRejectsJsonThatIsNotAReport() {
        assertThatThrownBy(() -> ReportJson.read("{\"image\": \"x\"}")).isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("not a cached-docker-build report");
        assertThatThrownBy(() -> ReportJson.read("[1, 2]")).isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("expected an object");
        assertThatThrownBy(() -> ReportJson.read("")).isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> ReportJson.read("{\"schemaVersion\": 1, \"image\": \"x\", \"phases\": {}}"))
                .isInstanceOf(ReportFormatException.class).hasMessageContaining("stages: missing");
    }

    @Test
    void readNamesTheFieldOfTheWrongType() {
        String json = ReportJson.write(ReportFixtures.coldMain()).replaceFirst("\"steps\": 3", "\"steps\": \"three\"");

        assertThatThrownBy(() -> ReportJson.read(json)).isInstanceOf(ReportFormatException.class)
                .hasMessage("stages[0].steps: expected an integer, found a string");
    }

    @Test
    void readRejectsTruncatedFilesWithThePosition() {
        String json = ReportJson.write(ReportFixtures.coldMain());

        assertThatThrownBy(() -> ReportJson.read(json.substring(0, json.length() / 2)))
                .isInstanceOf(ReportFormatException.class).hasMessageStartingWith("not valid JSON at line ");
    }

    @Test
    void stringsWithControlCharactersQuotesAndAnyUnicodeRoundTripAndStayValidJson() throws Exception {
        String nasty = "quote\" backslash\\ slash/ nul\u0000 bell\u0007 esc\u001b del\u007f tab\t nl\n cr\r"
                + " ls\u2028 ps\u2029 é 中文 emoji😀 lone-high\ud800 lone-low\udc00 end";
        BuildReport report = withStage(ReportFixtures.coldMain(), nasty);

        String json = ReportJson.write(report);

        assertThat(json.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
        assertThat(json).doesNotContain("\u2028", "\u007f", "\u0000").contains("😀", "中文");
        // an unpaired surrogate cannot be written as UTF-8 (nor read back by jackson): it is kept as U+FFFD
        String kept = nasty.replace("\ud800", "\ufffd").replace("\udc00", "\ufffd");
        assertThat(ReportJson.read(json)).isEqualTo(withStage(ReportFixtures.coldMain(), kept));
        assertThat(ReportSchema.mapper().readTree(json).get("stages").get(0).get("name").asText()).isEqualTo(kept);
    }

    @Test
    void nonFiniteSecondsAreWrittenAsZeroSoTheFileStaysJson() throws Exception {
        BuildReport report = ReportFixtures.coldMain();
        BuildReport broken = new BuildReport(report.schemaVersion(), report.image(), report.branch(), report.builder(),
                report.builderReason(), report.startedAt(), report.stages(), new PhaseTimes(Double.NaN, 1, Double.POSITIVE_INFINITY, 2),
                report.pushed(), report.notPushed(), report.warnings(), report.buildArgDigests(), null, null, null);

        BuildReport read = ReportJson.read(ReportJson.write(broken));

        assertThat(read.phases()).isEqualTo(new PhaseTimes(0, 1, 0, 2));
    }

    @Test
    void secondsAreRoundedToMilliseconds() throws Exception {
        BuildReport report = ReportFixtures.coldMain();
        BuildReport precise = new BuildReport(report.schemaVersion(), report.image(), report.branch(), report.builder(),
                report.builderReason(), report.startedAt(), report.stages(), new PhaseTimes(1.23456789, 0.0004, 2, 3), report.pushed(),
                report.notPushed(), report.warnings(), report.buildArgDigests(), null, null, null);

        String json = ReportJson.write(precise);

        assertThat(json).contains("\"resolveSeconds\": 1.235,", "\"pullSeconds\": 0.0,");
    }

    private static BuildReport withStage(BuildReport report, String name) {
        List<StageReport> stages = new ArrayList<>(report.stages());
        StageReport first = stages.get(0);
        stages.set(0, new StageReport(name, first.finalStage(), 1, 0, name, name, name, name, 1.5,
                List.of(new StepRecord(name, false, 1.5)), null));
        return new BuildReport(report.schemaVersion(), name, name, report.builder(), name, name, stages, report.phases(),
                report.pushed(), List.of(name), List.of(name), Map.of(name, name), null, null, null);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
