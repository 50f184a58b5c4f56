package io.jenkins.plugins.cacheddockerbuild;

/** Normalises form and Pipeline values: {@code null} and blanks become empty, values are trimmed. */
final class Fields {
    private Fields() {
    }

    static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    static String orDefault(String value, String fallback) {
        String trimmed = trim(value);
        return trimmed.isEmpty() ? fallback : trimmed;
    }

    static String emptyToNull(String value) {
        String trimmed = trim(value);
        return trimmed.isEmpty() ? null : trimmed;
    }
}
