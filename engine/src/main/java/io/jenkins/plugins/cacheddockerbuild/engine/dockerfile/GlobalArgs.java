package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ARG}s declared before the first {@code FROM} and their values, and the substitution of
 * {@code $X}, {@code ${X}}, {@code ${X:-default}} (and {@code -}, {@code :+}, {@code +}) in {@code FROM}
 * lines and stage references, following docker's rules: a build arg only counts when the Dockerfile
 * declares it, and an undeclared variable is empty.
 */
final class GlobalArgs {

    /**
     * BuildKit defines these in the global scope without a declaration; their values depend on the
     * machine that builds, so they are left as written rather than guessed.
     */
    private static final Set<String> AUTOMATIC_PLATFORM_ARGS = Set.of("BUILDPLATFORM", "BUILDOS", "BUILDARCH",
            "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT");

    private final Map<String, String> buildArgs;
    private final char escape;
    private final List<String> names = new ArrayList<>();
    /** Declared names; the value is {@code null} when declared without default and not given. */
    private final Map<String, String> values = new HashMap<>();

    GlobalArgs(Map<String, String> buildArgs, char escape) {
        this.buildArgs = buildArgs == null ? Map.of() : buildArgs;
        this.escape = escape;
    }

    List<String> names() {
        return List.copyOf(names);
    }

    /** Reads {@code ARG a=1 b} into the scope; a value given for the build wins over the default. */
    void declare(String arguments, int line) throws InvalidInputException {
        List<String> words = ShellWords.split(arguments, escape);
        if (words.isEmpty()) {
            throw new InvalidInputException(LogicalLineReader.field(line), "ARG", "ARG needs a name");
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new InvalidInputException(LogicalLineReader.field(line), word, "not a valid ARG name");
            }
            String value = eq < 0 ? null : ShellWords.unquote(expand(word.substring(eq + 1), line), escape);
            if (buildArgs.containsKey(name)) {
                value = buildArgs.get(name);
            }
            if (!values.containsKey(name)) {
                names.add(name);
            }
            values.put(name, value);
        }
    }

    /** Substitutes the variables in {@code text}, leaving BuildKit's automatic platform args as written. */
    String expand(String text, int line) throws InvalidInputException {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == escape && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                i = expandBraced(text, i, out, line);
            } else if (c == '$' && i + 1 < text.length() && isNameStart(text.charAt(i + 1))) {
                int end = nameEnd(text, i + 1);
                out.append(valueOf(text.substring(i + 1, end), text.substring(i, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private int expandBraced(String text, int dollar, StringBuilder out, int line) throws InvalidInputException {
        int close = matchingBrace(text, dollar + 2);
        if (close < 0) {
            throw new InvalidInputException(LogicalLineReader.field(line), text, "missing '}' after '${'");
        }
        String inner = text.substring(dollar + 2, close);
        int nameEnd = nameEnd(inner, 0);
        String name = inner.substring(0, nameEnd);
        if (name.isEmpty()) {
            throw new InvalidInputException(LogicalLineReader.field(line), text, "bad substitution '${" + inner + "}'");
        }
        String modifier = inner.substring(nameEnd);
        String raw = text.substring(dollar, close + 1);
        out.append(applyModifier(name, modifier, raw, line));
        return close + 1;
    }

    private String applyModifier(String name, String modifier, String raw, int line) throws InvalidInputException {
        if (modifier.isEmpty()) {
            return valueOf(name, raw);
        }
        if (isAutomatic(name)) {
            return raw;
        }
        String value = values.get(name);
        boolean colon = modifier.startsWith(":");
        String op = colon ? modifier.substring(1) : modifier;
        boolean unset = value == null || (colon && value.isEmpty());
        if (op.startsWith("-")) {
            return unset ? expand(op.substring(1), line) : value;
        }
        if (op.startsWith("+")) {
            return unset ? "" : expand(op.substring(1), line);
        }
        throw new InvalidInputException(LogicalLineReader.field(line), raw,
                "unsupported substitution; use ${X}, ${X:-default} or ${X:+alternative}");
    }

    private String valueOf(String name, String raw) {
        if (isAutomatic(name)) {
            return raw;
        }
        String value = values.get(name);
        return value == null ? "" : value;
    }

    private boolean isAutomatic(String name) {
        return AUTOMATIC_PLATFORM_ARGS.contains(name) && values.get(name) == null;
    }

    private static int matchingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        return i;
    }
}
