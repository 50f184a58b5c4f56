package io.jenkins.plugins.cacheddockerbuild.engine.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EngineMatrixIT's scenario on every engine ({@code record-lazy.sh}): a fresh agent after a source-only change
 * builds the final stage with {@code --cache-from} the three stage tags. The builder's {@code WORKDIR} comes from
 * the cache lazily; only the {@code COPY} after it, which runs, needs its layer.
 */
class LazyStepRecordedOutputTest {

    private static Map<String, List<StepRecord>> steps(String recording) throws Exception {
        Recording r = Recording.of(recording, "lazy");
        return r.replay(new BuildKitOutputParser(r.dockerfile)).stepsByStage();
    }

    private static List<Boolean> cached(List<StepRecord> steps) {
        return steps.stream().map(StepRecord::cached).toList();
    }

    private static void assertEngineMatrixCounts(String recording) throws Exception {
        Map<String, List<StepRecord>> steps = steps(recording);
        assertThat(steps.keySet()).as(recording).containsExactly("deps", "builder", "stage-2");
        assertThat(cached(steps.get("deps"))).as(recording).containsExactly(true, true);
        assertThat(cached(steps.get("builder"))).as(recording).containsExactly(true, false, false);
        assertThat(cached(steps.get("stage-2"))).as(recording).containsExactly(false);
    }

    @Test
    void containerdStoreWithTheDefaultPrinterLosesTheCachedLineButShowsTheFetch() throws Exception {
        // #11 WORKDIR: downloads, extracting, DONE 0.3s, reopened, DONE 0.4s, never CACHED
        assertThat(Recording.text("d26c-lazy-plain")).doesNotContain("#11 CACHED").contains("#11 extracting sha256:");
        assertEngineMatrixCounts("d26c-lazy-plain");
    }

    @Test
    void containerdStoreWithTheEnginesPrinterRateKeepsTheCachedLine() throws Exception {
        assertThat(Recording.text("d26c-lazy-rate1")).contains("#11 CACHED");
        assertEngineMatrixCounts("d26c-lazy-rate1");
    }

    @Test
    void overlayStoreAndDockerd20PullInsideTheCachedStepAndSayCached() throws Exception {
        assertThat(Recording.text("d26o-lazy-plain")).contains("#11 pulling sha256:").contains("#11 CACHED");
        assertThat(Recording.text("buildkit-lazy")).contains("#10 pulling sha256:").contains("#10 CACHED");
        assertEngineMatrixCounts("d26o-lazy-plain");
        assertEngineMatrixCounts("buildkit-lazy");
    }

    @Test
    void withEveryLineOfTheLazyStepMergedAwayItReadsAsRunWhichTheEnginesPrinterRatePrevents() throws Exception {
        // CONSTRUCTED, not recorded: d26c-lazy-plain with #11's fetch lines and its reopened block deleted (lines
        // 40-45 and 47-52), the shape EngineMatrixIT once met under load in CI ([false, false, false]). Plain output
        // then holds no sign of the cache; nothing later in the stage was cached, so the chain rule cannot help.
        // The engine sets TTY_DISPLAY_RATE=1 so that the printer never merges the CACHED state away.
        Map<String, List<StepRecord>> steps = steps("d26c-lazy-merged");

        assertThat(cached(steps.get("deps"))).containsExactly(true, true);
        assertThat(cached(steps.get("builder"))).containsExactly(false, false, false);
    }
}
