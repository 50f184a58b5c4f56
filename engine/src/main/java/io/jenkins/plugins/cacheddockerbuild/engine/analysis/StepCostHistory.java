package io.jenkins.plugins.cacheddockerbuild.engine.analysis;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What each step cost the last time it actually ran (was not served from cache), looked up by stage name
 * and instruction. A stage that repeats an instruction ({@code RUN make} twice) keeps the occurrences apart.
 */
public final class StepCostHistory {

    private final Map<StepKey, Double> lastRunSeconds;

    private StepCostHistory(Map<StepKey, Double> lastRunSeconds) {
        this.lastRunSeconds = lastRunSeconds;
    }

    /** Collects the step costs from earlier reports, newest first: the newest uncached run of a step wins. */
    public static StepCostHistory from(List<BuildReport> newestFirst) {
        Map<StepKey, Double> costs = new HashMap<>();
        for (BuildReport report : newestFirst) {
            for (StageReport stage : report.stages()) {
                List<StepKey> keys = keysOf(stage);
                for (int i = 0; i < keys.size(); i++) {
                    StepRecord step = stage.stepRecords().get(i);
                    if (!step.cached() && Double.isFinite(step.seconds())) {
                        costs.putIfAbsent(keys.get(i), Math.max(0, step.seconds()));
                    }
                }
            }
        }
        return new StepCostHistory(costs);
    }

    /** Seconds the step at {@code stepIndex} of {@code stage} took when it last ran, if it ever did. */
    public OptionalDouble lastRun(StageReport stage, int stepIndex) {
        Double seconds = lastRunSeconds.get(keysOf(stage).get(stepIndex));
        return seconds == null ? OptionalDouble.empty() : OptionalDouble.of(seconds);
    }

    /** Sum of the known last-run costs of the stage's cached steps; steps never seen running count 0. */
    public double estimatedCachedSeconds(StageReport stage) {
        double sum = 0;
        for (int i = 0; i < stage.stepRecords().size(); i++) {
            if (stage.stepRecords().get(i).cached()) {
                sum += lastRun(stage, i).orElse(0);
            }
        }
        return sum;
    }

    /** Identities of the stage's steps, in order. */
    static List<StepKey> keysOf(StageReport stage) {
        Map<String, Integer> seen = new HashMap<>();
        List<StepKey> keys = new ArrayList<>(stage.stepRecords().size());
        for (StepRecord step : stage.stepRecords()) {
            String instruction = normalize(step.instruction());
            int occurrence = seen.merge(instruction, 1, Integer::sum);
            keys.add(new StepKey(stage.name(), instruction, occurrence));
        }
        return keys;
    }

    /** Builders differ in how they space an instruction; whitespace runs carry no meaning for the match. */
    static String normalize(String instruction) {
        return instruction == null ? "" : instruction.trim().replaceAll("\\s+", " ");
    }

    /** A step's identity across builds: its stage, its instruction and which repeat of it in the stage. */
    record StepKey(String stage, String instruction, int occurrence) {
    }
}
