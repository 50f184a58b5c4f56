package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildListener;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's only way to say anything: turns calls into {@link BuildEvent}s, keeps the warnings for the
 * report and times the phases. Thread-safe.
 */
final class Events {
    private final BuildListener listener;
    private final List<String> warnings = new ArrayList<>();
    private final Map<Phase, Double> seconds = new EnumMap<>(Phase.class);

    Events(BuildListener listener) {
        this.listener = listener;
    }

    void info(Phase phase, String message) {
        listener.onEvent(new BuildEvent.Log(phase, BuildEvent.Level.INFO, message));
    }

    void debug(Phase phase, String message) {
        listener.onEvent(new BuildEvent.Log(phase, BuildEvent.Level.DEBUG, message));
    }

    /** A warning, also kept for the report. */
    void warn(Phase phase, String message) {
        synchronized (warnings) {
            warnings.add(message);
        }
        listener.onEvent(new BuildEvent.Log(phase, BuildEvent.Level.WARNING, message));
    }

    void output(Phase phase, String stage, String line) {
        listener.onEvent(new BuildEvent.DockerOutput(phase, stage, line));
    }

    void stageFinished(StageReport stage) {
        listener.onEvent(new BuildEvent.StageFinished(Phase.BUILD, stage));
    }

    /** Runs {@code work} as {@code phase}, announcing start and end and adding its time to the phase. */
    <T> T phase(Phase phase, String description, Task<T> work)
            throws CachedBuildException, IOException, InterruptedException {
        listener.onEvent(new BuildEvent.PhaseStarted(phase, description));
        long start = System.nanoTime();
        try {
            return work.call();
        } finally {
            double elapsed = (System.nanoTime() - start) / 1e9;
            synchronized (seconds) {
                seconds.merge(phase, elapsed, Double::sum);
            }
            listener.onEvent(new BuildEvent.PhaseFinished(phase, elapsed));
        }
    }

    double seconds(Phase... phases) {
        synchronized (seconds) {
            double sum = 0;
            for (Phase phase : phases) {
                sum += seconds.getOrDefault(phase, 0.0);
            }
            return sum;
        }
    }

    List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }
}
