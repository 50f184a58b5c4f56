package io.jenkins.plugins.cacheddockerbuild.engine.api;

/**
 * Base of every failure a user can act on. Each subtype carries the context needed to fix it and the
 * command line's exit code; front ends translate these in one place and never print their stack traces.
 */
public abstract class CachedBuildException extends Exception {
    private static final long serialVersionUID = 1L;

    protected CachedBuildException(String message) {
        super(message);
    }

    protected CachedBuildException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The documented exit code of the command line for this failure. */
    public abstract int exitCode();
}
