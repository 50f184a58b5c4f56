package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.buildah.BuildahCli;
import java.util.ArrayList;
import java.util.List;

/**
 * The argument list of one {@code buildah build}. As with docker, build-arg values travel in the environment
 * ({@code --build-arg NAME} takes the value from there), never on the command line.
 *
 * <ul>
 *   <li>{@code --isolation chroot}: runs {@code RUN} steps without a container runtime or privileges beyond
 *       the pod's, which is what buildah in a Kubernetes pod can count on.</li>
 *   <li>{@code --layers}: a cache entry per step, locally and, with {@code --cache-to}, in the registry.</li>
 *   <li>{@code --cache-from REPO} only when the registry holds a build of this chain: a step lookup of an empty
 *       repository costs a round trip per step for nothing. {@code --cache-to REPO} whenever the registry
 *       answers, so the next agent finds every step this one ran.</li>
 * </ul>
 */
final class BuildahArguments {
    private BuildahArguments() {
    }

    static List<String> argv(BuildRequest request, StageBuildSpec spec, String layerCache, boolean cacheFrom,
            boolean cacheTo) {
        List<String> args = new ArrayList<>(List.of("--isolation", "chroot", "--layers"));
        args.add("--file");
        args.add(spec.dockerfilePath());
        if (spec.target() != null) {
            args.add("--target");
            args.add(spec.target());
        }
        args.add("--tag");
        args.add(spec.tag());
        if (plainHttpRegistry(spec, layerCache)) {
            args.add("--tls-verify=false");
        }
        if (cacheFrom) {
            args.add("--cache-from");
            args.add(layerCache);
        }
        if (cacheTo) {
            args.add("--cache-to");
            args.add(layerCache);
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
        for (String secret : request.secrets()) {
            args.add("--secret");
            args.add(secret);
        }
        option(args, "--platform", request.platform());
        option(args, "--network", request.network());
        args.add(spec.context());
        return args;
    }

    /**
     * One {@code --tls-verify} covers every registry of a build (base images and the layer cache): it is off when
     * any of them is on the loopback interface, the rule of every buildah call (see {@link BuildahCli}).
     */
    private static boolean plainHttpRegistry(StageBuildSpec spec, String layerCache) {
        if (BuildahCli.plainHttp(layerCache)) {
            return true;
        }
        return spec.dockerfile().stages().stream()
                .anyMatch(stage -> stage.baseImage().contains("/") && BuildahCli.plainHttp(stage.baseImage()));
    }

    private static void option(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }
}
