package io.jenkins.plugins.cacheddockerbuild.engine.output;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code buildah build --layers} output (buildah 1.28): {@code [2/3] STEP 3/4: COPY . /src} starts a
 * step of the second of three stages; {@code --> Using cache ID} marks it as served from cache, {@code -->
 * Cache pulled from remote REF} says the cache came from the {@code --cache-from} repository, {@code -->
 * Pushing cache REF} that buildah stored a step it ran in the {@code --cache-to} repository, and {@code -->
 * 6864a8712c1} is the image the step made.
 *
 * <p>A stage's {@code FROM} is printed as step 1 and is not a step here. buildah names a stage built from an
 * earlier one by that stage's image id ({@code FROM 6864a8... AS builder}), so stages are told apart by the
 * {@code [i/N]} prefix: the i-th stage is stage i-1 of the Dockerfile when buildah builds them all, else the
 * one named after {@code AS}.
 *
 * <p>buildah works on stages side by side: the final stage may start, reach {@code COPY --from=builder}
 * and wait there while {@code builder} runs, so STEP lines of two stages interleave (recorded in
 * {@code buildah-deps}). The {@code -->} lines carry no prefix; they belong to the step that started last and
 * has not yet printed its image id (the id closes a step). A step's time leaves out what it spent waiting
 * for steps that finished while it was open.
 */
public final class BuildahOutputParser implements BuildOutputParser {

    private static final Pattern STEP = Pattern.compile("^\\[(\\d+)/(\\d+)\\] STEP (\\d+)/(\\d+): (.*)$");
    private static final Pattern FROM = Pattern.compile("^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern USING_CACHE = Pattern.compile("^--> Using cache ([0-9a-f]{12,64})$");
    private static final Pattern REMOTE_HIT = Pattern.compile("^--> Cache pulled from remote (\\S+)$");
    private static final Pattern CACHE_PUSH = Pattern.compile("^--> Pushing cache (\\S+)$");
    private static final Pattern IMAGE_ID = Pattern.compile("^--> ([0-9a-f]{11,64})$");
    private static final Pattern FAILED_AT = Pattern.compile("^Error: building at STEP \"(.*)\": .*$");
    private static final Pattern WRITTEN = Pattern.compile("^([0-9a-f]{64})$");

    private final Dockerfile dockerfile;
    private final Map<Integer, String> stageOfPrefix = new HashMap<>();
    private final Map<String, List<Step>> steps = new LinkedHashMap<>();
    private final List<Step> started = new ArrayList<>();
    private final Map<String, String> baseImages = new HashMap<>();
    private final Map<String, String> stageImageIds = new HashMap<>();
    private final List<String> pulledCacheRefs = new ArrayList<>();
    private final List<String> pushedCacheRefs = new ArrayList<>();
    private Step failedStep;
    private String writtenImageId;
    private boolean finished;
    private long lastNanos;

    /** A step as it is being read; it is open until buildah prints the image it made or the stage moves on. */
    private static final class Step {
        final String stage;
        final String instruction;
        final long startNanos;
        Long endNanos;
        boolean cached;
        boolean fromRemote;

        Step(String stage, String instruction, long startNanos) {
            this.stage = stage;
            this.instruction = instruction;
            this.startNanos = startNanos;
        }
    }

    /** @param dockerfile the Dockerfile being built, to name the stages */
    public BuildahOutputParser(Dockerfile dockerfile) {
        this.dockerfile = Objects.requireNonNull(dockerfile, "dockerfile");
    }

    @Override
    public synchronized void accept(String line, long nanoTime) {
        lastNanos = nanoTime;
        String text = OutputLines.clean(line);
        Matcher m = STEP.matcher(text);
        if (m.matches()) {
            startStep(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(5), nanoTime);
        } else if (text.startsWith("Successfully tagged ")) {
            end(nanoTime);
        } else if ((m = FAILED_AT.matcher(text)).matches()) {
            failedStep = openStep(m.group(1));
            end(nanoTime);
        } else if (text.startsWith("Error: ")) {
            end(nanoTime);
        } else if ((m = USING_CACHE.matcher(text)).matches()) {
            withOpenStep(step -> step.cached = true);
        } else if ((m = REMOTE_HIT.matcher(text)).matches()) {
            pulledCacheRefs.add(m.group(1));
            withOpenStep(step -> step.fromRemote = true);
        } else if ((m = CACHE_PUSH.matcher(text)).matches()) {
            pushedCacheRefs.add(m.group(1));
        } else if ((m = IMAGE_ID.matcher(text)).matches()) {
            String id = m.group(1);
            withOpenStep(step -> {
                stageImageIds.put(step.stage, id);
                step.endNanos = nanoTime;
            });
        } else if ((m = WRITTEN.matcher(text)).matches() && finished) {
            writtenImageId = "sha256:" + m.group(1);
        }
    }

    private void startStep(int prefix, int stagesBuilt, String instruction, long nanoTime) {
        Matcher from = FROM.matcher(instruction);
        if (from.matches()) {
            String stage = stageId(prefix - 1, stagesBuilt, from.group(2));
            stageOfPrefix.put(prefix, stage);
            steps.putIfAbsent(stage, new ArrayList<>());
            baseImages.put(stage, from.group(1));
            return;
        }
        String stage = stageOfPrefix.computeIfAbsent(prefix, p -> stageId(p - 1, stagesBuilt, null));
        List<Step> ofStage = steps.computeIfAbsent(stage, s -> new ArrayList<>());
        if (!ofStage.isEmpty() && ofStage.get(ofStage.size() - 1).endNanos == null) {
            ofStage.get(ofStage.size() - 1).endNanos = nanoTime;  // a step that printed no image id (e.g. CMD)
        }
        Step step = new Step(stage, instruction, nanoTime);
        ofStage.add(step);
        started.add(step);
    }

    private void withOpenStep(Consumer<Step> action) {
        for (int i = started.size() - 1; i >= 0; i--) {
            if (started.get(i).endNanos == null) {
                action.accept(started.get(i));
                return;
            }
        }
    }

    private Step openStep(String instruction) {
        for (int i = started.size() - 1; i >= 0; i--) {
            Step step = started.get(i);
            if (step.endNanos == null && step.instruction.equals(instruction)) {
                return step;
            }
        }
        return null;
    }

    private void end(long nanoTime) {
        finished = true;
        for (Step step : started) {
            if (step.endNanos == null) {
                step.endNanos = nanoTime;
            }
        }
    }

    private String stageId(int position, int stagesBuilt, String name) {
        List<Stage> stages = dockerfile.stages();
        if (stagesBuilt == stages.size() && position < stages.size()) {
            return stages.get(position).id();
        }
        // buildah left out stages the target does not need: only the name says which stage this is
        if (name != null) {
            for (Stage stage : stages) {
                if (name.equalsIgnoreCase(stage.name())) {
                    return stage.id();
                }
            }
        }
        return position < stages.size() ? stages.get(position).id() : "stage-" + position;
    }

    @Override
    public synchronized Map<String, List<StepRecord>> stepsByStage() {
        Map<String, List<StepRecord>> result = new LinkedHashMap<>();
        steps.forEach((stage, list) -> result.put(stage, list.stream().map(this::record).toList()));
        return result;
    }

    private StepRecord record(Step step) {
        long end = step.endNanos != null ? step.endNanos : lastNanos;
        long busyFrom = step.startNanos;
        for (Step other : started) {
            // another step that finished while this one was open: this one was waiting for it (COPY --from)
            if (other != step && other.endNanos != null && other.endNanos > busyFrom && other.endNanos < end) {
                busyFrom = other.endNanos;
            }
        }
        return new StepRecord(step.instruction, step.cached, Math.max(0, end - busyFrom) / 1e9);
    }

    /** How many steps of the stage came from the remote cache repository (rather than local storage). */
    public synchronized int remoteHits(String stageId) {
        List<Step> list = steps.get(stageId);
        return list == null ? 0 : (int) list.stream().filter(s -> s.cached && s.fromRemote).count();
    }

    /** The cache images buildah pulled from the {@code --cache-from} repository, in order. */
    public synchronized List<String> pulledCacheRefs() {
        return List.copyOf(pulledCacheRefs);
    }

    /** The cache images buildah pushed to the {@code --cache-to} repository, in order. */
    public synchronized List<String> pushedCacheRefs() {
        return List.copyOf(pushedCacheRefs);
    }

    private Step lastStep() {
        if (failedStep != null) {
            return failedStep;
        }
        return started.isEmpty() ? null : started.get(started.size() - 1);
    }

    /** The step the build failed at when buildah named it, else the step that started last. */
    @Override
    public synchronized String lastStepInstruction() {
        Step step = lastStep();
        return step == null ? null : step.instruction;
    }

    @Override
    public synchronized String lastStepStage() {
        Step step = lastStep();
        return step == null ? null : step.stage;
    }

    /** The {@code FROM} reference buildah printed: an image reference, or an earlier stage's image id. */
    @Override
    public synchronized String baseImageId(String stageId) {
        return baseImages.get(stageId);
    }

    /** The short id of the image the stage's last step made, as buildah printed it ({@code --> 6864a8712c1}). */
    @Override
    public synchronized String stageImageId(String stageId) {
        return stageImageIds.get(stageId);
    }

    /** A stage is done once every instruction of it has printed its image, or the build ended. */
    @Override
    public synchronized boolean stageFinished(String stageId) {
        List<Step> list = steps.get(stageId);
        if (list == null) {
            return false;
        }
        if (finished) {
            return true;
        }
        Stage stage = dockerfile.stages().stream().filter(s -> s.id().equals(stageId)).findFirst().orElse(null);
        return stage != null && list.size() == stage.instructions().size()
                && list.get(list.size() - 1).endNanos != null;
    }

    @Override
    public synchronized String writtenImageId() {
        return writtenImageId;
    }
}
