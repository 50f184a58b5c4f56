package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Temporary tags are removed on every way out of a build, but not when the process is killed with
 * {@code kill -9} or the agent is lost. Each run's id therefore starts with the second it started (base 36),
 * and every run removes, in the background, the temporary tags of runs that started long before: more than
 * 48 hours or twice its own build timeout ago, whichever is longer, so no running build loses its tags.
 */
final class StaleTemporaryTags {
    static final Duration MIN_AGE = Duration.ofHours(48);
    private static final int RADIX = 36;

    private StaleTemporaryTags() {
    }

    /** A new run id: the start second in base 36, then six random hex digits. */
    static String newRunId(Instant now) {
        return Long.toString(now.getEpochSecond(), RADIX) + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Starts the sweep; it reports nothing but a debug line, and its failures only mean no sweep this time. */
    static Background<Integer> start(RunContext run) {
        return Background.start("stale tag sweep", () -> sweep(run, Instant.now()));
    }

    static int sweep(RunContext run, Instant now) throws Exception {
        CommandResult listed = run.builder().tagsOf(BuildStagesStep.TEMP_REPOSITORY);
        if (!listed.succeeded()) {
            return 0;
        }
        Duration age = maxAge(run);
        List<String> stale = listed.stdout().lines().map(String::strip).filter(ref -> isStale(ref, now, age)).toList();
        if (stale.isEmpty()) {
            return 0;
        }
        CommandResult removed = run.builder().untag(stale);
        run.events().debug(Phase.PLAN, (removed.succeeded() ? "removed " : "could not remove all of ") + stale.size()
                + " temporary tag(s) of runs that started over " + age.toHours() + " h ago and never cleaned up");
        return removed.succeeded() ? stale.size() : 0;
    }

    private static Duration maxAge(RunContext run) {
        Duration twice = run.request().buildTimeout().multipliedBy(2);
        return twice.compareTo(MIN_AGE) > 0 ? twice : MIN_AGE;
    }

    /** Whether {@code ref} is a temporary tag whose run started more than {@code age} before {@code now}. */
    static boolean isStale(String ref, Instant now, Duration age) {
        String prefix = BuildStagesStep.TEMP_REPOSITORY + ":";
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
