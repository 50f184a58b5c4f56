package io.jenkins.plugins.cacheddockerbuild.engine.analysis;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.FirstMiss;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds, per stage, the first step that ran instead of coming from cache, and its likely cause, by
 * comparing the stage with the newest earlier report that built a stage of the same name. Causes are
 * tried from the broadest (nothing to reuse at all) to the narrowest (this step's files).
 */
final class FirstMissAnalyzer {

    private static final Pattern COPY_OR_ADD =
            Pattern.compile("^(?:\\[[^\\]]*\\]\\s*)?(COPY|ADD)\\b(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern COPY_FROM = Pattern.compile("--from=(\\S+)");
    private static final Pattern ARG = Pattern.compile("^(?:\\[[^\\]]*\\]\\s*)?ARG\\s+(.*)$", Pattern.CASE_INSENSITIVE);

    private final BuildReport current;
    private final List<BuildReport> earlier;

    FirstMissAnalyzer(BuildReport current, List<BuildReport> earlierNewestFirst) {
        this.current = current;
        this.earlier = earlierNewestFirst;
    }

    /** The current report's stages, each with its first miss filled in (null when nothing ran). */
    List<StageReport> analyzeStages() {
        List<StageReport> stages = new ArrayList<>(current.stages().size());
        for (StageReport stage : current.stages()) {
            stages.add(stage.withFirstMiss(firstMiss(stage)));
        }
        return stages;
    }

    private FirstMiss firstMiss(StageReport stage) {
        List<StepRecord> steps = stage.stepRecords();
        int index = 0;
        while (index < steps.size() && steps.get(index).cached()) {
            index++;
        }
        if (index == steps.size()) {
            return null;
        }
        String instruction = Objects.requireNonNullElse(steps.get(index).instruction(), "");
        if (stage.cacheSource() == null) {
            String reason = stage.noCacheReason() == null || stage.noCacheReason().isBlank()
                    ? "no cache image was found for this stage" : stage.noCacheReason();
            return miss(index, instruction, MissCause.NO_CACHE_SOURCE, reason);
        }
        BuildReport previousReport = earlier.stream().filter(r -> stageNamed(r, stage.name()) != null).findFirst()
                .orElse(null);
        if (previousReport == null) {
            return miss(index, instruction, MissCause.UNKNOWN,
                    "no earlier report of stage " + stage.name() + " to compare with");
        }
        StageReport previous = stageNamed(previousReport, stage.name());
        if (stage.baseImageId() != null && previous.baseImageId() != null
                && !stage.baseImageId().equals(previous.baseImageId())) {
            return miss(index, instruction, MissCause.BASE_IMAGE_CHANGED, "the base image "
                    + Objects.requireNonNullElse(stage.baseImage(), "") + " is now " + stage.baseImageId()
                    + " (was " + previous.baseImageId() + "), so no step built on the old one can be reused");
        }
        List<String> args = changedArgsUsed(previousReport, steps, index);
        if (!args.isEmpty()) {
            return miss(index, instruction, MissCause.BUILD_ARG_CHANGED, "build arg " + String.join(", ", args)
                    + " has another value than in the earlier build, and this stage uses it");
        }
        List<StepRecord> previousSteps = previous.stepRecords();
        if (index >= previousSteps.size() || !sameInstruction(previousSteps.get(index), steps.get(index))) {
            String was = index >= previousSteps.size() ? "the earlier build had no step " + (index + 1)
                    : "the earlier build ran " + previousSteps.get(index).instruction() + " here";
            return miss(index, instruction, MissCause.INSTRUCTION_CHANGED,
                    "this instruction is new or changed (" + was + "), so it and every step after it run again");
        }
        Matcher copy = COPY_OR_ADD.matcher(instruction.trim());
        if (copy.matches()) {
            Matcher from = COPY_FROM.matcher(copy.group(2));
            String what = from.find() ? "the files it copies from stage " + from.group(1)
                    : "the files it copies from the build context";
            return miss(index, instruction, MissCause.FILES_CHANGED, what
                    + " changed since the cached build (the instruction is unchanged and every step before it"
                    + " came from cache)");
        }
        return miss(index, instruction, MissCause.UNKNOWN, "the instruction, the base image and the build args"
                + " look unchanged; the cache image may lack this step (built by the other builder, built"
                + " without inline cache metadata, or from another branch)");
    }

    /** Names of build args whose digest changed and that the missed step mentions or the stage declares. */
    private List<String> changedArgsUsed(BuildReport previousReport, List<StepRecord> steps, int missIndex) {
        Map<String, String> now = current.buildArgDigests();
        Map<String, String> before = previousReport.buildArgDigests();
        TreeSet<String> changed = new TreeSet<>();
        for (String name : unionOf(now.keySet(), before.keySet())) {
            if (!Objects.equals(now.get(name), before.get(name))) {
                changed.add(name);
            }
        }
        List<String> used = new ArrayList<>();
        for (String name : changed) {
            if (mentions(Objects.requireNonNullElse(steps.get(missIndex).instruction(), ""), name) || declaresArg(steps, missIndex, name)) {
                used.add(name);
            }
        }
        return used;
    }

    private static TreeSet<String> unionOf(Set<String> a, Set<String> b) {
        TreeSet<String> union = new TreeSet<>(a);
        union.addAll(b);
        return union;
    }

    static boolean mentions(String instruction, String argName) {
        String quoted = Pattern.quote(argName);
        return Pattern.compile("\\$" + quoted + "(?![A-Za-z0-9_])|\\$\\{" + quoted + "(?:[}:])")
                .matcher(instruction).find();
    }

    /** Whether a step up to the missed one is {@code ARG NAME} (or {@code ARG NAME=default}). */
    private static boolean declaresArg(List<StepRecord> steps, int missIndex, String argName) {
        for (int i = 0; i <= missIndex; i++) {
            Matcher arg = ARG.matcher(Objects.requireNonNullElse(steps.get(i).instruction(), "").trim());
            if (arg.matches()) {
                for (String declared : arg.group(1).trim().split("\\s+")) {
                    if (declared.split("=", 2)[0].equals(argName)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean sameInstruction(StepRecord a, StepRecord b) {
        return StepCostHistory.normalize(a.instruction()).equals(StepCostHistory.normalize(b.instruction()));
    }

    private static StageReport stageNamed(BuildReport report, String name) {
        return report.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private static FirstMiss miss(int index, String instruction, MissCause cause, String explanation) {
        return new FirstMiss(index, instruction, cause.id(), explanation);
    }
}
