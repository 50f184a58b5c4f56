package io.jenkins.plugins.cacheddockerbuild.engine.cache;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Checks image repositories and tags against the distribution reference grammar, so a bad value is
 * reported with its name before docker ever sees it.
 */
public final class ImageReference {
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final int MAX_NAME_LENGTH = 255;

    private ImageReference() {
    }

    /**
     * Validates a repository such as {@code registry:5000/team/app} (no tag, no digest).
     *
     * @param field the option it came from, for the message
     * @return the repository, trimmed
     */
    public static String repository(String field, String value) throws InvalidInputException {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, value, "an image repository is required, e.g. registry.example.com/team/app");
        }
        String repo = value.strip();
        if (repo.contains("@")) {
            throw new InvalidInputException(field, value, "give the repository without a digest");
        }
        String[] parts = repo.split("/", -1);
        int first = 0;
        if (parts.length > 1 && looksLikeHost(parts[0])) {
            if (!HOST.matcher(parts[0]).matches()) {
                throw new InvalidInputException(field, value, "'" + parts[0] + "' is not a valid registry host");
            }
            first = 1;
        }
        for (int i = first; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && part.contains(":")) {
                throw new InvalidInputException(field, value,
                        "give the repository without a tag and put tags in the tag option");
            }
            if (!PATH_COMPONENT.matcher(part).matches()) {
                throw new InvalidInputException(field, value,
                        "'" + part + "' is not a valid repository name component (lower-case letters, digits, "
                                + "and . _ - between them)");
            }
        }
        if (repo.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException(field, value, "is longer than 255 characters");
        }
        return repo;
    }

    /** Validates a tag given as is (not a branch name: those are sanitised instead). */
    public static String tag(String field, String value) throws InvalidInputException {
        if (value == null || !TAG.matcher(value.strip()).matches()) {
            throw new InvalidInputException(field, value,
                    "is not a valid tag (letters, digits, _ . -; must not start with . or -; at most 128 characters)");
        }
        return value.strip();
    }

    /**
     * Validates a full reference {@code repo[:tag][@digest]} given by the user, e.g. an extra cache source.
     */
    public static String reference(String field, String value) throws InvalidInputException {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, value, "must not be empty");
        }
        String ref = value.strip();
        String rest = ref;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String digest = rest.substring(at + 1);
            if (!digest.matches("[a-z0-9]+:[a-fA-F0-9]{32,}")) {
                throw new InvalidInputException(field, value, "'" + digest + "' is not a valid digest");
            }
            rest = rest.substring(0, at);
        }
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag(field, rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        repository(field, rest);
        return ref;
    }

    /** The registry host of a repository, or {@code docker.io} when none is named. */
    public static String registryOf(String repository) {
        int slash = repository.indexOf('/');
        if (slash > 0 && looksLikeHost(repository.substring(0, slash))) {
            return repository.substring(0, slash);
        }
        return "docker.io";
    }

    /** The repository part of a full reference (tag and digest removed). */
    public static String repositoryOf(String reference) {
        String rest = reference;
        int at = rest.indexOf('@');
        if (at >= 0) {
            rest = rest.substring(0, at);
        }
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        return colon > slash ? rest.substring(0, colon) : rest;
    }

    // As docker does: the first component is a host if it has a dot or a port, or is localhost.
    private static boolean looksLikeHost(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost")
                || !component.equals(component.toLowerCase(java.util.Locale.ROOT));
    }
}
