package io.jenkins.plugins.cacheddockerbuild.engine.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.fasterxml.jackson.jr.ob.ValueIterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What buildx's {@code --progress=rawjson} says per step on the containerd store (docs/docker-engines.md): the facts
 * a rawjson reader could rely on, checked on the recordings. A step ran exactly when one of its records has
 * {@code inputs}, {@code started} and no {@code "cached": true}; a lazy step's reopening has no {@code inputs}.
 */
class RawJsonRecordedFactsTest {

    /** Per step name: whether it ever said cached, whether a record shows it running, how many reopen records. */
    private record Step(boolean everCached, boolean ran, int reopenings) {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Step> steps(String recording) throws Exception {
        Map<String, Step> steps = new LinkedHashMap<>();
        try (ValueIterator<Object> updates = JSON.std.anySequenceFrom(Recording.text(recording))) {
            while (updates.hasNext()) {
                Map<String, Object> update = (Map<String, Object>) updates.next();
                for (Object item : (List<Object>) update.getOrDefault("vertexes", List.of())) {
                    Map<String, Object> vertex = (Map<String, Object>) item;
                    String name = (String) vertex.get("name");
                    if (!name.matches("\\[\\S+ \\d+/\\d+\\] .*") || name.contains("] FROM ")) {
                        continue;
                    }
                    boolean cached = Boolean.TRUE.equals(vertex.get("cached"));
                    boolean inputs = vertex.get("inputs") instanceof List<?> list && !list.isEmpty();
                    boolean started = vertex.get("started") != null;
                    Step was = steps.getOrDefault(name, new Step(false, false, 0));
                    steps.put(name, new Step(was.everCached || cached, was.ran || inputs && started && !cached,
                            was.reopenings + (started && !inputs ? 1 : 0)));
                }
            }
        }
        return steps;
    }

    @Test
    void lazyWorkdirSaysCachedOnceThenIsReopenedWithoutInputsAndNeverLooksRun() throws Exception {
        Map<String, Step> steps = steps("d26c-lazy-rawjson");

        assertThat(steps).hasSize(6);
        steps.forEach((name, step) -> {
            boolean fromCache = name.startsWith("[deps") || name.startsWith("[builder 1/3]");
            assertThat(step.everCached()).as(name).isEqualTo(fromCache);
            assertThat(step.ran()).as(name).isEqualTo(!fromCache);
            assertThat(step.reopenings() > 0).as(name).isEqualTo(name.startsWith("[builder 1/3]"));
        });
    }

    @Test
    void registryCacheBuildShowsTheSameShape() throws Exception {
        Map<String, Step> steps = steps("d26c-buildx-changed-rawjson");

        assertThat(steps.get("[builder 1/3] WORKDIR /src")).isEqualTo(new Step(true, false, 8));
        assertThat(steps.entrySet()).filteredOn(e -> e.getValue().ran()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("[builder 2/3] COPY . /src",
                        "[builder 3/3] RUN sleep 1 && cat /src/app.txt /deps.bin > /app.out &&     echo \"parsers: builder done\"",
                        "[stage-2 2/3] COPY --from=builder /app.out /app.out", "[stage-2 3/3] RUN ls -l /app.out");
    }
}
