package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The argument list and environment of one stage's {@code docker build}. Build-arg values travel in the
 * environment ({@code --build-arg NAME} takes the value from there), so none of them is ever visible in a
 * process list.
 */
final class BuildArguments {
    /** Milliseconds between the plain printer's updates (the docker 20.10 client and buildx both read it). */
    static final String PRINTER_RATE = "TTY_DISPLAY_RATE";
    private static final String PLAIN = "--progress=plain";
    private static final String RAW_JSON = "--progress=rawjson";

    private BuildArguments() {
    }

    static List<String> argv(BuildRequest request, StageBuildSpec spec, BuilderKind builder) {
        return argv(request, spec, builder, false);
    }

    /**
     * @param rawJson for BuildKit through buildx: ask for {@code --progress=rawjson}, which the backend turns into plain
     *     lines itself ({@link io.jenkins.plugins.cacheddockerbuild.engine.output.RawJsonProgress})
     */
    static List<String> argv(BuildRequest request, StageBuildSpec spec, BuilderKind builder, boolean rawJson) {
        List<String> args = new ArrayList<>();
        args.add("--file");
        args.add(spec.dockerfilePath());
        if (spec.target() != null) {
            args.add("--target");
            args.add(spec.target());
        }
        args.add("--tag");
        args.add(spec.tag());
        for (String ref : spec.cacheFrom()) {
            args.add("--cache-from");
            args.add(ref);
        }
        for (String name : request.buildArgs().keySet()) {
            args.add("--build-arg");
            args.add(name);
        }
        if (spec.finalStage()) {
            request.labels().forEach((name, value) -> {
                args.add("--label");
                args.add(name + "=" + value);
            });
        }
        option(args, "--platform", request.platform());
        option(args, "--network", request.network());
        if (builder == BuilderKind.BUILDKIT) {
            args.add(rawJson ? RAW_JSON : PLAIN);
            args.add("--build-arg");
            args.add("BUILDKIT_INLINE_CACHE=1");
            for (String secret : request.secrets()) {
                args.add("--secret");
                args.add(secret);
            }
        }
        args.add(spec.context());
        return args;
    }

    /**
     * {@code docker buildx build} arguments of a registry-cache build: every existing cache of the chain as
     * {@code --cache-from}, this branch's as {@code --cache-to} with {@code mode=max} (every stage's layers), the
     * final refs as tags, {@code --push}, progress as rawjson (buildx is the client). Without {@code cacheTo} (after a
     * registry refused the export) only the image is pushed.
     *
     * <p>{@code push}: the build pushes {@code pushRefs}; otherwise it stores the image in the daemon under the spec's
     * tag and {@code pushRefs}, for the caller to push.
     */
    static List<String> registryArgv(BuildRequest request, StageBuildSpec spec, List<String> pushRefs, String cacheTo,
            boolean push) {
        List<String> args = new ArrayList<>();
        args.add("--file");
        args.add(spec.dockerfilePath());
        if (spec.target() != null) {
            args.add("--target");
            args.add(spec.target());
        }
        if (!push) {
            args.add("--tag");
            args.add(spec.tag());
        }
        for (String ref : pushRefs) {
            args.add("--tag");
            args.add(ref);
        }
        for (String ref : spec.cacheFrom()) {
            args.add("--cache-from");
            args.add("type=registry,ref=" + ref);
        }
        if (cacheTo != null) {
            args.add("--cache-to");
            args.add("type=registry,ref=" + cacheTo + ",mode=max");
        }
        if (push) {
            args.add("--push");
        }
        for (String name : request.buildArgs().keySet()) {
            args.add("--build-arg");
            args.add(name);
        }
        request.labels().forEach((name, value) -> {
            args.add("--label");
            args.add(name + "=" + value);
        });
        option(args, "--platform", request.platform());
        option(args, "--network", request.network());
        args.add(RAW_JSON);
        for (String secret : request.secrets()) {
            args.add("--secret");
            args.add(secret);
        }
        args.add(spec.context());
        return args;
    }

    /**
     * The build args, {@code DOCKER_BUILDKIT}, and for BuildKit {@code TTY_DISPLAY_RATE=1}: BuildKit's plain printer
     * then shows every progress update within a millisecond instead of merging those of 100 ms. Merged, a step
     * that the containerd image store takes lazily from a cache loses its {@code CACHED} line (the vertex is
     * reopened for its layers a few ms later), and the parser needs that line (docs/docker-engines.md). It costs
     * the client about 0.03 of a core while it builds.
     */
    static Map<String, String> env(BuildRequest request, BuilderKind builder) {
        Map<String, String> env = new LinkedHashMap<>(request.buildArgs());
        env.put("DOCKER_BUILDKIT", builder == BuilderKind.CLASSIC ? "0" : "1");
        if (builder != BuilderKind.CLASSIC) {
            env.putIfAbsent(PRINTER_RATE, "1");
        }
        return env;
    }

    private static void option(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }
}
