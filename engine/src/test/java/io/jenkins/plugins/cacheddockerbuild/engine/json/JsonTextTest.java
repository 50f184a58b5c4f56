package io.jenkins.plugins.cacheddockerbuild.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON text through jackson-jr: as strict as RFC 8259, with the place of a mistake, and printable output. */
class JsonTextTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void parsesEveryKindOfValue() throws Exception {
        Object value = JsonText.parse("\uFEFF { \"a\": [1, -2.5, 3e2, 0, -0, 12345678901234567890, true, false, null],"
                + " \"s\": \"x\\u00e9\\n\\\"\\/\", \"o\": {} , \"e\": [] }\r\n");

        Map<String, Object> expected = new LinkedHashMap<>();
        List<Object> a = new ArrayList<>(List.of(1L, -2.5, 300.0, 0L, 0L, 1.2345678901234567e19, true, false));
        a.add(null);
        expected.put("a", a);
        expected.put("s", "xé\n\"/");
        expected.put("o", Map.of());
        expected.put("e", List.of());
        assertThat(value).isEqualTo(expected);
    }

    @Test
    void writesOneMemberOrElementALineWithTheDocumentedSpacing() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("a", 1L);
        tree.put("list", List.of("x", 2.5));
        tree.put("empty", List.of());
        tree.put("none", Map.of());
        tree.put("nothing", null);

        assertThat(JsonText.write(tree)).isEqualTo("{\n  \"a\": 1,\n  \"list\": [\n    \"x\",\n    2.5\n  ],\n"
                + "  \"empty\": [],\n  \"none\": {},\n  \"nothing\": null\n}\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1,}", "[1, 2,]", "{\"a\" 1}", "{a: 1}", "[01]", "[1.]", "[.5]", "[1e]", "[+1]",
        "[\"tab\there\"]", "[\"bad \\x escape\"]", "[\"\\u12G4\"]", "[\"\\u0661\\u0662\\u0663\\u0664\"x]", "[\"open]",
        "{\"a\": 1, \"a\": 2}", "[1] [2]", "[tru]", "[nul]", "[NaN]", "[Infinity]", "[1e999]", "'single'", "[1,,2]",
        "{\"a\": 1 \"b\": 2}", "[\"\\u00\"]"})
    void rejectsWhatRfc8259Rejects(String text) {
        assertThatThrownBy(() -> JsonText.parse(text)).isInstanceOf(JsonSyntaxException.class)
                .hasMessageStartingWith("not valid JSON at line 1, column ");
    }

    @Test
    void rejectsDeepNestingInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThatThrownBy(() -> JsonText.parse(deep)).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("nested deeper than");
    }

    @Test
    void reportsLineAndColumnOfTheError() {
        assertThatThrownBy(() -> JsonText.parse("{\n  \"a\": 1,\n  \"b\": ?\n}")).isInstanceOf(JsonSyntaxException.class)
                .hasMessageStartingWith("not valid JSON at line 3, column 8: Unexpected character ('?'");
    }

    @Test
    void writerAndParserAgreeWithJacksonOnRandomStrings() throws Exception {
        Random random = new Random(20250602);
        for (int round = 0; round < 300; round++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                s.append(switch (random.nextInt(4)) {
                    case 0 -> (char) random.nextInt(0x80);
                    case 1 -> (char) random.nextInt(0x10000);
                    case 2 -> "\"\\\n\u2028";
                    default -> new String(Character.toChars(0x10000 + random.nextInt(0x100000 - 0x10000)));
                });
            }
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put(s.toString(), List.of(s.toString(), random.nextDouble() * 1000, random.nextLong()));

            String json = JsonText.write(tree);

            // what a UTF-8 file can hold: an unpaired surrogate becomes U+FFFD
            String kept = replaceUnpairedSurrogates(s.toString());
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put(kept, List.of(kept, tree.get(s.toString()) instanceof List<?> l ? l.get(1) : null,
                    ((List<?>) tree.get(s.toString())).get(2)));
            assertThat(JsonText.parse(json)).isEqualTo(expected);
            Map<?, ?> byDatabind = MAPPER.readValue(json, Map.class);
            assertThat(List.copyOf(byDatabind.keySet())).isEqualTo(List.of(kept));
            assertThat(json.chars().filter(c -> c < 0x20 && c != '\n' || c == 0x2028 || c == 0x2029)).isEmpty();
        }
    }

    static String replaceUnpairedSurrogates(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            out.append(Character.isSurrogate(c) && !paired ? '\uFFFD' : c);
        }
        return out.toString();
    }
}
