package io.jenkins.plugins.cacheddockerbuild.engine.cache;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Turns branch names into valid image tags: {@code feature/Login} becomes {@code feature-login}.
 *
 * <p>The tag grammar is {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}. We lower-case (so {@code Main} and
 * {@code main} share a cache), fold accents to ASCII, turn every other character into {@code -}, collapse
 * runs of separators into one (so {@code --} never occurs and can separate a branch from a stage in
 * cache tags), and shorten overlong names to a prefix plus an 8-character hash so two long branches
 * that share a prefix stay apart.
 */
public final class TagSanitizer {
    /** Longest tag docker accepts. */
    public static final int MAX_TAG_LENGTH = 128;
    private static final int HASH_LENGTH = 8;

    private TagSanitizer() {
    }

    /**
     * The tag for {@code name}, limited to {@code maxLength} characters.
     *
     * @param field the option the name came from, for the error message
     * @throws InvalidInputException when nothing usable is left (e.g. {@code "$()"})
     */
    public static String toTag(String field, String name, int maxLength) throws InvalidInputException {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException(field, name, "must not be empty");
        }
        String folded = Normalizer.normalize(name.strip(), Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        StringBuilder tag = new StringBuilder();
        char previous = '-';
        for (char c : folded.toLowerCase(Locale.ROOT).toCharArray()) {
            char mapped = isTagChar(c) ? c : '-';
            boolean separator = mapped == '-' || mapped == '.' || mapped == '_';
            if (separator && (previous == '-' || previous == '.' || previous == '_')) {
                continue;
            }
            tag.append(mapped);
            previous = mapped;
        }
        while (tag.length() > 0 && isSeparator(tag.charAt(tag.length() - 1))) {
            tag.setLength(tag.length() - 1);
        }
        if (tag.length() == 0) {
            throw new InvalidInputException(field, name, "has no character that can go into an image tag");
        }
        if (tag.length() > maxLength) {
            // Hash the sanitised form, not the raw name: names that sanitise alike must share a tag at any length.
            String hash = shortHash(tag.toString());
            String prefix = tag.substring(0, maxLength - HASH_LENGTH - 1);
            return trimTrailingSeparators(prefix) + "-" + hash;
        }
        return tag.toString();
    }

    /** The tag for a branch name, at most 128 characters. */
    public static String branchTag(String branch) throws InvalidInputException {
        return toTag("branch", branch, MAX_TAG_LENGTH);
    }

    /** Eight hex characters of SHA-256: short, stable, and enough to keep names apart. */
    public static String shortHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static boolean isTagChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }

    private static boolean isSeparator(char c) {
        return c == '-' || c == '.' || c == '_';
    }

    private static String trimTrailingSeparators(String value) {
        int end = value.length();
        while (end > 0 && isSeparator(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end);
    }
}
