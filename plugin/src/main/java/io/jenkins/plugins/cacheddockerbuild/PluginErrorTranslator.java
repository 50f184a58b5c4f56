package io.jenkins.plugins.cacheddockerbuild;

import hudson.AbortException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;

/**
 * The plugin's one exception translator: a failure the user can act on fails the build with its message
 * (an {@link AbortException}: one {@code ERROR:} line, no stack trace), the failing step's output tail in the log
 * above it.
 */
final class PluginErrorTranslator {
    private PluginErrorTranslator() {
    }

    static AbortException translate(CachedBuildException failure, LogPrinter log) {
        if (failure instanceof BuildFailedException failed) {
            failed.outputTail().forEach(line -> log.error("  " + line));
        }
        // The message itself is Jenkins' one "ERROR: …" line for the AbortException: not printed twice.
        return new AbortException(Messages.CachedBuild_Failed(failure.getMessage(), failure.exitCode()));
    }
}
