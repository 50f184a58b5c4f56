package io.jenkins.plugins.cacheddockerbuild.engine.api;

/** A user mistake in the options or the Dockerfile: exit code 2, names the culprit. */
public class InvalidInputException extends CachedBuildException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String value;

    public InvalidInputException(String field, String value, String problem) {
        super(field + ": " + problem + (value == null ? "" : " (got '" + value + "')"));
        this.field = field;
        this.value = value;
    }

    /** The option or Dockerfile element at fault, e.g. {@code tag} or {@code Dockerfile line 3}. */
    public String field() {
        return field;
    }

    /** The offending value, or {@code null}. */
    public String value() {
        return value;
    }

    @Override
    public int exitCode() {
        return 2;
    }
}
