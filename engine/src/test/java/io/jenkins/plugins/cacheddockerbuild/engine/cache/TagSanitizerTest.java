package io.jenkins.plugins.cacheddockerbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TagSanitizerTest {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "feature/Login        | feature-login",
        "main                 | main",
        "Main                 | main",
        "release/1.2.x        | release-1.2.x",
        "release/1.0..2       | release-1.0.2",
        "fix/ünïcode Name     | fix-unicode-name",
        "fix:bug@home         | fix-bug-home",
        "my branch            | my-branch",
        "feat$(rm -rf)        | feat-rm-rf",
        "a;b                  | a-b",
        "a..b                 | a.b",
        "a/-/b                | a-b",
        "a._-b                | a.b",
        "/leading/and/trailing/ | leading-and-trailing",
        "...dots...           | dots",
        "__under__            | under",
        "fëature/ünïcode      | feature-unicode",
        "Ça/marche            | ca-marche",
        "ﬁx/ligature          | fix-ligature",
        "feature/日本語-ui     | feature-ui",
    })
    void turnsBranchNamesIntoValidTags(String branch, String tag) throws Exception {
        assertThat(TagSanitizer.branchTag(branch)).isEqualTo(tag).matches(TAG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"日本語", "$()", "/", "..", " ; ", "---", "@:"})
    void rejectsNamesWithNothingUsableNamingTheValue(String branch) {
        assertThatThrownBy(() -> TagSanitizer.branchTag(branch))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("branch")
                .hasMessageContaining(branch.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsEmptyNames(String branch) {
        assertThatThrownBy(() -> TagSanitizer.branchTag(branch))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("branch: must not be empty");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> TagSanitizer.branchTag(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void keepsATagOfExactlyTheMaximumLengthUnchanged() throws Exception {
        String name = "b".repeat(128);
        assertThat(TagSanitizer.branchTag(name)).isEqualTo(name);
    }

    @Test
    void shortensOverlongNamesToAPrefixAndAnEightHexHash() throws Exception {
        String name = "feature/" + "very-long-description-".repeat(10);

        String tag = TagSanitizer.branchTag(name);

        assertThat(tag).hasSizeLessThanOrEqualTo(128).matches(TAG).startsWith("feature-very-long-description-")
                .matches(".*-[0-9a-f]{8}").doesNotContain("--");
        String fullTag = "feature-" + "very-long-description-".repeat(10);
        assertThat(tag).endsWith("-" + TagSanitizer.shortHash(fullTag.substring(0, fullTag.length() - 1)));
    }

    @Test
    void twoLongNamesSharingAPrefixStayDistinct() throws Exception {
        String prefix = "feature/" + "x".repeat(200);

        String one = TagSanitizer.branchTag(prefix + "-one");
        String two = TagSanitizer.branchTag(prefix + "-two");

        assertThat(one).isNotEqualTo(two);
        assertThat(one.substring(0, 119)).isEqualTo(two.substring(0, 119));
        assertThat(one).hasSizeLessThanOrEqualTo(128);
        assertThat(two).hasSizeLessThanOrEqualTo(128);
    }

    @Test
    void longNamesThatSanitiseAlikeShareATagLikeShortOnesDo() throws Exception {
        // Main and main share a cache; so must two long names that differ only in case or separators.
        String tail = "-" + "y".repeat(150);

        assertThat(TagSanitizer.branchTag("Feature/Login" + tail)).isEqualTo(TagSanitizer.branchTag("feature-login" + tail));
    }

    @Test
    void theTruncationPointNeverLeavesASeparatorBeforeTheHash() throws Exception {
        for (int cut = 100; cut < 130; cut++) {
            String name = "a".repeat(cut) + "/." + "b".repeat(200);
            String tag = TagSanitizer.toTag("branch", name, 128);
            assertThat(tag).doesNotContain("--").doesNotContain("-.").doesNotContain(".-").matches(TAG)
                    .hasSizeLessThanOrEqualTo(128);
        }
    }

    @Test
    void honoursASmallerLimit() throws Exception {
        String tag = TagSanitizer.toTag("target", "s".repeat(50), 40);

        assertThat(tag).hasSize(40).matches("s{31}-[0-9a-f]{8}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-x-", "x/", "/x", "x..", "..x", "_x_", "x/.-_/y"})
    void neverStartsOrEndsWithASeparatorAndNeverDoublesOne(String name) throws Exception {
        String tag = TagSanitizer.branchTag(name);

        assertThat(tag).doesNotStartWith("-").doesNotStartWith(".").doesNotStartWith("_")
                .doesNotEndWith("-").doesNotEndWith(".").doesNotEndWith("_")
                .doesNotContain("--").matches(TAG);
    }

    @Test
    void shortHashIsEightStableHexCharacters() {
        assertThat(TagSanitizer.shortHash("main")).matches("[0-9a-f]{8}").isEqualTo(TagSanitizer.shortHash("main"));
        assertThat(TagSanitizer.shortHash("main")).isNotEqualTo(TagSanitizer.shortHash("main2"));
        // the well-known SHA-256 of nothing
        assertThat(TagSanitizer.shortHash("")).isEqualTo("e3b0c442");
    }
}
