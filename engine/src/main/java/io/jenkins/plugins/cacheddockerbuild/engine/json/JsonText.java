package io.jenkins.plugins.cacheddockerbuild.engine.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text through jackson-jr, the one JSON library of the engine and the CLI: reading as strictly as RFC 8259
 * (no trailing commas or tokens, no duplicate names, no NaN), with the line and column of a mistake, and
 * writing indented, {@code "name": value}, one member or element a line.
 *
 * <p>Read trees hold {@link Map} (members in file order), {@link List}, {@link String}, {@link Long} (every
 * integer that fits, else a {@link Double}), {@link Double}, {@link Boolean} and {@code null}.
 */
public final class JsonText {
    /** Deeper nesting is no report nor docker output; refusing it keeps the reader off the stack's limit. */
    public static final int MAX_DEPTH = 200;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    private static final JSON STRICT = JSON.builder(FACTORY).build()
            .with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS, JSON.Feature.PRESERVE_FIELD_ORDERING,
                    JSON.Feature.WRITE_NULL_PROPERTIES)
            .with(new DefaultPrettyPrinter()
                    .withSeparators(Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private JsonText() {
    }

    /**
     * Parses one JSON value.
     *
     * @throws JsonSyntaxException naming the line and column of the first mistake
     */
    public static Object parse(String text) throws JsonSyntaxException {
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        try (JsonParser parser = FACTORY.createParser(json)) {
            Object value = STRICT.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw syntax(parser.currentLocation(), "more after the end of the value");
            }
            return normalized(value, parser);
        } catch (StreamConstraintsException e) {
            throw new JsonSyntaxException("not valid JSON: nested deeper than " + MAX_DEPTH + " levels", e);
        } catch (JsonProcessingException e) {
            throw syntax(e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new JsonSyntaxException("not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The JSON text of a tree (maps with string keys, lists, strings, numbers, booleans, nulls), indented,
     * with a trailing newline. Besides the control characters, U+007F and U+2028/U+2029 (which break JavaScript
     * embedding) are written as escapes; an unpaired surrogate, which no UTF-8 encoder can write and jackson
     * refuses to read even as an escape, is written as U+FFFD, as a UTF-8 file would hold it.
     */
    public static String write(Object tree) {
        try {
            return printable(STRICT.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(tree)) + "\n";
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
        }
    }

    private static Object normalized(Object value, JsonParser parser) throws JsonSyntaxException {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put((String) entry.getKey(), normalized(entry.getValue(), parser));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(normalized(element, parser));
            }
            return copy;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (value instanceof BigDecimal || value instanceof Float) {
            value = ((Number) value).doubleValue();
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw syntax(parser.currentLocation(), "a number too large for a double");
        }
        return value;
    }

    private static JsonSyntaxException syntax(JsonLocation at, String problem) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new JsonSyntaxException("not valid JSON" + where + ": " + problem, null);
    }

    private static String printable(String json) {
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean unpaired = unpairedSurrogate(json, i);
            boolean escape = c == 0x7f || c == '\u2028' || c == '\u2029';
            if ((escape || unpaired) && out == null) {
                out = new StringBuilder(json.length() + 16).append(json, 0, i);
            }
            if (escape) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (unpaired) {
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? json : out.toString();
    }

    private static boolean unpairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
