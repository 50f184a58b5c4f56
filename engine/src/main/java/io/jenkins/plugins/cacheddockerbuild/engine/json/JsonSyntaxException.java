package io.jenkins.plugins.cacheddockerbuild.engine.json;

/** Text that is not JSON; the message names where ({@code not valid JSON at line L, column C: ...}). */
public final class JsonSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    JsonSyntaxException(String message, Throwable cause) {
        super(message, cause);
    }
}
