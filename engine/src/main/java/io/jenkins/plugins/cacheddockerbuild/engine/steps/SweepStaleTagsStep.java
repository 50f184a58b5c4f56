package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Removes the temporary tags of runs that started more than 48 hours or twice this run's build timeout ago,
 * whichever is longer, so no running build loses its tags ({@link TemporaryTags}). Runs in the background; it
 * reports nothing but a debug line, and its failures only mean no sweep this time. Returns how many it removed.
 */
final class SweepStaleTagsStep implements Step<Integer> {
    private final BuilderBackend builder;
    private final Events events;
    private final Duration buildTimeout;
    private final Instant now;

    SweepStaleTagsStep(BuilderBackend builder, Events events, Duration buildTimeout, Instant now) {
        this.builder = builder;
        this.events = events;
        this.buildTimeout = buildTimeout;
        this.now = now;
    }

    @Override
    public Integer call() throws DockerUnavailableException, IOException, InterruptedException {
        CommandResult listed = builder.tagsOf(TemporaryTags.REPOSITORY);
        if (!listed.succeeded()) {
            return 0;
        }
        Duration twice = buildTimeout.multipliedBy(2);
        Duration age = twice.compareTo(TemporaryTags.MIN_AGE) > 0 ? twice : TemporaryTags.MIN_AGE;
        List<String> stale = listed.stdout().lines().map(String::strip)
                .filter(ref -> TemporaryTags.isStale(ref, now, age)).toList();
        if (stale.isEmpty()) {
            return 0;
        }
        CommandResult removed = builder.untag(stale);
        events.debug(Phase.PLAN, (removed.succeeded() ? "removed " : "could not remove all of ") + stale.size()
                + " temporary tag(s) of runs that started over " + age.toHours() + " h ago and never cleaned up");
        return removed.succeeded() ? stale.size() : 0;
    }
}
