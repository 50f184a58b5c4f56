package io.jenkins.plugins.cacheddockerbuild.engine.api;

/**
 * What a finished command left: its exit code, its standard output and its standard error.
 *
 * @param exitCode the child's exit code
 * @param stdout everything written to standard output
 * @param stderr everything written to standard error
 */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Standard error, else standard output, trimmed: the best one-line reason for a failure. */
    public String reason() {
        String text = stderr == null || stderr.isBlank() ? stdout : stderr;
        return text == null ? "" : text.strip();
    }
}
