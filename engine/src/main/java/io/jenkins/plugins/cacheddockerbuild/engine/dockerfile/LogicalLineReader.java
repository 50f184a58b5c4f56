package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Dockerfile text into logical lines the way docker's parser does: parser directives read off the
 * top, comments and blank lines dropped, continuation lines joined (a comment inside a continuation is
 * skipped, as docker does), heredoc bodies consumed.
 */
final class LogicalLineReader {

    /** One instruction's text before it is split into keyword and arguments. */
    record LogicalLine(int line, String text) {
    }

    private static final Pattern DIRECTIVE =
            Pattern.compile("^#[ \\t]*([a-zA-Z][a-zA-Z0-9]*)[ \\t]*=[ \\t]*(.+?)[ \\t]*$");
    private static final Set<String> KNOWN_DIRECTIVES = Set.of("syntax", "escape", "check");
    private static final Set<String> HEREDOC_KEYWORDS = Set.of("RUN", "COPY", "ADD");
    /** A heredoc start word: {@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}, {@code <<'EOF'}. */
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");
    private static final Pattern FLAG = Pattern.compile("--\\S+");

    private final String[] lines;
    private char escape = '\\';
    private int next;

    LogicalLineReader(String text) {
        this.lines = text.split("\r?\n", -1);
    }

    /** The escape character, known after {@link #read()}. */
    char escape() {
        return escape;
    }

    List<LogicalLine> read() throws InvalidInputException {
        readDirectives();
        List<LogicalLine> result = new ArrayList<>();
        while (next < lines.length) {
            LogicalLine line = readInstruction();
            if (line != null) {
                skipHeredocBodies(line);
                result.add(line);
            }
        }
        return result;
    }

    /** Directives count only in the leading run of {@code # key=value} comments. */
    private void readDirectives() throws InvalidInputException {
        Set<String> seen = new java.util.HashSet<>();
        while (next < lines.length) {
            Matcher m = DIRECTIVE.matcher(stripBom(lines[next]).strip());
            if (!m.matches()) {
                return;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            if (!KNOWN_DIRECTIVES.contains(key)) {
                // docker treats an unknown directive as a comment, which ends the directive block
                return;
            }
            if (!seen.add(key)) {
                throw new InvalidInputException(field(next + 1), lines[next].strip(),
                        "the '" + key + "' parser directive may only be given once");
            }
            if (key.equals("escape")) {
                escape = escapeCharacter(m.group(2), next + 1);
            }
            next++;
        }
    }

    private static char escapeCharacter(String value, int line) throws InvalidInputException {
        if (!value.equals("\\") && !value.equals("`")) {
            throw new InvalidInputException(field(line), value, "the escape directive must be \\ or `");
        }
        return value.charAt(0);
    }

    private LogicalLine readInstruction() {
        int start = next + 1;
        String first = stripBom(lines[next++]).stripLeading();
        if (first.isEmpty() || first.startsWith("#")) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        boolean continued = appendPart(text, first);
        while (continued && next < lines.length) {
            String part = lines[next++];
            String trimmed = part.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                // docker skips comments and (with a warning) empty lines inside a continuation
                continue;
            }
            continued = appendPart(text, part);
        }
        return new LogicalLine(start, text.toString().strip());
    }

    /** Appends one physical line; returns whether it ended with the escape character (a continuation). */
    private boolean appendPart(StringBuilder text, String part) {
        String withoutTrailingBlanks = part.replaceFirst("[ \\t]+$", "");
        if (!withoutTrailingBlanks.isEmpty()
                && withoutTrailingBlanks.charAt(withoutTrailingBlanks.length() - 1) == escape) {
            // docker joins without adding a separator, keeping the whitespace around the break
            text.append(withoutTrailingBlanks, 0, withoutTrailingBlanks.length() - 1);
            return true;
        }
        text.append(part);
        return false;
    }

    /**
     * Heredoc bodies belong to their instruction and are not parsed as instructions. The classic builder
     * does not know heredocs at all; BuildKit needs the dockerfile:1.4 syntax for them. Their content does
     * not matter to stage planning, so it is skipped rather than kept.
     */
    private void skipHeredocBodies(LogicalLine line) throws InvalidInputException {
        String keyword = line.text().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (!HEREDOC_KEYWORDS.contains(keyword)) {
            return;
        }
        List<String> words = rawWords(line.text());
        int first = 1;
        while (first < words.size() && FLAG.matcher(words.get(first)).matches()) {
            first++;
        }
        if (first < words.size() && words.get(first).startsWith("[")) {
            return;  // exec form (a JSON array): docker reads no heredoc there, ["<<EOF"] is an argument
        }
        for (String word : words.subList(Math.min(first, words.size()), words.size())) {
            Matcher m = HEREDOC.matcher(word);
            if (m.matches()) {
                skipUntil(m.group(3), !m.group(1).isEmpty(), line);
            }
        }
    }

    /**
     * The line's words as docker's heredoc detection sees them: split at unquoted blanks, quotes kept, so a
     * quoted {@code "<<WORD"} is a word starting with a quote and no heredoc (BuildKit's lexer with raw quotes).
     */
    static List<String> rawWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                continue;
            }
            if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                word.append(c).append(text.charAt(++i));
                continue;
            }
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            word.append(c);
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    private void skipUntil(String terminator, boolean stripTabs, LogicalLine line) throws InvalidInputException {
        while (next < lines.length) {
            String body = lines[next++];
            String candidate = stripTabs ? body.replaceFirst("^\\t+", "") : body;
            if (candidate.equals(terminator)) {
                return;
            }
        }
        throw new InvalidInputException(field(line.line()), line.text(),
                "the heredoc <<" + terminator + " is never closed by a line '" + terminator + "'");
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    static String field(int line) {
        return "Dockerfile line " + line;
    }
}
