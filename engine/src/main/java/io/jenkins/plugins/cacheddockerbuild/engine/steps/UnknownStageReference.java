package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Instruction;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code FROM name}, {@code COPY --from=name} and {@code RUN --mount=...,from=name}, where {@code name} is
 * no stage defined above, are image references to docker: {@code buidler} might be an image on Docker Hub.
 * So a misspelt stage only shows when docker fails to get an image of that name. When a stage's build fails
 * exactly there, this names the user's mistake (exit 2, the Dockerfile line and the name) instead of
 * passing docker's pull error on as a failed step.
 */
final class UnknownStageReference {
    private static final Pattern BARE_NAME = Pattern.compile("[a-z][a-z0-9_.-]*");
    private static final Pattern COPY_FROM = Pattern.compile("(?:^|\\s)--from=(\\S+)");
    private static final Pattern MOUNT_FROM = Pattern.compile("(?:^|\\s)--mount=\\S*?\\bfrom=([^,\\s]+)");

    /** A name used where a stage or an image may go: where, in which stage, and as written. */
    private record Reference(String where, Stage stage, String name, String written) {
    }

    private UnknownStageReference() {
    }

    /**
     * The user mistake behind a failed build of {@code target}, if docker failed to get an image whose
     * name is a stage-like name that no stage above defines.
     *
     * @param failedStep the step docker was at, as the output parser saw it, or {@code null}
     * @param tail the last lines docker printed
     */
    static Optional<InvalidInputException> explain(BuildPlan plan, Stage target, String failedStep, List<String> tail) {
        for (Reference reference : references(plan, target)) {
            if (dockerCouldNotGet(reference.name(), failedStep, tail)) {
                return Optional.of(new InvalidInputException(reference.where(), reference.name(),
                        reference.written() + " " + problem(plan, reference) + "; docker said: " + lastLine(tail)));
            }
        }
        return Optional.empty();
    }

    private static List<Reference> references(BuildPlan plan, Stage target) {
        List<Reference> references = new ArrayList<>();
        for (Stage stage : plan.requiredStages()) {
            if (stage.index() > target.index()) {
                continue;
            }
            if (notAStageAbove(plan, stage, stage.baseImage())) {
                references.add(new Reference("Dockerfile, FROM of stage " + stage.id(), stage, stage.baseImage(),
                        "FROM " + stage.baseImage()));
            }
            for (Instruction instruction : stage.instructions()) {
                Pattern flag = instruction.keyword().equals("COPY") ? COPY_FROM
                        : instruction.keyword().equals("RUN") ? MOUNT_FROM : null;
                if (flag == null) {
                    continue;
                }
                Matcher matcher = flag.matcher(instruction.arguments());
                while (matcher.find()) {
                    if (notAStageAbove(plan, stage, matcher.group(1))) {
                        references.add(new Reference("Dockerfile line " + instruction.line(), stage, matcher.group(1),
                                (flag == COPY_FROM ? "--from=" : "from=") + matcher.group(1)));
                    }
                }
            }
        }
        return references;
    }

    private static boolean notAStageAbove(BuildPlan plan, Stage user, String name) {
        if (!BARE_NAME.matcher(name).matches()) {
            return false;
        }
        Stage named = plan.dockerfile().stage(name);
        return named == null || named.index() >= user.index();
    }

    // The classic builder stops at the step itself; BuildKit names the image it could not get in its error.
    private static boolean dockerCouldNotGet(String name, String failedStep, List<String> tail) {
        String step = failedStep == null ? "" : failedStep.strip().toLowerCase(Locale.ROOT);
        if (step.equals("from " + name) || step.startsWith("from " + name + " ")) {
            return true;
        }
        for (String line : tail) {
            String text = line.strip();
            if (text.contains("from flag value " + name + ":") || text.contains("pull access denied for " + name + ",")
                    || text.startsWith(">") && text.contains("docker.io/library/" + name + ":")) {
                return true;
            }
        }
        return false;
    }

    private static String problem(BuildPlan plan, Reference reference) {
        Stage named = plan.dockerfile().stage(reference.name());
        if (named != null) {
            return "names stage " + named.id() + ", which is not defined above stage " + reference.stage().id()
                    + " (a stage can only use stages defined above it)";
        }
        List<String> above = plan.dockerfile().stages().stream()
                .filter(stage -> stage.index() < reference.stage().index() && stage.name() != null)
                .map(Stage::name).toList();
        return "names no stage defined above (" + (above.isEmpty() ? "there is none"
                : "stages: " + above.stream().collect(Collectors.joining(", "))) + ") and no image docker could get";
    }

    private static String lastLine(List<String> tail) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (!tail.get(i).isBlank()) {
                return tail.get(i).strip();
            }
        }
        return "no output";
    }
}
