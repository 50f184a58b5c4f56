package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A parsed Dockerfile: its global {@code ARG}s and its stages. Immutable; made by {@link DockerfileParser}. */
public final class Dockerfile {
    private final List<String> globalArgNames;
    private final List<Stage> stages;

    Dockerfile(List<String> globalArgNames, List<Stage> stages) {
        this.globalArgNames = List.copyOf(globalArgNames);
        this.stages = List.copyOf(stages);
    }

    /** Names of the {@code ARG}s declared before the first {@code FROM}, in order. */
    public List<String> globalArgNames() {
        return globalArgNames;
    }

    /** Every stage, in file order (a stage's index is its position here). */
    public List<Stage> stages() {
        return stages;
    }

    /**
     * The stage with the given name (case-insensitive), id ({@code stage-N}) or zero-based index.
     *
     * @return the stage, or {@code null} if there is none
     */
    public Stage stage(String nameOrIndex) {
        if (nameOrIndex == null) {
            return null;
        }
        String wanted = nameOrIndex.strip().toLowerCase(Locale.ROOT);
        for (Stage stage : stages) {
            if (wanted.equals(stage.name()) || wanted.equals(stage.id())) {
                return stage;
            }
        }
        if (wanted.matches("[0-9]{1,9}")) {
            int index = Integer.parseInt(wanted);
            return index < stages.size() ? stages.get(index) : null;
        }
        return null;
    }

    /** The last stage: what {@code docker build} produces without {@code --target}. */
    public Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /**
     * The stages that building {@code target} needs, its dependencies followed transitively, in file order
     * with the target last. Stages it does not need are left out.
     *
     * @param target a stage name, id or index; {@code null} for the last stage
     * @throws InvalidInputException when there is no such stage
     */
    public List<Stage> requiredStages(String target) throws InvalidInputException {
        Stage wanted = target == null ? finalStage() : stage(target);
        if (wanted == null) {
            throw new InvalidInputException("target", target, "no such stage; stages are: "
                    + stages.stream().map(Stage::id).collect(Collectors.joining(", ")));
        }
        TreeSet<Integer> needed = new TreeSet<>();
        Deque<Stage> todo = new ArrayDeque<>(List.of(wanted));
        while (!todo.isEmpty()) {
            Stage stage = todo.pop();
            if (needed.add(stage.index())) {
                stage.dependencies().stream().map(this::stage).filter(Objects::nonNull).forEach(todo::push);
            }
        }
        // dependencies always point to earlier stages, so file order is a valid build order
        return needed.stream().map(stages::get).toList();
    }

    /**
     * The earlier stage that {@code stage} is built {@code FROM}, or {@code null} when its base is an
     * external image.
     */
    public Stage baseStage(Stage stage) {
        Stage base = stage(stage.baseImage());
        return base != null && base.index() < stage.index() && stage.dependencies().contains(base.id()) ? base : null;
    }

    @Override
    public String toString() {
        return "Dockerfile[stages=" + stages.stream().map(Stage::id).collect(Collectors.joining(", ")) + "]";
    }
}
