package io.jenkins.plugins.cacheddockerbuild.engine.report;

/**
 * A report file that cannot be read: not JSON, not a cached-docker-build report, a field of the wrong
 * type, or a report written by a newer, incompatible version. The message names the place (line and
 * column, or the field path such as {@code stages[1].steps}) so the file can be fixed or discarded.
 */
public class ReportFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public ReportFormatException(String message) {
        super(message);
    }
}
