package io.jenkins.plugins.cacheddockerbuild.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportJsonSyntaxTest {

    @Test
    void parsesEveryKindOfValue() throws Exception {
        Object value = JsonParser.parse("\uFEFF { \"a\": [1, -2.5, 3e2, 0, -0, 12345678901234567890, true, false, null],"
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

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1,}", "[1, 2,]", "{\"a\" 1}", "{a: 1}", "[01]", "[1.]", "[.5]", "[1e]", "[+1]",
        "[\"tab\there\"]", "[\"bad \\x escape\"]", "[\"\\u12G4\"]", "[\"\\u0661\\u0662\\u0663\\u0664\"x]", "[\"open]",
        "{\"a\": 1, \"a\": 2}", "[1] [2]", "[tru]", "[nul]", "[NaN]", "[Infinity]", "[1e999]", "'single'", "[1,,2]",
        "{\"a\": 1 \"b\": 2}", "[\"\\u00\"]"})
    void rejectsWhatRfc8259Rejects(String text) {
        assertThatThrownBy(() -> JsonParser.parse(text)).isInstanceOf(ReportFormatException.class)
                .hasMessageStartingWith("not valid JSON at line 1, column ");
    }

    @Test
    void rejectsDeepNestingInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThatThrownBy(() -> JsonParser.parse(deep)).isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("nested deeper than");
    }

    @Test
    void reportsLineAndColumnOfTheError() {
        assertThatThrownBy(() -> JsonParser.parse("{\n  \"a\": 1,\n  \"b\": ?\n}")).isInstanceOf(ReportFormatException.class)
                .hasMessage("not valid JSON at line 3, column 8: unexpected character '?', expected a value");
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

            String json = JsonWriter.write(tree);

            assertThat(JsonParser.parse(json)).isEqualTo(tree);
            Map<?, ?> byJackson = ReportSchema.mapper().readValue(json, Map.class);
            Map<?, ?> jacksonsOwn = ReportSchema.mapper().readValue(ReportSchema.mapper().writeValueAsString(tree), Map.class);
            assertThat(byJackson).isEqualTo(jacksonsOwn);
            assertThat(List.copyOf(byJackson.keySet())).isEqualTo(List.of(s.toString()));
        }
    }
}
