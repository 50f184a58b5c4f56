package io.jenkins.plugins.cacheddockerbuild.engine.api;

/** Something the engine reports while it works. */
public sealed interface BuildEvent permits BuildEvent.Log, BuildEvent.PhaseStarted, BuildEvent.PhaseFinished,
        BuildEvent.DockerOutput, BuildEvent.StageFinished {

    /** Severity of a {@link Log} event. */
    enum Level { DEBUG, INFO, WARNING, ERROR }

    /** The phase the event belongs to. */
    Phase phase();

    /** A message for the user. */
    record Log(Phase phase, Level level, String message) implements BuildEvent {
    }

    /** A phase began. */
    record PhaseStarted(Phase phase, String description) implements BuildEvent {
    }

    /** A phase ended after {@code seconds}. */
    record PhaseFinished(Phase phase, double seconds) implements BuildEvent {
    }

    /** One line docker printed, for front ends that show docker's own output. */
    record DockerOutput(Phase phase, String stage, String line) implements BuildEvent {
    }

    /** A stage was built; {@code stage} carries its statistics. */
    record StageFinished(Phase phase, StageReport stage) implements BuildEvent {
    }
}
