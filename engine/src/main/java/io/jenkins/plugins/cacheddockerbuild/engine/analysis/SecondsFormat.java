package io.jenkins.plugins.cacheddockerbuild.engine.analysis;

import java.util.Locale;

/**
 * Durations and ratios as people read them in verdicts and reports: {@code 0.4 s}, {@code 41 s},
 * {@code 3.2×}. One place, so the CLI table, the HTML report and the plugin say the same numbers.
 */
public final class SecondsFormat {

    private SecondsFormat() {
    }

    /** {@code 3.2 s} below ten seconds, whole seconds ({@code 41 s}) from there on. */
    public static String seconds(double seconds) {
        double abs = Math.abs(seconds);
        if (abs < 9.95) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        return String.format(Locale.ROOT, "%d s", Math.round(seconds));
    }

    /** Always one decimal ({@code 48.5 s}), for reasoning whose sums the reader should be able to check. */
    public static String precise(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    /** A speed-up factor, {@code 3.2×}. */
    public static String factor(double factor) {
        return String.format(Locale.ROOT, "%.1f×", factor);
    }

    /** A ratio in [0, 1] as a whole percentage, {@code 75%}. */
    public static String percent(double ratio) {
        return String.format(Locale.ROOT, "%d%%", Math.round(ratio * 100));
    }

    /**
     * An ISO-8601 instant as people read it, to the second in UTC ({@code 2026-12-04 19:48:38 UTC}); the value
     * as given if it is not one, empty for {@code null}.
     */
    public static String instant(String iso) {
        if (iso == null) {
            return "";
        }
        try {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", java.util.Locale.ROOT)
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.parse(iso));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }
}
