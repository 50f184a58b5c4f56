package io.jenkins.plugins.cacheddockerbuild.engine.analysis;

import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.CraftedReports.cached;
import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.CraftedReports.ran;
import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.CraftedReports.report;
import static io.jenkins.plugins.cacheddockerbuild.engine.analysis.CraftedReports.stage;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.FirstMiss;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirstMissAnalyzerTest {

    private static final String SOURCE = "registry:5000/app-cache:deps-main";
    private static final String BEFORE = "2025-01-01T10:00:00Z";
    private static final String NOW = "2025-01-02T10:00:00Z";

    private static final BuildReport EARLIER = report(BEFORE, stage("deps", null, ran("WORKDIR /src", 0.1),
            ran("COPY package.json .", 0.2), ran("RUN npm ci", 30), ran("COPY . .", 0.4), ran("RUN make", 9)));

    private static FirstMiss firstMissOf(BuildReport current, BuildReport... history) {
        return ReportAnalyzer.analyze(current, List.of(history)).stages().get(0).firstMiss();
    }

    @Test
    void noCacheSourceGivesTheResolversReason() {
        FirstMiss miss = firstMissOf(report(NOW, stage("deps", null, ran("WORKDIR /src", 0.1))), EARLIER);

        assertThat(miss).isEqualTo(new FirstMiss(0, "WORKDIR /src", "no-cache-source", "no cache image found for deps"));
    }

    @Test
    void baseImageChanged() {
        BuildReport current = report(NOW, stage("deps", SOURCE, "sha256:base2", ran("WORKDIR /src", 0.1)));

        FirstMiss miss = firstMissOf(current, EARLIER);

        assertThat(miss.cause()).isEqualTo("base-image-changed");
        assertThat(miss.stepIndex()).isZero();
        assertThat(miss.explanation()).contains("sha256:base2", "was sha256:base1");
    }

    @Test
    void buildArgChangedThatTheStepMentions() {
        BuildReport before = report(BEFORE, new PhaseTimes(0, 0, 1, 0), List.of(), Map.of("VERSION", "aaa", "OTHER", "x"),
                stage("deps", null, ran("WORKDIR /src", 0.1), ran("RUN echo ${VERSION} > v", 1)));
        BuildReport now = report(NOW, new PhaseTimes(0, 0, 1, 0), List.of(), Map.of("VERSION", "bbb", "OTHER", "y"),
                stage("deps", SOURCE, cached("WORKDIR /src"), ran("RUN echo ${VERSION} > v", 1)));

        FirstMiss miss = firstMissOf(now, before);

        assertThat(miss.cause()).isEqualTo("build-arg-changed");
        assertThat(miss.stepIndex()).isEqualTo(1);
        assertThat(miss.explanation()).startsWith("build arg VERSION has another value").doesNotContain("OTHER");
    }

    @Test
    void buildArgChangedThatTheStageDeclares() {
        BuildReport before = report(BEFORE, new PhaseTimes(0, 0, 1, 0), List.of(), Map.of("NODE_ENV", "aaa"),
                stage("deps", null, ran("ARG NODE_ENV=production", 0), ran("RUN npm ci", 30)));
        BuildReport now = report(NOW, new PhaseTimes(0, 0, 1, 0), List.of(), Map.of("NODE_ENV", "bbb"),
                stage("deps", SOURCE, cached("ARG NODE_ENV=production"), ran("RUN npm ci", 30)));

        assertThat(firstMissOf(now, before).cause()).isEqualTo("build-arg-changed");
    }

    @Test
    void aChangedBuildArgThatTheStageDoesNotUseIsNotBlamed() {
        BuildReport before = report(BEFORE, new PhaseTimes(0, 0, 1, 0), List.of(), Map.of("UNUSED", "aaa"),
                stage("deps", null, ran("WORKDIR /src", 0.1), ran("RUN $UNUSEDX make", 1)));
        BuildReport now = report(NOW, new PhaseTimes(0, 0, 1, 0), List.of(), Map.of("UNUSED", "bbb"),
                stage("deps", SOURCE, cached("WORKDIR /src"), ran("RUN $UNUSEDX make", 1)));

        assertThat(firstMissOf(now, before).cause()).isEqualTo("unknown");
    }

    @Test
    void instructionChanged() {
        BuildReport now = report(NOW, stage("deps", SOURCE, cached("WORKDIR /src"), cached("COPY package.json ."),
                ran("RUN npm ci --omit=dev", 25)));

        FirstMiss miss = firstMissOf(now, EARLIER);

        assertThat(miss).isEqualTo(new FirstMiss(2, "RUN npm ci --omit=dev", "instruction-changed",
                "this instruction is new or changed (the earlier build ran RUN npm ci here), so it and every step"
                        + " after it run again"));
    }

    @Test
    void anInstructionBeyondTheEarlierStageCountsAsChanged() {
        BuildReport before = report(BEFORE, stage("deps", null, ran("WORKDIR /src", 0.1)));
        BuildReport now = report(NOW, stage("deps", SOURCE, cached("WORKDIR /src"), ran("RUN make", 2)));

        FirstMiss miss = firstMissOf(now, before);

        assertThat(miss.cause()).isEqualTo("instruction-changed");
        assertThat(miss.explanation()).contains("the earlier build had no step 2");
    }

    @Test
    void filesChangedForAnUnchangedCopyAfterCachedSteps() {
        BuildReport now = report(NOW, stage("deps", SOURCE, cached("WORKDIR /src"), cached("COPY package.json ."),
                cached("RUN npm ci"), ran("COPY . .", 0.4), ran("RUN make", 9)));

        FirstMiss miss = firstMissOf(now, EARLIER);

        assertThat(miss.stepIndex()).isEqualTo(3);
        assertThat(miss.instruction()).isEqualTo("COPY . .");
        assertThat(miss.cause()).isEqualTo("files-changed");
        assertThat(miss.explanation()).startsWith("the files it copies from the build context changed");
    }

    @Test
    void filesChangedNamesTheStageACopyFromReadsFrom() {
        BuildReport before = report(BEFORE, stage("app", null, ran("WORKDIR /app", 0.1),
                ran("COPY --from=build /src/dist ./dist", 0.3)));
        BuildReport now = report(NOW, stage("app", SOURCE, cached("WORKDIR /app"),
                ran("COPY --from=build /src/dist ./dist", 0.3)));

        assertThat(firstMissOf(now, before).explanation()).startsWith("the files it copies from stage build changed");
    }

    @Test
    void unknownWhenNothingExplainsTheMiss() {
        BuildReport now = report(NOW, stage("deps", SOURCE, cached("WORKDIR /src"), cached("COPY package.json ."),
                ran("RUN npm ci", 30)));

        assertThat(firstMissOf(now, EARLIER).cause()).isEqualTo("unknown");
    }

    @Test
    void unknownWithoutAnEarlierReportOfTheStage() {
        BuildReport now = report(NOW, stage("other", SOURCE, ran("RUN make", 1)));

        FirstMiss miss = firstMissOf(now, EARLIER);

        assertThat(miss.cause()).isEqualTo("unknown");
        assertThat(miss.explanation()).isEqualTo("no earlier report of stage other to compare with");
    }

    @Test
    void aFullyCachedStageHasNoFirstMiss() {
        BuildReport now = report(NOW, stage("deps", SOURCE, cached("WORKDIR /src"), cached("COPY package.json .")),
                stage("app", null, ran("RUN make", 1)));

        List<StageReport> stages = ReportAnalyzer.analyze(now, List.of(EARLIER)).stages();

        assertThat(stages.get(0).firstMiss()).isNull();
        assertThat(stages.get(1).firstMiss().cause()).isEqualTo("no-cache-source");
    }

    @Test
    void mentionsMatchesDollarAndBraceFormsOnly() {
        assertThat(FirstMissAnalyzer.mentions("RUN echo $VERSION", "VERSION")).isTrue();
        assertThat(FirstMissAnalyzer.mentions("RUN echo ${VERSION:-1}", "VERSION")).isTrue();
        assertThat(FirstMissAnalyzer.mentions("RUN echo $VERSION_MAJOR", "VERSION")).isFalse();
        assertThat(FirstMissAnalyzer.mentions("RUN echo VERSION", "VERSION")).isFalse();
    }
}
