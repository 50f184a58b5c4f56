package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.args;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.fail;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary tags of runs killed long ago are removed by a later run; a running build's never are. */
class TemporaryTagsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration AGE = Duration.ofHours(48);

    @TempDir
    Path root;

    @Test
    void aRunIdStartsWithItsStartSecondAndReadsBack() {
        String runId = TemporaryTags.newRunId(NOW);
        String tag = "cached-docker-build-tmp:" + runId + "-deps";

        assertThat(runId).matches("[0-9a-z]+-[0-9a-f]{6}");
        assertThat(TemporaryTags.isStale(tag, NOW.plus(AGE).plusSeconds(1), AGE)).isTrue();
        assertThat(TemporaryTags.isStale(tag, NOW.plus(AGE), AGE)).isFalse();
    }

    @Test
    void onlyOurTagsOfRunsStartedLongAgoAreStale() {
        assertThat(TemporaryTags.isStale(tagStarted(NOW.minus(Duration.ofDays(3))), NOW, AGE)).isTrue();
        assertThat(TemporaryTags.isStale(tagStarted(NOW.minus(Duration.ofHours(47))), NOW, AGE)).isFalse();
        assertThat(TemporaryTags.isStale("cached-docker-build-tmp:ab12cd34ef56-deps", NOW, AGE))
                .as("a run id of an older version: read as a date far ahead, so never stale").isFalse();
        assertThat(TemporaryTags.isStale("cached-docker-build-tmp:<none>", NOW, AGE)).isFalse();
        assertThat(TemporaryTags.isStale("other-repo:" + tagStarted(Instant.EPOCH).split(":")[1], NOW, AGE))
                .isFalse();
    }

    @Test
    void theSweepRemovesOnlyStaleTagsAndAllowsForLongBuildTimeouts() throws Exception {
        OrchestratorFixture fixture = new OrchestratorFixture(root);
        String stale = tagStarted(Instant.now().minus(Duration.ofDays(3)));
        String running = tagStarted(Instant.now().minus(Duration.ofHours(60)));
        fixture.runner.on(List.of("image", "ls"), succeed(stale + "\n" + running + "\n"));
        fixture.classicDocker().manifests(fail(1, "no such manifest"));

        fixture.build(fixture.request().buildTimeout(Duration.ofHours(31)).build());

        assertThat(fixture.commands("image", "rm", "--no-prune", stale)).as("older than twice the 31 h build timeout")
                .containsExactly(args("image", "rm", "--no-prune", stale));
        assertThat(fixture.arguments()).noneMatch(arguments -> arguments.contains(running));
    }

    private static String tagStarted(Instant started) {
        return "cached-docker-build-tmp:" + Long.toString(started.getEpochSecond(), 36) + "-0a1b2c-deps";
    }
}
