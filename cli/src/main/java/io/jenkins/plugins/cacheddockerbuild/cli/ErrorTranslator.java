package io.jenkins.plugins.cacheddockerbuild.cli;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import java.io.PrintStream;

/**
 * The command line's one exception translator: user-facing failures become a message and their exit
 * code, never a stack trace; anything else is a bug and says so.
 */
final class ErrorTranslator {
    /** Exit code of an internal error (EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    private ErrorTranslator() {
    }

    static int translate(Throwable failure, PrintStream err) {
        if (failure instanceof CachedBuildException known) {
            err.println("error: " + known.getMessage());
            if (known instanceof BuildFailedException failed && !failed.outputTail().isEmpty()) {
                err.println("last lines of docker's output:");
                failed.outputTail().forEach(line -> err.println("  " + line));
            }
            return known.exitCode();
        }
        err.println("internal error in cached-docker-build; please report it with the trace below:");
        failure.printStackTrace(err);
        return INTERNAL_ERROR;
    }
}
