package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Works out which earlier stages a stage needs. A reference is a stage when it is a stage's name or a
 * number; anything else is an external image. A reference to the stage itself or to a later one is
 * refused: stages are built one after another in file order, and the classic builder would not resolve
 * it either.
 */
final class StageReferences {
    private final List<StageDraft> stages;
    private final GlobalArgs args;
    private final char escape;

    StageReferences(List<StageDraft> stages, GlobalArgs args, char escape) {
        this.stages = stages;
        this.args = args;
        this.escape = escape;
    }

    Set<String> dependenciesOf(StageDraft stage) throws InvalidInputException {
        Set<String> ids = new LinkedHashSet<>();
        StageDraft base = byName(stage.baseImage);
        if (base != null && base.index < stage.index) {
            // a FROM naming a later stage is an external image to docker, so only earlier ones count
            ids.add(base.id());
        }
        for (Instruction instruction : stage.instructions) {
            for (String ref : referencesIn(instruction)) {
                StageDraft target = resolve(ref, stage, instruction);
                if (target != null) {
                    ids.add(target.id());
                }
            }
        }
        return ids;
    }

    private List<String> referencesIn(Instruction instruction) throws InvalidInputException {
        List<String> flags = InstructionFlags.leading(instruction.arguments(), escape);
        List<String> refs = new java.util.ArrayList<>();
        for (String flag : flags) {
            if (instruction.keyword().equals("COPY") && flag.startsWith("--from=")) {
                refs.add(flag.substring("--from=".length()));
            } else if (instruction.keyword().equals("RUN") && flag.startsWith("--mount=")) {
                String from = InstructionFlags.mountOption(flag.substring("--mount=".length()), "from");
                if (from != null) {
                    refs.add(from);
                }
            }
        }
        List<String> expanded = new java.util.ArrayList<>();
        for (String ref : refs) {
            expanded.add(ShellWords.unquote(args.expand(ref, instruction.line()), escape));
        }
        return expanded;
    }

    private StageDraft resolve(String ref, StageDraft stage, Instruction instruction) throws InvalidInputException {
        StageDraft target = isIndex(ref) ? byIndex(ref, instruction) : byName(ref);
        if (target == null) {
            return null;
        }
        if (target.index >= stage.index) {
            String which = target.index == stage.index ? "the stage it is in" : "a later stage (line "
                    + target.fromLine + ")";
            throw new InvalidInputException(LogicalLineReader.field(instruction.line()), ref,
                    "refers to " + which + "; a stage can only use stages defined above it");
        }
        return target;
    }

    private StageDraft byIndex(String ref, Instruction instruction) throws InvalidInputException {
        int index = Integer.parseInt(ref);
        if (index >= stages.size()) {
            throw new InvalidInputException(LogicalLineReader.field(instruction.line()), ref,
                    "there is no stage " + index + " (stages are numbered from 0 to " + (stages.size() - 1) + ")");
        }
        return stages.get(index);
    }

    private StageDraft byName(String ref) {
        String wanted = ref.toLowerCase(Locale.ROOT);
        return stages.stream().filter(s -> wanted.equals(s.name)).findFirst().orElse(null);
    }

    private static boolean isIndex(String ref) {
        return ref.matches("[0-9]{1,9}");
    }
}
