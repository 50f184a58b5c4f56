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

    /** The first line of {@link #reason()}: for commands that print only their error, e.g. {@code login}. */
    public String firstReasonLine() {
        String text = reason();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** The last line of {@link #reason()}: docker prints progress first and its error last. */
    public String errorLine() {
        String text = reason();
        return text.substring(text.lastIndexOf('\n') + 1);
    }
}
