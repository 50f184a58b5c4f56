package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import java.util.Locale;

/** What a failed registry call (manifest inspect, pull, push) means, told from docker's error text. */
public enum RegistryFailure {
    /** The tag does not exist: normal on a first build. */
    MISSING,
    /** 401/403: credentials missing or wrong, or no permission. */
    DENIED,
    /** Connection refused, timeout, reset, DNS: maybe transient. */
    UNREACHABLE,
    /** The docker daemon itself is not answering. */
    DAEMON_DOWN,
    /** Anything else, e.g. a 5xx from the registry. */
    OTHER;

    public static RegistryFailure classify(String errorText) {
        String text = errorText == null ? "" : errorText.toLowerCase(Locale.ROOT);
        if (text.contains("cannot connect to the docker daemon") || text.contains("is the docker daemon running")
                || text.contains("error during connect")) {
            return DAEMON_DOWN;
        }
        if (text.contains("unauthorized") || text.contains("denied") || text.contains("authentication required")
                || text.contains("403 forbidden") || text.contains("401 unauthorized")) {
            return DENIED;
        }
        if (text.contains("no such manifest") || text.contains("manifest unknown") || text.contains("not found")
                || text.contains("does not exist")) {
            return MISSING;
        }
        if (text.contains("connection refused") || text.contains("no such host") || text.contains("timeout")
                || text.contains("connection reset") || text.contains("eof") || text.contains("dial tcp")
                || text.contains("broken pipe") || text.contains("tls")) {
            return UNREACHABLE;
        }
        return OTHER;
    }

    /** Worth trying again after a pause. */
    public boolean transientFailure() {
        return this == UNREACHABLE || this == OTHER;
    }

    /** Words for a warning. */
    public String describe() {
        return switch (this) {
            case MISSING -> "not found";
            case DENIED -> "access denied (check the credentials)";
            case UNREACHABLE -> "registry unreachable";
            case DAEMON_DOWN -> "docker daemon not answering";
            case OTHER -> "registry error";
        };
    }
}
