package io.jenkins.plugins.cacheddockerbuild.engine.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RawJsonProgress} on buildx's real {@code --progress=rawjson} output ({@code record26.sh},
 * {@code record-lazy.sh}) and on hand-made updates of the shapes the daemon's merging produces.
 */
class RawJsonProgressTest {
    private static final String WORKDIR = "sha256:0000000000000000000000000000000000000000000000000000000000000001";
    private static final String COPY = "sha256:0000000000000000000000000000000000000000000000000000000000000002";
    private static final String FROM = "sha256:0000000000000000000000000000000000000000000000000000000000000003";

    private static List<Boolean> cached(List<StepRecord> steps) {
        return steps.stream().map(StepRecord::cached).toList();
    }

    private static List<String> translate(String... json) {
        List<String> plain = new ArrayList<>();
        RawJsonProgress progress = new RawJsonProgress(plain::add);
        for (String object : json) {
            object.lines().forEach(progress);
        }
        progress.finish();
        return plain;
    }

    private static String vertex(String digest, String name, String fields) {
        return "{\n\"vertexes\": [\n{\"digest\": \"" + digest + "\", \"name\": \"" + name + "\"" + fields + "}\n]\n}";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void lazyStepOfTheRecordingReadsCachedAndTheStepsThatRanReadRun() throws Exception {
        Recording r = Recording.of("d26c-lazy-rawjson", "lazy");
        BuildKitOutputParser parser = new BuildKitOutputParser(r.dockerfile);
        List<String> plain = r.replayRawJson(parser);

        Map<String, List<StepRecord>> steps = parser.stepsByStage();
        assertThat(steps.keySet()).containsExactly("deps", "builder", "stage-2");
        assertThat(cached(steps.get("deps"))).containsExactly(true, true);
        assertThat(cached(steps.get("builder"))).containsExactly(true, false, false);
        assertThat(cached(steps.get("stage-2"))).containsExactly(false);
        assertThat(plain).noneMatch(line -> line.startsWith("{") || line.startsWith("\""))
                .contains("#9 [builder 1/3] WORKDIR /build", "#9 CACHED");
    }

    @Test
    void registryCacheRecordingGivesThePlainPrintersCountsAndItsLines() throws Exception {
        Recording r = Recording.of("d26c-buildx-changed-rawjson", "multistage");
        BuildKitOutputParser parser = new BuildKitOutputParser(r.dockerfile);
        List<String> plain = r.replayRawJson(parser);

        Map<String, List<StepRecord>> steps = parser.stepsByStage();
        assertThat(cached(steps.get("deps"))).containsExactly(true);
        assertThat(cached(steps.get("builder"))).containsExactly(true, false, false);
        assertThat(cached(steps.get("stage-2"))).containsExactly(false, false);
        assertThat(plain).anyMatch(line -> line.matches("#\\d+ \\d\\.\\d{3} parsers: builder done"))
                .anyMatch(line -> line.matches("#\\d+ exporting cache to registry"))
                .anyMatch(line -> line.matches("#\\d+ sha256:[0-9a-f]{64} \\d+(\\.\\d\\d[kM])?B / \\d+(\\.\\d\\d[kM])?B( \\d+\\.\\ds)? done"));
    }

    @Test
    void lazyStepWhoseCachedUpdateTheDaemonMergedAwayStillSaysCached() {
        // What EngineMatrixIT met in CI under load: the plain printer showed "#11 [builder 1/3] WORKDIR /build",
        // "#11 DONE 0.0s" and nothing else. The daemon sent only the reopening, which has no inputs.
        List<String> plain = translate(
                vertex(WORKDIR, "[builder 1/3] WORKDIR /build", ", \"inputs\": [\"" + FROM + "\"]"),
                vertex(WORKDIR, "[builder 1/3] WORKDIR /build",
                        ", \"started\": \"2026-12-05T00:14:25.0Z\", \"completed\": \"2026-12-05T00:14:25.04Z\""),
                vertex(COPY, "[builder 2/3] COPY src/ /build/src/", ", \"inputs\": [\"" + WORKDIR + "\"],"
                        + " \"started\": \"2026-12-05T00:14:25.1Z\", \"completed\": \"2026-12-05T00:14:25.3Z\""));

        assertThat(plain).containsExactly("", "#1 [builder 1/3] WORKDIR /build", "#1 CACHED", "#1 DONE 0.0s",
                "", "#2 [builder 2/3] COPY src/ /build/src/", "#2 DONE 0.2s");
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordedLazyStepWithItsCachedUpdatesAndFetchesMergedAwayStillReadsCached() throws Exception {
        // CONSTRUCTED from d26c-lazy-rawjson, the shape EngineMatrixIT met in CI: the WORKDIR's updates that say
        // "cached": true and the statuses of its layer fetch are left out, as when the daemon sends only the last
        // update of the reopened vertex. The plain printer then showed just its name and "DONE 0.0s".
        String workdir = ""; // its digest, from its first update
        List<String> merged = new ArrayList<>();
        List<String> object = new ArrayList<>();
        int removed = 0;
        for (String line : Recording.text("d26c-lazy-rawjson").split("\n")) {
            object.add(line);
            if (!line.equals("}")) {
                continue;
            }
            Map<String, Object> update = (Map<String, Object>) JsonText.parse(String.join("\n", object));
            object.clear();
            List<Object> records = (List<Object>) update.getOrDefault("vertexes", new ArrayList<>());
            for (Object record : records) {
                if (((Map<String, Object>) record).get("name").toString().startsWith("[builder 1/3]")) {
                    workdir = (String) ((Map<String, Object>) record).get("digest");
                }
            }
            String step = workdir;
            int before = records.size();
            records.removeIf(r -> step.equals(((Map<String, Object>) r).get("digest"))
                    && Boolean.TRUE.equals(((Map<String, Object>) r).get("cached")));
            List<Object> statuses = (List<Object>) update.getOrDefault("statuses", new ArrayList<>());
            statuses.removeIf(s -> step.equals(((Map<String, Object>) s).get("vertex")));
            removed += before - records.size();
            if (update.values().stream().allMatch(v -> v instanceof List<?> list && list.isEmpty())) {
                continue;
            }
            merged.add(JsonText.write(update));
        }
        assertThat(removed).isEqualTo(2);
        List<String> plain = translate(merged.toArray(String[]::new));
        assertThat(plain).filteredOn(line -> line.startsWith("#9 ")).containsOnly("#9 [builder 1/3] WORKDIR /build",
                "#9 CACHED", "#9 DONE 0.4s", "#9 DONE 0.0s");
        Recording r = Recording.of("d26c-lazy-rawjson", "lazy");
        BuildKitOutputParser parser = new BuildKitOutputParser(r.dockerfile);

        plain.forEach(line -> parser.accept(line, 0));

        assertThat(cached(parser.stepsByStage().get("builder"))).containsExactly(true, false, false);
    }

    @Test
    void stepThatRanIsNeverCalledCachedNorIsFrom() {
        List<String> plain = translate(
                vertex(FROM, "[deps 1/3] FROM 127.0.0.1:5000/base/busybox:1",
                        ", \"started\": \"2026-12-05T00:00:00Z\", \"completed\": \"2026-12-05T00:00:00.001Z\""),
                vertex(WORKDIR, "[builder 1/3] WORKDIR /build", ", \"inputs\": [\"" + FROM + "\"],"
                        + " \"started\": \"2026-12-05T00:00:01Z\", \"completed\": \"2026-12-05T00:00:01.01Z\""));

        assertThat(plain).doesNotContain("#1 CACHED", "#2 CACHED").contains("#1 DONE 0.0s", "#2 DONE 0.0s");
    }

    @Test
    void logsAreStampedWithTheSecondsSinceTheStepStartedAndJoinedAcrossUpdates() {
        String started = vertex(COPY, "[2/2] RUN make", ", \"inputs\": [\"" + FROM + "\"],"
                + " \"started\": \"2026-12-05T00:00:00Z\"");
        String log = "{\n\"logs\": [\n{\"vertex\": \"" + COPY + "\", \"stream\": 1, \"data\": \"%s\","
                + " \"timestamp\": \"%s\"}\n]\n}";
        List<String> plain = translate(started, log.formatted(base64("one\ntw"), "2026-12-05T00:00:01.169Z"),
                log.formatted(base64("o\nthree"), "2026-12-05T00:00:12.5Z"),
                vertex(COPY, "[2/2] RUN make", ", \"inputs\": [\"" + FROM + "\"], \"started\": "
                        + "\"2026-12-05T00:00:00Z\", \"completed\": \"2026-12-05T00:00:13Z\""));

        assertThat(plain).containsExactly("", "#1 [2/2] RUN make", "#1 1.169 one", "#1 1.169 two", "#1 12.50 three",
                "#1 DONE 13.0s");
    }

    @Test
    void errorsAndCancelsAreShownLikeThePlainPrinter() {
        String failed = ", \"inputs\": [\"" + FROM + "\"], \"started\": \"2026-12-05T00:00:00Z\", "
                + "\"completed\": \"2026-12-05T00:00:01Z\", \"error\": \"process \\\"/bin/sh -c exit 3\\\" did not "
                + "complete successfully: exit code: 3\"";
        String canceled = ", \"inputs\": [\"" + FROM + "\"], \"started\": \"2026-12-05T00:00:00Z\", "
                + "\"completed\": \"2026-12-05T00:00:01Z\", \"error\": \"context canceled\"";

        assertThat(translate(vertex(COPY, "[a 2/2] RUN exit 3", failed), vertex(WORKDIR, "[b 2/2] RUN sleep 9", canceled)))
                .contains("#1 ERROR: process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3",
                        "#2 CANCELED")
                .doesNotContain("#1 CACHED", "#2 CACHED");
    }

    @Test
    void linesThatAreNoJsonObjectPassUnchangedAndABrokenObjectIsNotLost() {
        List<String> plain = translate("#0 building with \"default\" instance using docker driver",
                "ERROR: failed to solve: exit code: 3", "{\n\"vertexes\": [\n}", "{\n\"vertexes\": [");

        assertThat(plain).containsExactly("#0 building with \"default\" instance using docker driver",
                "ERROR: failed to solve: exit code: 3", "{", "\"vertexes\": [", "}", "{", "\"vertexes\": [");
    }

    @Test
    void plainOutputOfABuildxThatDoesNotKnowRawJsonIsPassedOnAsItIs() throws Exception {
        Recording r = Recording.of("d26c-lazy-rate1", "lazy");
        BuildKitOutputParser parser = new BuildKitOutputParser(r.dockerfile);
        List<String> plain = r.replayRawJson(parser);

        assertThat(String.join("\n", plain)).isEqualTo(Recording.text("d26c-lazy-rate1").stripTrailing());
        assertThat(cached(parser.stepsByStage().get("builder"))).containsExactly(true, false, false);
    }

    @Test
    void sizesAsBuildxPrintsThem() {
        assertThat(RawJsonProgress.size(92)).isEqualTo("92B");
        assertThat(RawJsonProgress.size(524_710)).isEqualTo("524.71kB");
        assertThat(RawJsonProgress.size(1_069_162)).isEqualTo("1.07MB");
    }
}
