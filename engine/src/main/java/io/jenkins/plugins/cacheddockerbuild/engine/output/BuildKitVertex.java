package io.jenkins.plugins.cacheddockerbuild.engine.output;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;

/**
 * One Dockerfile step as BuildKit reports it: a numbered vertex named {@code [stage k/N] INSTRUCTION}
 * whose status lines ({@code CACHED}, {@code DONE 1.2s}, {@code ERROR}) may arrive much later.
 */
final class BuildKitVertex {
    final int number;
    final String stageId;
    final int position;
    final int total;
    final String instruction;
    final long firstNanos;
    long lastNanos;
    boolean cached;
    Double doneSeconds;
    boolean failed;
    /** It printed time-stamped output ({@code #10 1.169 ...}): only a step that runs does. */
    boolean printedOutput;

    BuildKitVertex(int number, String stageId, int position, int total, String instruction, long nanoTime) {
        this.number = number;
        this.stageId = stageId;
        this.position = position;
        this.total = total;
        this.instruction = instruction;
        this.firstNanos = nanoTime;
        this.lastNanos = nanoTime;
    }

    /** Its stage's last step ({@code [stage N/N]}), done or from cache: the stage is complete. */
    boolean finishesItsStage() {
        return position == total && !failed && (cached || doneSeconds != null);
    }

    boolean isFrom() {
        return ClassicOutputParser.isFrom(instruction);
    }

    /**
     * The seconds BuildKit reported, 0 when cached, else the time its lines have spanned so far.
     *
     * @param cachedByChain a later step of its stage came from cache, so this one did too
     */
    StepRecord toRecord(boolean cachedByChain) {
        double seconds;
        boolean cached = this.cached || cachedByChain;
        if (cached) {
            seconds = 0;
        } else if (doneSeconds != null) {
            seconds = doneSeconds;
        } else {
            seconds = Math.max(0, lastNanos - firstNanos) / 1e9;
        }
        return new StepRecord(instruction, cached, seconds);
    }
}
