package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** The {@code --flag=value} words docker reads at the start of an instruction's arguments. */
final class InstructionFlags {

    private InstructionFlags() {
    }

    /** The leading words that start with {@code --}, up to the first that does not. */
    static List<String> leading(String arguments, char escape) {
        List<String> flags = new ArrayList<>();
        for (String word : ShellWords.split(arguments, escape)) {
            if (!word.startsWith("--")) {
                break;
            }
            flags.add(word);
        }
        return flags;
    }

    /** The value of {@code key} in a {@code --mount} specification such as {@code type=cache,from=x}. */
    static String mountOption(String spec, String key) {
        for (String field : spec.split(",")) {
            int eq = field.indexOf('=');
            if (eq > 0 && field.substring(0, eq).strip().equalsIgnoreCase(key)) {
                return field.substring(eq + 1).strip();
            }
        }
        return null;
    }
}
