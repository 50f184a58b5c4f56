package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One build stage: a {@code FROM} and the instructions up to the next {@code FROM}.
 *
 * <p>Whether a reference such as {@code COPY --from=deps} names a stage or an external image depends on the
 * stages defined before it, which a single stage cannot see; so the parser works the dependencies out and
 * hands them in as {@link #dependencies()}.
 *
 * @param index zero-based position of the stage in the Dockerfile
 * @param name the name given after {@code AS}, lower-cased, or {@code null} for an unnamed stage
 * @param baseImage the {@code FROM} reference after substituting global {@code ARG}s; for a stage built on
 *     an earlier stage this is that stage's name as written (a number is an image name to docker, not a stage)
 * @param platform the {@code --platform} value (global {@code ARG}s substituted), or {@code null}
 * @param instructions the instructions after {@code FROM}, in order
 * @param dependencies ids (see {@link #id()}) of the earlier stages this stage needs: its {@code FROM},
 *     {@code COPY --from} and {@code RUN --mount=from=} references to stages; external images are not
 *     dependencies
 */
public record Stage(int index, String name, String baseImage, String platform, List<Instruction> instructions,
        Set<String> dependencies) {

    public Stage {
        Objects.requireNonNull(baseImage, "baseImage");
        instructions = List.copyOf(instructions);
        // insertion order kept so messages and plans list dependencies as the Dockerfile names them
        dependencies = Collections.unmodifiableSet(new LinkedHashSet<>(dependencies));
    }

    /** A stage that depends on no other stage. */
    public Stage(int index, String name, String baseImage, String platform, List<Instruction> instructions) {
        this(index, name, baseImage, platform, instructions, Set.of());
    }

    /** The name BuildKit shows for the stage: its name, or {@code stage-N} when it has none. */
    public String id() {
        return idOf(index, name);
    }

    static String idOf(int index, String name) {
        return name != null ? name : "stage-" + index;
    }
}
