package io.jenkins.plugins.cacheddockerbuild.engine.api;

/** The build was cancelled (SIGINT/SIGTERM, Jenkins abort): children were ended, temporary files removed. */
public class BuildInterruptedException extends CachedBuildException {
    private static final long serialVersionUID = 1L;

    public BuildInterruptedException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return 130;
    }
}
