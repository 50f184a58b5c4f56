package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.io.IOException;

/** A docker call outlived its timeout and was killed. */
public class CommandTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public CommandTimeoutException(String message) {
        super(message);
    }
}
