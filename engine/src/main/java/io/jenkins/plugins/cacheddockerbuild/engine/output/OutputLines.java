package io.jenkins.plugins.cacheddockerbuild.engine.output;

import java.util.regex.Pattern;

/** Normalises a line of docker output before it is matched. */
final class OutputLines {

    /**
     * The legacy builder colours a step's standard error ({@code ESC[91m} ... {@code ESC[0m}), and the reset
     * lands at the start of the next line it prints, e.g. {@code ESC[0mRemoving intermediate container}.
     */
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private OutputLines() {
    }

    static String clean(String line) {
        // the classic client ends its "Sending build context" progress line with \r\r\n
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        String text = line.substring(0, end);
        return text.indexOf('\u001B') < 0 ? text : ANSI_ESCAPE.matcher(text).replaceAll("");
    }
}
