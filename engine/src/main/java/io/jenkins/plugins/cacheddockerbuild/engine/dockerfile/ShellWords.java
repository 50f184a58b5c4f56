package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits instruction arguments into words the way docker does for {@code ARG}, {@code FROM} and flags:
 * on unquoted whitespace, with quotes kept so the caller can decide when to remove them.
 */
final class ShellWords {

    private ShellWords() {
    }

    static List<String> split(String text, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == escape && quote != '\'' && i + 1 < text.length()) {
                word.append(c).append(text.charAt(++i));
            } else if (quote != 0) {
                word.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word.append(c);
            } else if (Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** Removes quotes and escape characters, as the shell would. */
    static String unquote(String word, char escape) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == escape && quote != '\'' && i + 1 < word.length()) {
                out.append(word.charAt(++i));
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
