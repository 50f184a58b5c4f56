package io.jenkins.plugins.cacheddockerbuild.engine.html;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Escaping and number formatting for the HTML report. Every string that comes from a report (stage
 * names, instructions, branch names, refs, warnings) goes through {@link #text}, in element content and
 * in (always double-quoted) attribute values alike, inline SVG included.
 */
final class Html {

    private Html() {
    }

    /** {@code s} escaped for HTML text and double- or single-quoted attributes; null becomes "". */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(isDisallowedControl(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** A number for an attribute or a coordinate: at most three decimals, no exponent, no locale. */
    static String num(double value) {
        if (!Double.isFinite(value)) {
            return "0";
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }

    /** Control characters other than tab, newline and carriage return are not allowed in HTML text. */
    private static boolean isDisallowedControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
    }
}
