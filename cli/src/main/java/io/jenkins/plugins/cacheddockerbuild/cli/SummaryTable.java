package io.jenkins.plugins.cacheddockerbuild.cli;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.io.PrintStream;
import java.util.Locale;

/** The short table printed at the end of a build: per stage, phases, pushed refs, verdict. */
final class SummaryTable {
    private SummaryTable() {
    }

    static void print(BuildReport report, PrintStream out) {
        int width = Math.max(5, report.stages().stream().mapToInt(stage -> stage.name().length()).max().orElse(5));
        String row = "%-" + width + "s  %5s  %6s  %7s  %s%n";
        out.println();
        out.printf(Locale.ROOT, row, "STAGE", "STEPS", "CACHED", "SECONDS", "CACHE SOURCE");
        for (StageReport stage : report.stages()) {
            out.printf(Locale.ROOT, row, stage.name(), stage.steps(), stage.cachedSteps(),
                    String.format(Locale.ROOT, "%.1f", stage.seconds()),
                    stage.cacheSource() != null ? stage.cacheSource() : "none");
        }
        out.printf(Locale.ROOT, row, "total", report.totalSteps(), report.cachedSteps(), "",
                String.format(Locale.ROOT, "hit ratio %.0f%%", report.hitRatio() * 100));
        out.printf(Locale.ROOT, "%nphases: resolve %.1f s, pull %.1f s, build %.1f s, push %.1f s%n",
                report.phases().resolveSeconds(), report.phases().pullSeconds(), report.phases().buildSeconds(),
                report.phases().pushSeconds());
        out.println("builder: " + report.builder()
                + (report.builderReason() == null ? "" : " (" + report.builderReason() + ")"));
        for (PushedRef pushed : report.pushed()) {
            out.println((pushed.kept() ? "kept   " : "pushed ") + pushed.ref()
                    + (pushed.digest() == null ? "" : "@" + pushed.digest()));
        }
        for (String ref : report.notPushed()) {
            out.println("NOT pushed " + ref);
        }
        if (report.payoff() != null) {
            out.println("verdict: " + report.payoff().summary());
        }
    }
}
