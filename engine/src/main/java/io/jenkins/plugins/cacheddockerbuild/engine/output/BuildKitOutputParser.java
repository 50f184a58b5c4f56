package io.jenkins.plugins.cacheddockerbuild.engine.output;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses BuildKit's {@code --progress=plain} output. Steps are the vertices named like
 * {@code #7 [builder 2/3] RUN make} (or {@code [2/3]} in a single-stage build); vertices without a
 * {@code k/N} position ({@code [internal] load build definition}, {@code [auth] ...},
 * {@code exporting to image}, {@code importing cache manifest from ...}) are not steps.
 *
 * <p>BuildKit builds stages in parallel and interleaves their lines, repeating a vertex's name line when
 * it switches back to it; vertices are therefore keyed by number and steps ordered by their {@code k}.
 * Only instructions that change the file system get a vertex, so {@code ENV} or {@code CMD} never appear.
 * Identical steps of two stages are one vertex to BuildKit and are reported under the first stage's name.
 *
 * <p>A step counts as cached when its vertex ever said {@code CACHED} or fetched a layer
 * ({@code #8 sha256:<64 hex> 92B / 92B done}, {@code #8 extracting sha256:<64 hex> done}; the overlay2 store and
 * dockerd 20.10 say {@code #10 pulling sha256:<64 hex>}), or when a later step of its stage was cached (see
 * {@link #withCacheChain}). BuildKit fetches a vertex's layers only when its result came from a cache (an
 * imported registry or inline cache is lazy until a later step or the export needs it); a step that runs makes
 * its layer, it never downloads one, and the download of its inputs is shown under the vertices that produced
 * them. Docker 26 with the containerd image store reopens such a vertex for the download a few milliseconds
 * after reporting it cached and closes it again with {@code DONE}; a printer that merges updates of 100 ms (the
 * default) then often never prints {@code CACHED} (recorded in {@code d26c-lazy-plain}), and may drop status
 * lines as well: with every line of the step lost it reads as a step that ran ({@code d26c-lazy-merged}). The
 * engine therefore reads buildx's rawjson, which {@link RawJsonProgress} turns into these lines with the
 * {@code CACHED} line restored, and runs the 20.10 client with {@code TTY_DISPLAY_RATE=1}. Output of a {@code RUN} cannot pass for a
 * fetch: it is printed with its time stamp ({@code #10 1.169 ...}), and the vertex's own digest, which the 20.10
 * client prints under its name ({@code #5 sha256:<64 hex>}), has no size.
 */
public final class BuildKitOutputParser implements BuildOutputParser {

    private static final Pattern HEADER = Pattern.compile("^#(\\d+) \\[([^\\]]*)\\] (.*)$");
    private static final Pattern POSITION = Pattern.compile("(\\d+)/(\\d+)");
    private static final Pattern STATUS =
            Pattern.compile("^#(\\d+) (CACHED|CANCELED|DONE (\\d+(?:\\.\\d+)?)s|ERROR\\b.*)$");
    private static final Pattern ANY_VERTEX_LINE = Pattern.compile("^#(\\d+) .*$");
    private static final Pattern LAYER_FETCH =
            Pattern.compile("^#(\\d+) (?:(?:extracting|pulling) sha256:[0-9a-f]{64}|sha256:[0-9a-f]{64} \\S+ / \\S+)(?: .*)?$");
    /** A line a step printed while it ran, stamped with the seconds since it started: {@code #10 1.169 text}. */
    private static final Pattern STEP_OUTPUT = Pattern.compile("^#(\\d+) \\d+\\.\\d+(?: .*)?$");
    private static final Pattern WRITING_IMAGE = Pattern.compile("^#\\d+ writing image (sha256:[0-9a-f]{64})\\b.*$");

    private final Dockerfile dockerfile;
    private final String unprefixedStageId;
    private final Map<Integer, BuildKitVertex> vertices = new LinkedHashMap<>();
    private BuildKitVertex lastStarted;
    private BuildKitVertex failed;
    private String writtenImageId;

    /**
     * A parser for a build of the whole Dockerfile: steps without a stage name in their prefix (a
     * single-stage Dockerfile) belong to its last stage.
     */
    public BuildKitOutputParser(Dockerfile dockerfile) {
        this(dockerfile, Objects.requireNonNull(dockerfile, "dockerfile").finalStage().id());
    }

    /**
     * @param dockerfile the Dockerfile being built
     * @param unprefixedStageId the stage that steps printed without a stage name ({@code [2/3] RUN ...})
     *     belong to: the stage being built
     */
    public BuildKitOutputParser(Dockerfile dockerfile, String unprefixedStageId) {
        this.dockerfile = Objects.requireNonNull(dockerfile, "dockerfile");
        this.unprefixedStageId = Objects.requireNonNull(unprefixedStageId, "unprefixedStageId");
    }

    @Override
    public synchronized void accept(String line, long nanoTime) {
        String text = OutputLines.clean(line);
        Matcher header = HEADER.matcher(text);
        if (header.matches()) {
            acceptHeader(Integer.parseInt(header.group(1)), header.group(2), header.group(3), nanoTime);
            return;
        }
        Matcher status = STATUS.matcher(text);
        if (status.matches()) {
            acceptStatus(vertices.get(Integer.parseInt(status.group(1))), status.group(2), status.group(3), nanoTime);
            return;
        }
        Matcher fetch = LAYER_FETCH.matcher(text);
        if (fetch.matches()) {
            BuildKitVertex vertex = vertices.get(Integer.parseInt(fetch.group(1)));
            if (vertex != null) {
                vertex.cached = true;
            }
        }
        Matcher output = STEP_OUTPUT.matcher(text);
        if (output.matches()) {
            BuildKitVertex vertex = vertices.get(Integer.parseInt(output.group(1)));
            if (vertex != null) {
                vertex.printedOutput = true;
            }
        }
        Matcher writing = WRITING_IMAGE.matcher(text);
        if (writing.matches()) {
            writtenImageId = writing.group(1);
        }
        Matcher any = ANY_VERTEX_LINE.matcher(text);
        if (any.matches()) {
            touch(vertices.get(Integer.parseInt(any.group(1))), nanoTime);
        }
    }

    private void acceptHeader(int number, String bracket, String instruction, long nanoTime) {
        BuildKitVertex known = vertices.get(number);
        if (known != null) {
            touch(known, nanoTime);
            return;
        }
        String[] words = bracket.strip().split("\\s+");
        Matcher position = POSITION.matcher(words[words.length - 1]);
        if (!position.matches()) {
            return; // [internal], [auth]: not a Dockerfile step
        }
        BuildKitVertex vertex = new BuildKitVertex(number, stageOf(words), Integer.parseInt(position.group(1)),
                Integer.parseInt(position.group(2)), instruction, nanoTime);
        vertices.put(number, vertex);
        lastStarted = vertex;
    }

    /**
     * The stage name is the word before {@code k/N}; with multi-platform builds a platform such as
     * {@code linux/amd64} may precede it, which a stage name can never look like.
     */
    private String stageOf(String[] words) {
        if (words.length < 2 || words[words.length - 2].contains("/")) {
            return unprefixedStageId;
        }
        return words[words.length - 2];
    }

    private void acceptStatus(BuildKitVertex vertex, String status, String doneSeconds, long nanoTime) {
        if (vertex == null) {
            return;
        }
        touch(vertex, nanoTime);
        if (status.equals("CACHED")) {
            vertex.cached = true;
        } else if (doneSeconds != null) {
            vertex.doneSeconds = Double.parseDouble(doneSeconds);
        } else if (status.startsWith("ERROR")) {
            vertex.failed = true;
            failed = vertex;
        }
    }

    private static void touch(BuildKitVertex vertex, long nanoTime) {
        if (vertex != null) {
            vertex.lastNanos = nanoTime;
        }
    }

    @Override
    public synchronized Map<String, List<StepRecord>> stepsByStage() {
        Map<String, List<BuildKitVertex>> byStage = new HashMap<>();
        for (BuildKitVertex vertex : vertices.values()) {
            List<BuildKitVertex> list = byStage.computeIfAbsent(vertex.stageId, id -> new ArrayList<>());
            if (!vertex.isFrom()) {
                list.add(vertex);
            }
        }
        Map<String, List<StepRecord>> result = new LinkedHashMap<>();
        for (String stageId : stageOrder(byStage.keySet())) {
            List<BuildKitVertex> steps = byStage.get(stageId).stream()
                    .sorted(Comparator.comparingInt((BuildKitVertex v) -> v.position).thenComparingInt(v -> v.number))
                    .toList();
            result.put(stageId, withCacheChain(steps));
        }
        return result;
    }

    /**
     * BuildKit's cache keys chain within a stage: a step found in a cache by its key needs no result of the step
     * before it, so BuildKit never runs that step; it reports it as found too. A step before a cached one therefore
     * counts as cached where its own lines said nothing: on the containerd store a lazy step whose {@code CACHED}
     * line the printer merged away and whose layer fetch it never showed looks like a step that ran in 0.0 s. The
     * one exception is a hit by content (BuildKit also keys a step by the files of its input, times left out): the
     * step before it may have run and made the same files. A step that printed output while it ran keeps its
     * "ran", and the steps before it only what their own lines said.
     */
    private static List<StepRecord> withCacheChain(List<BuildKitVertex> steps) {
        StepRecord[] records = new StepRecord[steps.size()];
        boolean laterCached = false;
        for (int i = steps.size() - 1; i >= 0; i--) {
            BuildKitVertex step = steps.get(i);
            boolean ran = step.failed || step.printedOutput && !step.cached;
            records[i] = step.toRecord(laterCached && !ran);
            laterCached = !ran && (laterCached || step.cached);
        }
        return List.of(records);
    }

    /** Dockerfile order first, then any stage name the Dockerfile does not know, as BuildKit showed them. */
    private List<String> stageOrder(java.util.Set<String> seen) {
        List<String> order = new ArrayList<>();
        for (Stage stage : dockerfile.stages()) {
            if (seen.contains(stage.id())) {
                order.add(stage.id());
            }
        }
        for (BuildKitVertex vertex : vertices.values()) {
            if (!order.contains(vertex.stageId)) {
                order.add(vertex.stageId);
            }
        }
        return order;
    }

    @Override
    public synchronized String lastStepInstruction() {
        BuildKitVertex vertex = failed != null ? failed : lastStarted;
        return vertex == null ? null : vertex.instruction;
    }

    /**
     * BuildKit numbers a stage's steps {@code k/N}; the stage is complete once step {@code N/N} is done or
     * came from cache (each step waits for the one before it).
     */
    @Override
    public synchronized boolean stageFinished(String stageId) {
        return vertices.values().stream().anyMatch(vertex -> vertex.stageId.equals(stageId) && vertex.finishesItsStage());
    }

    @Override
    public synchronized String writtenImageId() {
        return writtenImageId;
    }

    @Override
    public synchronized String lastStepStage() {
        BuildKitVertex vertex = failed != null ? failed : lastStarted;
        return vertex == null ? null : vertex.stageId;
    }

    /**
     * The reference BuildKit showed in the stage's {@code FROM} vertex, with its digest when resolved. A
     * stage whose {@code FROM} vertex BuildKit merged into another stage's (same base image) gets that one.
     */
    @Override
    public synchronized String baseImageId(String stageId) {
        for (BuildKitVertex vertex : vertices.values()) {
            if (vertex.isFrom() && vertex.stageId.equals(stageId)) {
                return fromReference(vertex);
            }
        }
        Stage stage = dockerfile.stage(stageId);
        if (stage == null) {
            return null;
        }
        String wanted = ImageReferences.normalize(stage.baseImage());
        for (BuildKitVertex vertex : vertices.values()) {
            String ref = fromReference(vertex);
            if (vertex.isFrom() && ImageReferences.normalize(ImageReferences.withoutDigest(ref)).equals(wanted)) {
                return ref;
            }
        }
        return null;
    }

    private static String fromReference(BuildKitVertex vertex) {
        return vertex.instruction.substring("FROM ".length()).strip();
    }
}
