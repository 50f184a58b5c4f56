package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.util.List;

/**
 * A push failed: exit code 3. Carries the report of the build so far, which lists exactly what was and
 * was not pushed.
 */
public class PushFailedException extends DockerUnavailableException {
    private static final long serialVersionUID = 1L;
    private final transient BuildReport report;
    private final List<String> failedRefs;

    public PushFailedException(List<String> failedRefs, String cause, BuildReport report) {
        super("push failed for " + String.join(", ", failedRefs) + ": " + cause);
        this.failedRefs = List.copyOf(failedRefs);
        this.report = report;
    }

    public List<String> failedRefs() {
        return failedRefs;
    }

    /** The report of the build, with {@link BuildReport#pushed()} and {@link BuildReport#notPushed()} true. */
    public BuildReport report() {
        return report;
    }
}
