package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A run killed with {@code kill -9} leaves its temporary tags; a later run on the same daemon removes those
 * of runs that started more than 48 hours ago, and leaves a tag that may still belong to a running build.
 */
class StaleTemporaryTagsIT extends OnFreshAgent {

    @Test
    void aLaterRunRemovesTheTemporaryTagsOfARunKilledLongAgo() throws Exception {
        daemon.client().pullImageCmd(env.baseImage()).start().awaitCompletion();
        String stale = tag(Instant.now().minus(Duration.ofDays(3)), "stage-2");
        String recent = tag(Instant.now().minus(Duration.ofHours(1)), "stage-2");
        for (String ref : new String[] {stale, recent}) {
            daemon.client().tagImageCmd(env.baseImage(), "cached-docker-build-tmp", ref.split(":")[1]).exec();
        }
        SampleApp app = SampleApp.multiStage(workspace, env.baseImage());

        engine.build(engine.request(EngineRun.uniqueRepository(env, "stale-tags"), app.dir(), BuilderKind.BUILDKIT)
                .branch("main").build());

        assertThat(daemon.hasImage(stale)).isFalse();
        assertThat(daemon.hasImage(recent)).isTrue();
    }

    private static String tag(Instant started, String stage) {
        return "cached-docker-build-tmp:" + Long.toString(started.getEpochSecond(), 36) + "-0a1b2c-" + stage;
    }
}
