package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.TagSanitizer;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The temporary names of a run's images: every stage is built under a tag unique to the run (so a concurrent
 * build of the same branch never sees a half-built tag) and named for real only at the end. Temporary tags
 * are removed on every way out of a build, but not when the process is killed with {@code kill -9} or the
 * agent is lost. Each run's id therefore starts with the second it started (base 36), and every run removes,
 * in the background ({@link SweepStaleTagsStep}), the temporary tags of runs that started long before.
 */
final class TemporaryTags {
    static final String REPOSITORY = "cached-docker-build-tmp";
    static final Duration MIN_AGE = Duration.ofHours(48);
    private static final int RADIX = 36;

    private TemporaryTags() {
    }

    /** A new run id: the start second in base 36, then six random hex digits. */
    static String newRunId(Instant now) {
        return Long.toString(now.getEpochSecond(), RADIX) + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Temporary tags per target stage id, in build order. */
    static Map<String, String> of(String runId, List<Stage> targetStages) throws InvalidInputException {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Stage stage : targetStages) {
            tags.put(stage.id(), REPOSITORY + ":" + runId + "-" + TagSanitizer.toTag("target", stage.id(), 60));
        }
        return Collections.unmodifiableMap(tags);
    }

    /** Whether {@code ref} is a temporary tag whose run started more than {@code age} before {@code now}. */
    static boolean isStale(String ref, Instant now, Duration age) {
        String prefix = REPOSITORY + ":";
        int dash = ref.indexOf('-', prefix.length());
        if (!ref.startsWith(prefix) || dash < 0) {
            return false;
        }
        try {
            Instant started = Instant.ofEpochSecond(Long.parseLong(ref.substring(prefix.length(), dash), RADIX));
            return started.plus(age).isBefore(now);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return false;  // not a tag of ours as we write them now: leave it alone
        }
    }
}
