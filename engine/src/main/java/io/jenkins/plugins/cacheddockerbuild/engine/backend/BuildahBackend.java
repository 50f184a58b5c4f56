package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.credentials.TemporaryAuthFile;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandTimeoutException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.buildah.BuildahCli;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.ManifestHttp;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.RegistryFailure;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildahOutputParser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daemonless builder: buildah, on an agent with no docker daemon (a Kubernetes pod's buildah container).
 * Its cache is buildah's registry layer cache: with {@code --layers --cache-to REPO} every step buildah runs is
 * pushed to the layer cache repository under a key derived from the step and everything before it, and with
 * {@code --cache-from REPO} a fresh agent pulls each step it can instead of running it. The keys are content
 * hashes, so an entry written by any branch is a correct hit for any other: the fallback chain decides
 * whether there is anything to look for, not what matches.
 *
 * <p>The layer cache repository is the cache repository when one is given, else {@code IMAGE-cache}.
 * What a registry answered during the resolve phase is remembered for the run (the lookups run before the
 * build): a registry that did not answer gets neither {@code --cache-from} nor {@code --cache-to}, since
 * buildah fails a build whose cache push fails. Should the registry go away mid-build, the build is run once
 * more without the layer cache, with a warning: the cache is never the reason a build fails.
 */
final class BuildahBackend implements BuilderBackend {
    private static final String NOT_A_LIST = "(not a list type)";
    private static final String CACHE_PUSH_FAILED = "failed pushing cache to";
    private static final BackendCapabilities CAPABILITIES = new BackendCapabilities(false, false, false, false, true);

    private final BuildahCli buildah;
    private final BuildRequest request;
    private final String layerCache;
    private final Set<String> silentRegistries;
    private final ManifestHttp manifests;

    BuildahBackend(BuildahCli buildah, BuildRequest request) {
        this(buildah, request, ConcurrentHashMap.newKeySet());
    }

    private BuildahBackend(BuildahCli buildah, BuildRequest request, Set<String> silentRegistries) {
        this.buildah = buildah;
        this.request = request;
        this.layerCache = layerCacheRepository(request);
        this.silentRegistries = silentRegistries;
        this.manifests = new ManifestHttp(request.logins(), request.dockerEnv());
    }

    /** Where buildah keeps its per-step cache images. */
    static String layerCacheRepository(BuildRequest request) {
        return request.cacheRepo() != null ? request.cacheRepo() : request.image() + "-cache";
    }

    @Override
    public String id() {
        return BuilderKind.BUILDAH.id();
    }

    @Override
    public BackendCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public BuilderBackend withEnv(String name, String value) {
        return new BuildahBackend(buildah.withEnv(name, value), request, silentRegistries);
    }

    @Override
    public RegistryCredentials logIn(AgentFiles files, List<RegistryLogin> logins)
            throws DockerUnavailableException, IOException, InterruptedException {
        TemporaryAuthFile auth = TemporaryAuthFile.create(files, buildah, request.dockerEnv(), logins);
        BuilderBackend withAuth = withEnv("REGISTRY_AUTH_FILE", auth.path()).withEnv("DOCKER_CONFIG", auth.directory());
        return new RegistryCredentials() {
            @Override
            public BuilderBackend backend() {
                return withAuth;
            }

            @Override
            public void close() throws IOException {
                auth.close();
            }
        };
    }

    /**
     * Whether {@code ref} exists, asked over HTTP by the engine where it can be ({@link ManifestHttp}), else with
     * {@code buildah manifest inspect}; either way no manifest is shown, as buildah shows none of a plain image.
     */
    @Override
    public CommandResult lookUp(String ref) throws DockerUnavailableException, IOException, InterruptedException {
        CommandResult quick = manifests.descriptor(ref);
        if (quick != null) {
            return quick.succeeded() ? new CommandResult(0, "", "") : quick;
        }
        CommandResult result = buildah.run(buildah.manifestInspect(ref));
        if (!result.succeeded() && result.reason().contains(NOT_A_LIST)) {
            return new CommandResult(0, "", "");  // a plain image: it exists, its manifest is not shown
        }
        if (!result.succeeded()) {
            RegistryFailure failure = RegistryFailure.classify(result.reason(), ref);
            if (failure == RegistryFailure.UNREACHABLE || failure == RegistryFailure.DENIED) {
                silentRegistries.add(BuildahCli.registryHost(ref));
            }
        }
        return result;
    }

    @Override
    public CommandResult pull(String ref) throws DockerUnavailableException, IOException, InterruptedException {
        return buildah.run(buildah.pull(ref));
    }

    @Override
    public Set<String> downloadedLayers(CommandResult pull) {
        return Set.of();
    }

    @Override
    public StageBuild build(StageBuildSpec spec, BuildObserver observer)
            throws BuildFailedException, DockerUnavailableException, IOException, InterruptedException {
        boolean answers = !silentRegistries.contains(BuildahCli.registryHost(layerCache));
        boolean cacheFrom = answers && !spec.cacheFrom().isEmpty();
        observer.info("buildah layer cache " + layerCache + (answers ? (cacheFrom ? ": looked up and written"
                : ": written (no build of this chain in the registry yet)") : ": not used (its registry did not answer)"));
        long start = System.nanoTime();
        try {
            return run(spec, observer, cacheFrom, answers, start);
        } catch (CachePushFailed e) {
            observer.warn("buildah could not reach the layer cache " + layerCache + " (" + e.getMessage()
                    + "); building again without it");
            silentRegistries.add(BuildahCli.registryHost(layerCache));
            try {
                return run(spec, observer, false, false, start);
            } catch (CachePushFailed impossible) {
                throw new IllegalStateException("a build without --cache-to pushed cache", impossible);
            }
        }
    }

    private StageBuild run(StageBuildSpec spec, BuildObserver observer, boolean cacheFrom, boolean cacheTo, long start)
            throws BuildFailedException, DockerUnavailableException, IOException, InterruptedException,
            CachePushFailed {
        BuildahOutputParser parser = new BuildahOutputParser(spec.dockerfile());
        String stageId = spec.stage().id();
        BuildOutput output = new BuildOutput(parser, observer, stageId, true);
        CommandResult result;
        try {
            result = buildah.run(buildah.build(BuildahArguments.argv(request, spec, layerCache, cacheFrom, cacheTo),
                    request.buildArgs(), output));
        } catch (CommandTimeoutException e) {
            removeWorkingContainers();
            throw new BuildFailedException(stageId, null, List.of(e.getMessage()));
        } catch (InterruptedException e) {
            removeWorkingContainers();  // buildah was killed mid-step: its working container stays mounted
            throw e;
        }
        if (!result.succeeded()) {
            removeWorkingContainers();
            String cacheFailure = output.tail().stream().filter(line -> line.contains(CACHE_PUSH_FAILED)).findFirst()
                    .orElse(null);
            if (cacheTo && cacheFailure != null) {
                throw new CachePushFailed(RegistryFailure.classify(cacheFailure).describe());
            }
            throw output.failure();
        }
        return snapshot(spec.dockerfile(), parser, (System.nanoTime() - start) / 1e9);
    }

    // A failed RUN leaves its working container mounted in the agent's storage; nothing else would remove it.
    private void removeWorkingContainers() throws InterruptedException {
        boolean interrupted = Thread.interrupted();
        try {
            buildah.run(buildah.removeWorkingContainers());
        } catch (IOException | DockerUnavailableException e) {
            // the next build on this agent is not hurt by it, only its disk
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static StageBuild snapshot(Dockerfile dockerfile, BuildOutputParser parser, double seconds) {
        Map<String, String> baseImages = new LinkedHashMap<>();
        for (Stage stage : dockerfile.stages()) {
            String base = parser.baseImageId(stage.id());
            if (base != null) {
                baseImages.put(stage.id(), base);
            }
        }
        // buildah prints a stage's image only by a short id of its local store: not a name to tag or push
        return new StageBuild(parser.stepsByStage(), baseImages, Map.of(), seconds);
    }

    @Override
    public BuildOutputParser parser(Dockerfile dockerfile) {
        return new BuildahOutputParser(dockerfile);
    }

    @Override
    public CommandResult tag(String source, String target) throws DockerUnavailableException, IOException,
            InterruptedException {
        return buildah.run(buildah.tag(source, target));
    }

    @Override
    public CommandResult push(String ref) throws DockerUnavailableException, IOException, InterruptedException {
        return buildah.run(buildah.push(ref, null));
    }

    /**
     * buildah prints neither the pushed digest nor which blobs were new ("Copying blob" names each one, the ones
     * the registry had too), and its manifest lookup shows no sizes: nothing to count, so nothing is asked
     * after the push (a lookup would cost a registry round trip for no answer).
     */
    @Override
    public PushedImage pushed(CommandResult push) {
        return new PushedImage(null, Set.of());
    }

    @Override
    public CommandResult untag(List<String> refs) throws DockerUnavailableException, IOException, InterruptedException {
        return buildah.run(buildah.untag(refs));
    }

    /** Local names come back as {@code localhost/REPO:TAG}; the engine names its own images without a registry. */
    @Override
    public CommandResult tagsOf(String repository) throws DockerUnavailableException, IOException,
            InterruptedException {
        CommandResult listed = buildah.run(buildah.tagsOf(repository));
        return new CommandResult(listed.exitCode(), listed.stdout().replace("localhost/" + repository + ":",
                repository + ":"), listed.stderr());
    }

    // Not knowing the id only means pushing as usual.
    /**
     * Never asked in practice: a ref is kept only when the registry's manifest names the local image's config,
     * and buildah's lookup shows no manifest ({@link #lookUp}), so with buildah every ref is pushed.
     */
    @Override
    public String registryDigest(String ref) {
        return null;
    }

    @Override
    public String imageId(String ref) throws InterruptedException {
        try {
            CommandResult result = buildah.run(buildah.imageId(ref));
            String id = result.stdout().strip();
            return result.succeeded() && id.matches("[0-9a-f]{64}") ? "sha256:" + id : null;
        } catch (IOException | DockerUnavailableException e) {
            return null;
        }
    }

    @Override
    public LocalImage localImage(String ref) {
        return null;
    }

    /** Never called: the selector refuses a cache directory with buildah (see {@link BuildahOption}). */
    @Override
    public CommandResult save(String archive, List<String> refs) {
        throw new UnsupportedOperationException("buildah keeps no cache directory");
    }

    @Override
    public CommandResult load(String archive) {
        throw new UnsupportedOperationException("buildah keeps no cache directory");
    }

    @Override
    public List<String> loadedRefs(CommandResult load) {
        return List.of();
    }

    /** The build failed only because its layer cache push did. */
    private static final class CachePushFailed extends Exception {
        CachePushFailed(String message) {
            super(message);
        }
    }
}
