package io.jenkins.plugins.cacheddockerbuild;

import hudson.model.TaskListener;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildListener;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.io.PrintStream;
import java.util.Locale;

/** Prints the engine's events to the build log with a clear prefix, one readable line per phase and stage. */
final class LogPrinter implements BuildListener {
    static final String PREFIX = "[cached-docker-build] ";
    private final PrintStream log;

    LogPrinter(TaskListener listener) {
        this.log = listener.getLogger();
    }

    @Override
    public synchronized void onEvent(BuildEvent event) {
        if (event instanceof BuildEvent.PhaseStarted started) {
            log.println(PREFIX + started.phase().id() + ": " + started.description());
        } else if (event instanceof BuildEvent.PhaseFinished finished) {
            log.println(PREFIX + String.format(Locale.ROOT, "%s done in %.1f s", finished.phase().id(), finished.seconds()));
        } else if (event instanceof BuildEvent.Log message && message.level() != BuildEvent.Level.DEBUG) {
            String level = message.level() == BuildEvent.Level.INFO ? "" : "[-" + message.level() + "-] ";
            log.println(PREFIX + level + message.message());
        } else if (event instanceof BuildEvent.DockerOutput output) {
            log.println(PREFIX + "| " + output.line());
        } else if (event instanceof BuildEvent.StageFinished finished) {
            StageReport stage = finished.stage();
            log.println(PREFIX + String.format(Locale.ROOT, "stage %s: %d/%d steps from cache (%.1f s)", stage.name(),
                    stage.cachedSteps(), stage.steps(), stage.seconds()));
        }
    }

    synchronized void summary(BuildReport report) {
        log.println(PREFIX + String.format(Locale.ROOT, "%d/%d steps from cache (%.0f%%); resolve %.1f s, pull %.1f s, "
                        + "build %.1f s, push %.1f s", report.cachedSteps(), report.totalSteps(), report.hitRatio() * 100,
                report.phases().resolveSeconds(), report.phases().pullSeconds(), report.phases().buildSeconds(),
                report.phases().pushSeconds()));
        report.pushed().forEach(pushed -> log.println(PREFIX + (pushed.kept() ? "kept " : "pushed ")
                + InvocationSummary.refAtDigest(pushed)));
        if (report.payoff() != null) {
            log.println(PREFIX + report.payoff().summary());
        }
    }

    synchronized void error(String message) {
        log.println(PREFIX + "[-ERROR-] " + message);
    }
}
