package io.jenkins.plugins.cacheddockerbuild.engine.output;

import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonSyntaxException;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Turns buildx's {@code --progress=rawjson} (one indented JSON object per BuildKit status update) into the lines
 * buildx's plain printer prints, for the log and for {@link BuildKitOutputParser}; every other line (buildx's own
 * messages, or the plain output of a buildx before 0.12, which prints plain for a mode it does not know) is passed
 * on as it is.
 *
 * <p>Why the engine reads rawjson at all: on the containerd image store a step taken lazily from an imported cache
 * is reported {@code "cached": true}, then reopened, without {@code inputs}, to fetch its layer. The daemon sends
 * only the latest update of a vertex that changed twice between two reads of its status stream, and under load it
 * often does, so the cached update is lost before any printer sees it; the plain printer then prints nothing that
 * tells the step from one that ran ({@code #11 DONE 0.0s}). The updates themselves still tell: BuildKit sends a
 * step that runs with its {@code inputs} (every Dockerfile step but {@code FROM} has one) and without
 * {@code "cached": true}; a reopening never has {@code inputs} (recorded in {@code d26c-lazy-rawjson}). A step that
 * completes without ever having been seen so running is therefore printed {@code CACHED} here, whether or not the
 * cached update arrived.
 */
public final class RawJsonProgress implements Consumer<String> {
    /** A Dockerfile step other than {@code FROM}: {@code [builder 1/3] WORKDIR /build}, {@code [2/5] RUN make}. */
    private static final Pattern STEP = Pattern.compile("^\\[[^\\]]*\\b\\d+/\\d+\\] (?!FROM ).*", Pattern.DOTALL);
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    private final Consumer<String> plain;
    private final List<String> object = new ArrayList<>();
    private final Map<String, Vertex> vertices = new HashMap<>();
    private Vertex current;

    /** @param plain where the plain lines go */
    public RawJsonProgress(Consumer<String> plain) {
        this.plain = plain;
    }

    @Override
    public synchronized void accept(String line) {
        if (object.isEmpty() && !line.equals("{")) {
            plain.accept(line);
            return;
        }
        object.add(line);
        if (line.equals("}")) {
            List<String> lines = List.copyOf(object);
            object.clear();
            Map<?, ?> update;
            try {
                update = JsonText.parse(String.join("\n", lines)) instanceof Map<?, ?> map ? map : null;
            } catch (JsonSyntaxException e) {
                update = null;
            }
            if (update == null) {
                lines.forEach(plain);
            } else {
                print(update);
            }
        }
    }

    /** Passes on what the output ended in the middle of: an object cut short, a log line without its end. */
    public synchronized void finish() {
        object.forEach(plain);
        object.clear();
        for (Vertex vertex : vertices.values()) {
            flushPartialLog(vertex);
        }
    }

    private void print(Map<?, ?> update) {
        List<Map<?, ?>> records = maps(update.get("vertexes"));
        for (Map<?, ?> record : records) {
            learn(record);
        }
        for (Map<?, ?> status : maps(update.get("statuses"))) {
            status(status);
        }
        for (Map<?, ?> warning : maps(update.get("warnings"))) {
            Vertex vertex = vertices.get(text(warning, "vertex"));
            if (vertex != null) {
                show(vertex);
                plain.accept("#" + vertex.index + " WARN: " + decode(text(warning, "short")));
            }
        }
        for (Map<?, ?> log : maps(update.get("logs"))) {
            log(log);
        }
        for (Map<?, ?> record : records) {
            end(record);
        }
    }

    private void learn(Map<?, ?> record) {
        String digest = text(record, "digest");
        Vertex vertex = vertices.computeIfAbsent(digest, d -> new Vertex(vertices.size() + 1, text(record, "name")));
        Instant started = instant(text(record, "started"));
        if (started != null) {
            vertex.started = started;
        }
        boolean cached = Boolean.TRUE.equals(record.get("cached"));
        if (started != null && !cached && record.get("inputs") instanceof List<?> inputs && !inputs.isEmpty()) {
            vertex.ran = true;
        }
    }

    private void end(Map<?, ?> record) {
        Vertex vertex = vertices.get(text(record, "digest"));
        String completed = text(record, "completed");
        String error = text(record, "error");
        if (Boolean.TRUE.equals(record.get("cached"))) {
            if (!vertex.saidCached) {
                show(vertex);
                cached(vertex);
            }
            return;
        }
        if (completed == null || completed.equals(vertex.completed)) {
            return;
        }
        vertex.completed = completed;
        show(vertex);
        flushPartialLog(vertex);
        if (error != null && !error.isEmpty()) {
            plain.accept("#" + vertex.index + (error.endsWith("context canceled") ? " CANCELED" : " ERROR: " + error));
        } else {
            if (vertex.step && !vertex.ran && !vertex.saidCached) {
                cached(vertex); // the cached update was merged into the reopening (class comment)
            }
            Instant start = instant(text(record, "started"));
            Instant end = instant(completed);
            plain.accept("#" + vertex.index + " DONE" + (start == null || end == null ? ""
                    : String.format(Locale.ROOT, " %.1fs", Math.max(0, seconds(start, end)))));
        }
        current = null;
    }

    private void cached(Vertex vertex) {
        vertex.saidCached = true;
        plain.accept("#" + vertex.index + " CACHED");
    }

    private void status(Map<?, ?> status) {
        Vertex vertex = vertices.get(text(status, "vertex"));
        String id = text(status, "id");
        String completed = text(status, "completed");
        if (vertex == null || id == null || !vertex.statuses.add(id) && completed == null) {
            return; // buildx prints every update; the log gets a status's start and its end
        }
        long sofar = number(status.get("current"));
        long total = number(status.get("total"));
        String bytes = total != 0 ? " " + size(sofar) + " / " + size(total) : sofar != 0 ? " " + size(sofar) : "";
        Instant started = instant(text(status, "started"));
        Instant end = instant(completed != null ? completed : text(status, "timestamp"));
        String time = "";
        if (started != null && end != null && seconds(started, end) > 0.01) {
            time = String.format(Locale.ROOT, " %.1fs", seconds(started, end));
        }
        show(vertex);
        plain.accept("#" + vertex.index + " " + id + bytes + time + (completed != null ? " done" : ""));
    }

    private void log(Map<?, ?> log) {
        Vertex vertex = vertices.get(text(log, "vertex"));
        String data = text(log, "data");
        if (vertex == null || data == null) {
            return;
        }
        show(vertex);
        String text = decode(data);
        Instant at = instant(text(log, "timestamp"));
        double seconds = vertex.started == null || at == null ? 0 : seconds(vertex.started, at);
        int from = 0;
        for (int newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', from)) {
            String piece = text.substring(from, newline);
            if (vertex.partialLog != null) {
                plain.accept(vertex.partialLog + piece);
                vertex.partialLog = null;
            } else {
                plain.accept(stamped(vertex, seconds, piece));
            }
            from = newline + 1;
        }
        if (from < text.length()) {
            String rest = text.substring(from);
            vertex.partialLog = vertex.partialLog != null ? vertex.partialLog + rest : stamped(vertex, seconds, rest);
        }
    }

    /** {@code #10 1.169 text}: seconds since the step started, with fewer decimals as they grow, as buildx does. */
    private static String stamped(Vertex vertex, double seconds, String text) {
        int decimals = seconds < 10 ? 3 : seconds < 100 ? 2 : 1;
        return "#" + vertex.index + " " + String.format(Locale.ROOT, "%." + decimals + "f", seconds) + " " + text;
    }

    private void flushPartialLog(Vertex vertex) {
        if (vertex.partialLog != null) {
            plain.accept(vertex.partialLog);
            vertex.partialLog = null;
        }
    }

    /** The vertex's name line, after an empty line, whenever the output turns to it from another vertex. */
    private void show(Vertex vertex) {
        if (current != vertex) {
            plain.accept("");
            plain.accept("#" + vertex.index + " " + vertex.name);
            current = vertex;
        }
    }

    /** Sizes as buildx prints them: {@code 92B}, {@code 524.71kB}, {@code 1.07MB}. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + "B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, UNITS[unit]);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return base64;
        }
    }

    private static String text(Map<?, ?> map, String name) {
        return map.get(name) instanceof String value ? value : null;
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }

    private static List<Map<?, ?>> maps(Object value) {
        List<Map<?, ?>> maps = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> map && (map.get("digest") != null || map.get("vertex") != null)) {
                    maps.add(map);
                }
            }
        }
        return maps;
    }

    private static final class Vertex {
        final int index;
        final String name;
        final boolean step;
        final Set<String> statuses = new HashSet<>();
        Instant started;
        String completed;
        boolean ran;
        boolean saidCached;
        String partialLog;

        Vertex(int index, String name) {
            this.index = index;
            this.name = name == null ? "" : name;
            this.step = STEP.matcher(this.name).matches();
        }
    }
}
