package io.jenkins.plugins.cacheddockerbuild.cli;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.Locale;

/** Parses sizes like {@code 500m} or {@code 10g}. */
final class Sizes {
    private Sizes() {
    }

    static long parse(String option, String value) throws InvalidInputException {
        String text = value.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            case 't' -> unit = 1L << 40;
            default -> unit = 1;
        }
        String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
        try {
            long number = Long.parseLong(digits);
            if (number <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(number, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidInputException(option, value, "expected a positive size such as 500m or 10g");
        }
    }
}
