package io.jenkins.plugins.cacheddockerbuild.cli;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildListener;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.io.PrintStream;
import java.util.Locale;

/** Renders the engine's events as readable progress, one phase at a time. */
final class ConsoleRenderer implements BuildListener {
    private final PrintStream out;
    private final boolean verbose;

    ConsoleRenderer(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    @Override
    public synchronized void onEvent(BuildEvent event) {
        if (event instanceof BuildEvent.PhaseStarted started) {
            out.println("==> " + started.phase().id() + ": " + started.description());
        } else if (event instanceof BuildEvent.PhaseFinished finished) {
            out.printf(Locale.ROOT, "    %s done in %.1f s%n", finished.phase().id(), finished.seconds());
        } else if (event instanceof BuildEvent.Log log) {
            log(log);
        } else if (event instanceof BuildEvent.DockerOutput output && verbose) {
            out.println("    | " + output.line());
        } else if (event instanceof BuildEvent.StageFinished finished) {
            stage(finished.stage());
        }
    }

    private void log(BuildEvent.Log log) {
        switch (log.level()) {
            case DEBUG -> {
                if (verbose) {
                    out.println("    (debug) " + log.message());
                }
            }
            case INFO -> out.println("    " + log.message());
            case WARNING -> out.println("    WARNING: " + log.message());
            case ERROR -> out.println("    ERROR: " + log.message());
        }
    }

    private void stage(StageReport stage) {
        out.printf(Locale.ROOT, "    stage %s: %d/%d steps from cache (%.1f s)%n", stage.name(), stage.cachedSteps(),
                stage.steps(), stage.seconds());
    }
}
