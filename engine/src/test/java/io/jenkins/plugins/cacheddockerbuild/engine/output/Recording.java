package io.jenkins.plugins.cacheddockerbuild.engine.output;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.DockerfileParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real docker build output from {@code src/test/resources/recorded} (made by {@code record.sh}): its lines,
 * when each arrived, and the Dockerfile it built.
 */
final class Recording {
    private final List<String> lines;
    private final List<Long> millis;
    final Dockerfile dockerfile;

    private Recording(List<String> lines, List<Long> millis, Dockerfile dockerfile) {
        this.lines = lines;
        this.millis = millis;
        this.dockerfile = dockerfile;
    }

    /**
     * @param name the recording, e.g. {@code classic-cold}
     * @param context the directory of the Dockerfile it built, e.g. {@code multistage}
     */
    static Recording of(String name, String context) throws Exception {
        // split on \n only: the times were taken per \n, and the classic client ends its progress line with \r\r
        List<String> lines = List.of(read(name + ".txt").split("\n"));
        List<Long> millis = read(name + ".times").lines().map(Long::parseLong).toList();
        if (lines.size() != millis.size()) {
            throw new IllegalStateException(name + ": " + lines.size() + " lines but " + millis.size() + " times");
        }
        Dockerfile dockerfile = DockerfileParser.parse(read(context + "/Dockerfile"),
                Map.of("BASE", "127.0.0.1:5000/base/busybox:1"));
        return new Recording(lines, millis, dockerfile);
    }

    /** Feeds every line to the parser at the time it was recorded. */
    <P extends BuildOutputParser> P replay(P parser) {
        for (int i = 0; i < lines.size(); i++) {
            parser.accept(lines.get(i), millis.get(i) * 1_000_000L);
        }
        return parser;
    }

    /**
     * Feeds a {@code --progress=rawjson} recording through {@link RawJsonProgress} to the parser, each plain line at
     * the time the JSON line that completed it was recorded; returns the plain lines.
     */
    List<String> replayRawJson(BuildOutputParser parser) {
        List<String> plain = new ArrayList<>();
        long[] now = {0};
        RawJsonProgress progress = new RawJsonProgress(line -> {
            plain.add(line);
            parser.accept(line, now[0]);
        });
        for (int i = 0; i < lines.size(); i++) {
            now[0] = millis.get(i) * 1_000_000L;
            progress.accept(lines.get(i));
        }
        progress.finish();
        return plain;
    }

    /** The recording's output as printed. */
    static String text(String name) {
        return read(name + ".txt");
    }

    static int count(Map<String, List<StepRecord>> steps, boolean cached) {
        return (int) steps.values().stream().flatMap(List::stream).filter(s -> s.cached() == cached).count();
    }

    private static String read(String resource) {
        try (InputStream in = Recording.class.getResourceAsStream("/recorded/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource recorded/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
