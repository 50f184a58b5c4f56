package io.jenkins.plugins.cacheddockerbuild.cli;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.ci.CiEnvironment;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cached-docker-build build}: turns options into a {@link BuildRequest} and hands it to the runner. */
@Command(name = "build", sortOptions = false, usageHelpAutoWidth = true,
        description = "Build an image stage by stage with registry (or directory) layer cache, push it, report the cache hits.",
        footer = {"", "Exit codes: 0 built (and pushed); 1 a Dockerfile step failed; 2 usage or bad input;",
                "3 docker, daemon or a required registry unavailable (e.g. the push); 130/143 interrupted;",
                "70 internal error (please report it)."})
final class BuildCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONTEXT", description = "Build context directory.")
    Path context;

    @Option(names = "--image", required = true, paramLabel = "REPO", description = "Image repository, e.g. registry:5000/team/app.")
    String image;

    @Option(names = "--tag", paramLabel = "TAG", description = "Final tag (repeatable). Default: the branch tag.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--branch", paramLabel = "NAME", description = "Branch. Default: $BRANCH_NAME, $GIT_BRANCH, else main.")
    String branch;

    @Option(names = "--fallback", paramLabel = "BRANCH_OR_TAG", description = "Cache fallback, in order (repeatable).")
    List<String> fallbacks = new ArrayList<>();

    @Option(names = "--cache-from", paramLabel = "REF", description = "Extra explicit cache source (repeatable).")
    List<String> cacheFrom = new ArrayList<>();

    @Option(names = "--cache-repo", paramLabel = "REPO", description = "Separate repository for cache tags.")
    String cacheRepo;

    @Option(names = {"--file", "-f"}, paramLabel = "PATH", description = "Dockerfile, relative to CONTEXT. Default: Dockerfile.")
    String file;

    @Option(names = "--target", paramLabel = "STAGE", description = "Target stage. Default: the last stage.")
    String target;

    @Option(names = "--build-arg", paramLabel = "K=V", description = "Build argument (repeatable); K alone takes $K.")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--label", paramLabel = "K=V", description = "Label on the final image (repeatable).")
    List<String> labels = new ArrayList<>();

    @Option(names = "--secret", paramLabel = "SPEC", description = "BuildKit secret, e.g. id=npm,src=/run/npmrc (repeatable).")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--platform", paramLabel = "PLATFORM", description = "Target platform, e.g. linux/amd64.")
    String platform;

    @Option(names = "--network", paramLabel = "MODE", description = "Network for RUN steps (docker build --network).")
    String network;

    @Option(names = "--builder", paramLabel = "auto|registry|buildkit|classic|buildah",
            description = "Builder: registry (buildx registry cache), buildkit or classic (docker), buildah (no docker "
                    + "daemon). Default: auto (registry cache, else BuildKit, else classic; buildah when no docker "
                    + "daemon answers).")
    String builder = "auto";

    @Option(names = "--docker", paramLabel = "PATH", description = "Docker executable. Default: docker on PATH.")
    String docker = "docker";

    @Option(names = "--buildah", paramLabel = "PATH", description = "buildah executable. Default: buildah on PATH.")
    String buildah = "buildah";

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Shared directory for docker save/load archives.")
    String cacheDir;

    @Option(names = "--cache-dir-max-size", paramLabel = "SIZE", description = "Size cap of --cache-dir (e.g. 500m, 10g). Default: 10g.")
    String cacheDirMaxSize = "10g";

    @Option(names = "--no-push", description = "Build and tag only.")
    boolean noPush;

    @Mixin
    LoginOptions login = new LoginOptions();

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report here.")
    Path report;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report here.")
    Path html;

    @Option(names = "--history", paramLabel = "DIR", description = "Keep earlier reports here for the payoff verdict and trends.")
    Path history;

    @Option(names = "--history-keep", paramLabel = "N", description = "Reports kept per image and branch. Default: 20.")
    int historyKeep = 20;

    @Option(names = "--parallel", paramLabel = "N", description = "Pulls/pushes at once. Default: 4.")
    int parallel = 4;

    @Option(names = "--retries", paramLabel = "N", description = "Retries of a failing registry call. Default: 3.")
    int retries = 3;

    @Option(names = {"--verbose", "-v"}, description = "Show docker's own output.")
    boolean verbose;

    @Option(names = {"--help", "-h"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private final BuildRunner runner;

    BuildCommand(BuildRunner runner) {
        this.runner = runner;
    }

    @Override
    public Integer call() throws Exception {
        return runner.run(this);
    }

    /** The engine request these options describe. */
    BuildRequest toRequest(Map<String, String> env) throws InvalidInputException {
        BuildRequest.Builder request = BuildRequest.builder(image, context.toAbsolutePath().normalize().toString())
                .tags(tags)
                .branch(branch != null ? branch : CiEnvironment.branch(env))
                .fallbacks(fallbacks)
                .cacheFrom(cacheFrom)
                .cacheRepo(cacheRepo)
                .dockerfile(file)
                .target(target)
                .buildArgs(pairs("build-arg", buildArgs, env, true))
                .platform(platform)
                .network(network)
                .builderKind(BuilderKind.parse(builder))
                .dockerExecutable(docker)
                .buildahExecutable(buildah)
                .push(!noPush)
                .cacheDir(cacheDir == null ? null : Path.of(cacheDir).toAbsolutePath().toString())
                .cacheDirMaxBytes(Sizes.parse("cache-dir-max-size", cacheDirMaxSize))
                .parallelism(parallel)
                .registryRetries(retries);
        pairs("label", labels, env, false).forEach(request::label);
        secrets.forEach(request::secret);
        login.logins(image, cacheRepo, env).forEach(request::login);
        if (env.containsKey("DOCKER_HOST")) {
            request.dockerEnv("DOCKER_HOST", env.get("DOCKER_HOST"));
        }
        if (env.containsKey("DOCKER_CONFIG")) {
            request.dockerEnv("DOCKER_CONFIG", env.get("DOCKER_CONFIG"));
        }
        return request.build();
    }

    private static Map<String, String> pairs(String option, List<String> values, Map<String, String> env,
            boolean fromEnv) throws InvalidInputException {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq > 0) {
                pairs.put(value.substring(0, eq), value.substring(eq + 1));
            } else if (fromEnv && eq < 0 && env.containsKey(value)) {
                pairs.put(value, env.get(value));
            } else {
                throw new InvalidInputException(option, value, "expected NAME=VALUE"
                        + (fromEnv ? " (or NAME of a set environment variable)" : ""));
            }
        }
        return pairs;
    }
}
