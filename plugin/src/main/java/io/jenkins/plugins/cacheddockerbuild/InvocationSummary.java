package io.jenkins.plugins.cacheddockerbuild;

import io.jenkins.plugins.cacheddockerbuild.engine.analysis.SecondsFormat;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Payoff;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.util.List;

/**
 * One {@code cachedDockerBuild} invocation as the build pages show it: the engine's report, with its numbers
 * formatted by the engine's {@link SecondsFormat}, so the pages say what the console and the CLI's HTML
 * report say. The views read the report's records directly for everything else.
 */
public final class InvocationSummary {
    private final int index;
    private final BuildReport report;

    InvocationSummary(int index, BuildReport report) {
        this.index = index;
        this.report = report;
    }

    /** Position among the build's invocations; {@code html?index=N} serves its HTML report. */
    public int getIndex() {
        return index;
    }

    public BuildReport getReport() {
        return report;
    }

    /** The builder that ran and why ({@code classic (auto: registry not available: …)}); older reports lack the why. */
    public String getBuilderLabel() {
        return report.builderReason() == null ? report.builder() : report.builder() + " (" + report.builderReason() + ")";
    }

    /**
     * Why this builder ran, or {@code null} for an older report: the build page's box shows it as the builder's
     * tooltip (auto's reasons run to several lines), the detail page in full.
     */
    public String getBuilderReason() {
        return report.builderReason();
    }

    public List<StageReport> getStages() {
        return report.stages();
    }

    public List<PushedRef> getPushed() {
        return report.pushed();
    }

    /** {@code ref@digest}, the form docker pulls by; the bare ref if the registry did not say its digest. */
    public static String refAtDigest(PushedRef ref) {
        return ref.digest() == null ? ref.ref() : ref.ref() + "@" + ref.digest();
    }

    /** Why a ref is listed though this build did not push it, or empty. */
    public String keptNote(PushedRef ref) {
        return ref.kept() ? Messages.InvocationSummary_Kept() : "";
    }

    /** A stage's name, with {@code (final)} after the final stage's. */
    public String stageLabel(StageReport stage) {
        return stage.finalStage() ? Messages.InvocationSummary_FinalStage(stage.name()) : stage.name();
    }

    /** When the build started, as people read it ({@code 2026-12-04 19:48:38 UTC}); the raw value if unreadable. */
    public String getStartedAt() {
        return SecondsFormat.instant(report.startedAt());
    }

    public String getHitRatio() {
        return SecondsFormat.percent(report.hitRatio());
    }

    public String getResolveTime() {
        return SecondsFormat.seconds(report.phases().resolveSeconds());
    }

    public String getPullTime() {
        return SecondsFormat.seconds(report.phases().pullSeconds());
    }

    public String getBuildTime() {
        return SecondsFormat.seconds(report.phases().buildSeconds());
    }

    public String getPushTime() {
        return SecondsFormat.seconds(report.phases().pushSeconds());
    }

    public String getTotalTime() {
        return SecondsFormat.seconds(report.phases().totalSeconds());
    }

    /** The payoff verdict in words, or a note that the build was not analysed. */
    public String getVerdict() {
        Payoff payoff = report.payoff();
        return payoff == null ? Messages.InvocationSummary_NoVerdict() : payoff.summary();
    }

    /** {@code saved}, {@code cost} or {@code unknown}: lets the views colour the verdict. */
    public String getVerdictKind() {
        Payoff payoff = report.payoff();
        return payoff == null ? "unknown" : payoff.verdict();
    }

    public List<String> getReasoning() {
        Payoff payoff = report.payoff();
        return payoff == null ? List.of() : payoff.reasoning();
    }

    /** A stage's wall time as people read it. */
    public String seconds(double value) {
        return SecondsFormat.seconds(value);
    }
}
