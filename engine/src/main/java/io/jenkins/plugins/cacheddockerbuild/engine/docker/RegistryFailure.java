package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import java.util.Locale;
import java.util.regex.Pattern;

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

    private static final Pattern URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s\"]*");

    /**
     * Classifies the error of a call about {@code ref}. The ref, its repository and any URL are taken out
     * first: they echo the user's names, and a repository called {@code denied-cache} or a branch called
     * {@code fix-timeout} must not decide what the error means.
     */
    public static RegistryFailure classify(String errorText, String ref) {
        String text = errorText == null ? "" : errorText;
        if (ref != null && !ref.isBlank()) {
            String repository = ImageReference.repositoryOf(ref);
            text = withoutName(withoutName(withoutName(text, ref), repository),
                    repository.substring(repository.indexOf('/') + 1));
        }
        return classify(URL.matcher(text).replaceAll("<url>"));
    }

    // Whole names only: a repository called "re" must not eat the "re" of "refused".
    private static String withoutName(String text, String name) {
        return text.replaceAll("(?<![\\w./:@-])" + Pattern.quote(name) + "(?![\\w./:@-])", "<name>");
    }

    public static RegistryFailure classify(String errorText) {
        String text = errorText == null ? "" : errorText.toLowerCase(Locale.ROOT);
        if (text.contains("cannot connect to the docker daemon") || text.contains("is the docker daemon running")
                || text.contains("error during connect")) {
            return DAEMON_DOWN;
        }
        if (text.contains("unauthorized") || text.contains("denied") || text.contains("authentication required")
                || text.contains("403 forbidden") || text.contains("401 unauthorized")
                || text.contains("no basic auth credentials") || text.contains("invalid username/password")) {
            return DENIED;
        }
        if (text.contains("no such manifest") || text.contains("manifest unknown") || text.contains("not found")
                || text.contains("does not exist") || text.contains("name unknown")) {
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
