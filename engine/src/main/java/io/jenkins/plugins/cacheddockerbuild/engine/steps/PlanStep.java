package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlanner;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.DockerfileParser;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates the request and plans the build: reads and parses the Dockerfile, works out which stages the
 * target needs and where their cache lives. Touches no daemon and no registry.
 */
final class PlanStep implements Step<BuildPlan> {
    private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(pass|secret|token|key|credential|auth).*");
    private static final Pattern BUILD_ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // Build-arg values reach docker through its environment, so these names would steer the docker client itself.
    private static final Set<String> READ_BY_DOCKER = Set.of("DOCKER_HOST", "DOCKER_CONFIG",
            "DOCKER_CONTEXT", "DOCKER_BUILDKIT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_API_VERSION",
            "PATH", "HOME");

    private final BuildRequest request;
    private final AgentFiles files;
    private final Events events;

    PlanStep(BuildRequest request, AgentFiles files, Events events) {
        this.request = request;
        this.files = files;
        this.events = events;
    }

    @Override
    public BuildPlan call() throws InvalidInputException, IOException, InterruptedException {
        String image = ImageReference.repository("image", request.image());
        String cacheRepo = request.cacheRepo() == null ? null : ImageReference.repository("cache-repo", request.cacheRepo());
        List<String> explicit = new ArrayList<>();
        for (String ref : request.cacheFrom()) {
            explicit.add(ImageReference.reference("cache-from", ref));
        }
        checkBuildArgs(request, events);
        String context = context(request, files);
        String dockerfilePath = dockerfile(request, files, context);
        Dockerfile dockerfile = DockerfileParser.parse(files.readText(dockerfilePath), request.buildArgs());
        List<Stage> required = dockerfile.requiredStages(request.target());
        checkTargetBuildable(request, dockerfile, required.get(required.size() - 1));
        List<Stage> targets = new ArrayList<>();
        for (int i = 0; i < required.size(); i++) {
            Stage stage = required.get(i);
            if (stage.name() != null || i == required.size() - 1) {
                targets.add(stage);
            }
        }
        CachePlan cachePlan = CachePlanner.plan(image, cacheRepo, request.branch(), request.fallbacks(), explicit,
                request.tags(), targets.stream().map(Stage::id).toList());
        return new BuildPlan(context, dockerfilePath, dockerfile, required, targets, cachePlan);
    }

    private static String context(BuildRequest request, AgentFiles files)
            throws InvalidInputException, IOException, InterruptedException {
        if (request.context() == null || request.context().isBlank()) {
            throw new InvalidInputException("context", request.context(), "a build context directory is required");
        }
        if (!files.isDirectory(request.context())) {
            throw new InvalidInputException("context", request.context(), "is not a directory");
        }
        return files.canonical(request.context());
    }

    private static String dockerfile(BuildRequest request, AgentFiles files, String context)
            throws InvalidInputException, IOException, InterruptedException {
        String given = request.dockerfile() == null ? "Dockerfile" : request.dockerfile();
        String path = given.startsWith("/") ? given : context + "/" + given;
        if (!files.exists(path) || files.isDirectory(path)) {
            throw new InvalidInputException("file", given, "no Dockerfile at " + path);
        }
        String canonical = files.canonical(path);
        if (!canonical.startsWith(context + "/")) {
            throw new InvalidInputException("file", given, "is outside the build context " + context);
        }
        return canonical;
    }

    // docker build --target only takes a stage name; an unnamed stage is reachable only as the last one.
    private static void checkTargetBuildable(BuildRequest request, Dockerfile dockerfile, Stage target)
            throws InvalidInputException {
        if (target.name() == null && target.index() != dockerfile.finalStage().index()) {
            throw new InvalidInputException("target", request.target(), "stage " + target.index()
                    + " has no name and docker can only build a named stage as a target; name it with FROM ... AS name");
        }
    }

    private static void checkBuildArgs(BuildRequest request, Events events) throws InvalidInputException {
        for (String name : request.buildArgs().keySet()) {
            if (!BUILD_ARG_NAME.matcher(name).matches()) {
                throw new InvalidInputException("build-arg", name, "is not a valid build argument name");
            }
            if (READ_BY_DOCKER.contains(name)) {
                throw new InvalidInputException("build-arg", name, "is read by the docker client itself and build "
                        + "arg values are passed to it through the environment; rename the ARG");
            }
            if (SECRET_LIKE.matcher(name).matches()) {
                events.warn(io.jenkins.plugins.cacheddockerbuild.engine.api.Phase.PLAN, "build arg " + name
                        + " looks like a secret: build args end up in the image history; use BuildKit secrets "
                        + "instead (--secret id=" + name.toLowerCase(java.util.Locale.ROOT)
                        + ",env=" + name + " and RUN --mount=type=secret)");
            }
        }
    }
}
