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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the legacy builder's output: {@code Step 3/7 : RUN make}, then {@code  ---> Using cache} when the
 * step came from cache, {@code  ---> Running in abc} when it ran, {@code  ---> 1a2b3c4d} for the resulting
 * image.
 *
 * <p>The legacy builder builds every stage up to the target in file order and numbers its steps across
 * all of them, each stage starting with a {@code FROM} step; so the k-th {@code FROM} it prints is stage
 * k-1 of the Dockerfile. Global {@code ARG}s before the first {@code FROM} are numbered steps too, but
 * belong to no stage.
 */
public final class ClassicOutputParser implements BuildOutputParser {

    private static final Pattern STEP = Pattern.compile("^Step (\\d+)/(\\d+) : (.*)$");
    private static final Pattern IMAGE_ID = Pattern.compile("^ ---> ([0-9a-f]{12,64})$");
    private static final String USING_CACHE = " ---> Using cache";

    private final Dockerfile dockerfile;
    private final Map<String, List<Step>> steps = new LinkedHashMap<>();
    private final Map<String, String> baseImageIds = new HashMap<>();
    private final Map<String, String> stageImageIds = new HashMap<>();
    private int stagesStarted;
    private String currentStage;
    private Step currentStep;
    private boolean awaitingBaseImageId;
    private long lastNanos;

    /** A step as it is being read; its end is the start of the next step or the last line seen. */
    private static final class Step {
        final String instruction;
        final long startNanos;
        Long endNanos;
        boolean cached;

        Step(String instruction, long startNanos) {
            this.instruction = instruction;
            this.startNanos = startNanos;
        }
    }

    /** @param dockerfile the Dockerfile being built, to name the stages */
    public ClassicOutputParser(Dockerfile dockerfile) {
        this.dockerfile = Objects.requireNonNull(dockerfile, "dockerfile");
    }

    @Override
    public synchronized void accept(String line, long nanoTime) {
        lastNanos = nanoTime;
        String text = OutputLines.clean(line);
        Matcher step = STEP.matcher(text);
        if (step.matches()) {
            startStep(step.group(3), nanoTime);
        } else if (text.startsWith(USING_CACHE) && currentStep != null) {
            currentStep.cached = true;
        } else if (currentStage != null) {
            Matcher id = IMAGE_ID.matcher(text);
            if (id.matches()) {
                imageOfStep(id.group(1));
            }
        }
    }

    // Every step ends with the image it made; a stage's image is the one its last step made.
    private void imageOfStep(String id) {
        if (awaitingBaseImageId) {
            baseImageIds.put(currentStage, id);
            awaitingBaseImageId = false;
        }
        stageImageIds.put(currentStage, id);
    }

    private void startStep(String instruction, long nanoTime) {
        if (currentStep != null) {
            currentStep.endNanos = nanoTime;
        }
        currentStep = new Step(instruction, nanoTime);
        if (isFrom(instruction)) {
            currentStage = stageId(stagesStarted++);
            steps.put(currentStage, new ArrayList<>());
            awaitingBaseImageId = true;
            return;
        }
        awaitingBaseImageId = false;
        if (currentStage != null) {
            // before the first FROM only global ARGs can come, which the legacy builder counts as steps of no stage
            steps.get(currentStage).add(currentStep);
        }
    }

    private String stageId(int index) {
        List<Stage> stages = dockerfile.stages();
        return index < stages.size() ? stages.get(index).id() : "stage-" + index;
    }

    @Override
    public synchronized Map<String, List<StepRecord>> stepsByStage() {
        Map<String, List<StepRecord>> result = new LinkedHashMap<>();
        steps.forEach((stage, list) -> result.put(stage, list.stream().map(this::record).toList()));
        return result;
    }

    private StepRecord record(Step step) {
        long end = step.endNanos != null ? step.endNanos : lastNanos;
        return new StepRecord(step.instruction, step.cached, Math.max(0, end - step.startNanos) / 1e9);
    }

    @Override
    public synchronized String lastStepInstruction() {
        return currentStep == null ? null : currentStep.instruction;
    }

    @Override
    public synchronized String lastStepStage() {
        return currentStage;
    }

    @Override
    public synchronized String baseImageId(String stageId) {
        return baseImageIds.get(stageId);
    }

    /** The image the legacy builder made for the stage's last step (its {@code FROM} image if it has no step). */
    @Override
    public synchronized String stageImageId(String stageId) {
        return stageImageIds.get(stageId);
    }

    static boolean isFrom(String instruction) {
        return instruction.regionMatches(true, 0, "FROM ", 0, 5);
    }
}
