package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildKitOutputParser;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * buildx with a registry cache: the target is built once with {@code --cache-from type=registry} for every
 * cache of the fallback chain that exists, {@code --cache-to type=registry,mode=max} (the layers of every
 * stage, so no stage needs a build or tag of its own) and {@code --push}. What users of modern Docker type by
 * hand, with the engine's fallback chain, statistics and report around it. Needs a buildx builder that can
 * export a cache: the {@code docker} driver on the containerd image store, or a {@code docker-container},
 * {@code remote} or {@code kubernetes} builder.
 *
 * <p>With the {@code docker} driver the image is built into the daemon's image store and the build does not push
 * it: buildx would push it twice in a row (once from BuildKit's image exporter, once more "with docker"), both
 * before the cache export starts. The observer hears {@link BuildObserver#imageStored()} as soon as the image is
 * stored, so the caller can push it with {@code docker push} while BuildKit still exports the cache.
 */
public final class RegistryCacheBackend extends DockerBackend {
    private static final BackendCapabilities CAPABILITIES = new BackendCapabilities(false, false, true, true, false, true);
    private static final Pattern PUSHED = Pattern.compile("^#\\d+ pushing manifest for (\\S+)@(sha256:[0-9a-f]{64})\\b.* done$");
    private static final Pattern CACHE_EXPORT = Pattern.compile("^#(\\d+) exporting cache to registry$");
    private static final Pattern IMAGE_EXPORT = Pattern.compile("^#(\\d+) exporting to image$");
    private static final Pattern ERROR = Pattern.compile("^#(\\d+) ERROR\\b:?\\s*(.*)$");
    private static final Pattern DONE = Pattern.compile("^#(\\d+) DONE\\b.*$");

    private final boolean buildsIntoDaemon;

    /** A backend for lookups and for a builder that pushes from BuildKit itself. */
    public RegistryCacheBackend(DockerCli docker, BuildRequest request) {
        this(docker, request, false);
    }

    /**
     * @param buildsIntoDaemon whether the builder stores images in the daemon (the {@code docker} driver): the
     *     caller then pushes them, while the cache is exported
     */
    public RegistryCacheBackend(DockerCli docker, BuildRequest request, boolean buildsIntoDaemon) {
        super(docker, request);
        this.buildsIntoDaemon = buildsIntoDaemon;
    }

    @Override
    BuilderKind kind() {
        return BuilderKind.REGISTRY;
    }

    /** buildx is always the client here. */
    @Override
    boolean rawJsonProgress() {
        return true;
    }

    @Override
    public BackendCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public RegistryCacheBackend withEnv(String name, String value) {
        return new RegistryCacheBackend(docker.withEnv(name, value), request, buildsIntoDaemon);
    }

    @Override
    public BuildOutputParser parser(Dockerfile dockerfile) {
        return new BuildKitOutputParser(dockerfile);
    }

    /** Reads image manifests and registry caches alike ({@code docker manifest inspect} cannot read a cache). */
    @Override
    public CommandResult lookUp(String ref) throws DockerUnavailableException, IOException, InterruptedException {
        return docker.run(docker.imagetoolsInspect(ref));
    }

    @Override
    public RegistryCacheBuild buildAndPush(StageBuildSpec spec, RegistryCacheExport export, BuildObserver observer)
            throws BuildFailedException, DockerUnavailableException, IOException, InterruptedException {
        Progress progress = new Progress(observer);
        try {
            StageBuild built = build(spec, export, export.cacheRef(), progress);
            return buildsIntoDaemon ? RegistryCacheBuild.stored(built, true)
                    : new RegistryCacheBuild(built, progress.pushed, true);
        } catch (BuildFailedException e) {
            if (!buildsIntoDaemon && progress.imagePushFailed()) {
                // buildx pushes the image before it exports the cache: a refused image push leaves no cache either
                List<String> notPushed = export.pushRefs().stream().filter(ref -> !progress.pushed.containsKey(ref))
                        .toList();
                return new RegistryCacheBuild(progress.built, progress.pushed, false, notPushed, progress.imageFailure);
            }
            if (!progress.cacheExportFailed()) {
                throw e;
            }
            String reason = e.outputTail().isEmpty() ? "" : ": " + e.outputTail().get(e.outputTail().size() - 1);
            observer.warn("the registry refused the cache export to " + export.cacheRef() + reason
                    + "; the next build starts without this build's cache");
            if (buildsIntoDaemon) {
                return RegistryCacheBuild.stored(progress.built, false);
            }
            if (!progress.pushed.keySet().containsAll(export.pushRefs())) {
                observer.info("pushing the image without a cache export");
                Progress retry = new Progress(observer);
                StageBuild again = build(spec, export, null, retry);
                return new RegistryCacheBuild(again, retry.pushed, false);
            }
            return new RegistryCacheBuild(progress.built, progress.pushed, false);
        }
    }

    private StageBuild build(StageBuildSpec spec, RegistryCacheExport export, String cacheTo, Progress progress)
            throws BuildFailedException, DockerUnavailableException, IOException, InterruptedException {
        BuildOutputParser parser = parser(spec.dockerfile());
        progress.parser = parser;
        progress.spec = spec;
        progress.startNanos = System.nanoTime();
        StageBuild built = run(spec, parser, progress, lines -> docker.buildxBuild(
                BuildArguments.registryArgv(request, spec, export.pushRefs(), cacheTo, !buildsIntoDaemon),
                BuildArguments.env(request, kind()), lines));
        progress.built = built;
        return built;
    }

    /** Watches the output for the pushed digests, a refused image push and a failed cache export, passing everything on. */
    private static final class Progress implements BuildObserver {
        private final BuildObserver observer;
        private final Map<String, String> pushed = new LinkedHashMap<>();
        private String cacheVertex;
        private boolean cacheVertexFailed;
        private String imageVertex;
        private String imageFailure;
        private boolean imageStored;
        private BuildOutputParser parser;
        private StageBuildSpec spec;
        private StageBuild built;
        private long startNanos;

        Progress(BuildObserver observer) {
            this.observer = observer;
        }

        @Override
        public synchronized void output(String stageId, String line) {
            Matcher push = PUSHED.matcher(line);
            if (push.matches()) {
                pushed.put(push.group(1), push.group(2));
            }
            Matcher export = CACHE_EXPORT.matcher(line);
            if (export.matches()) {
                cacheVertex = export.group(1);
            }
            Matcher image = IMAGE_EXPORT.matcher(line);
            if (image.matches()) {
                imageVertex = image.group(1);
            }
            Matcher error = ERROR.matcher(line);
            if (error.matches() && error.group(1).equals(cacheVertex)) {
                cacheVertexFailed = true;
            }
            if (error.matches() && error.group(1).equals(imageVertex) && imageFailure == null) {
                imageFailure = error.group(2);
            }
            observer.output(stageId, line);
            Matcher done = DONE.matcher(line);
            if (done.matches() && done.group(1).equals(imageVertex) && !imageStored) {
                imageStored = true;
                observer.imageStored();
            }
        }

        @Override
        public void progress(BuildOutputParser soFar) {
            observer.progress(soFar);
        }

        @Override
        public void info(String message) {
            observer.info(message);
        }

        @Override
        public void warn(String message) {
            observer.warn(message);
        }

        /**
         * The build failed in the image export (the push: "#12 ERROR: failed to push REF: ... 401 Unauthorized"),
         * after every step of the target had completed; a step that failed is a failed build, not a failed push.
         */
        synchronized boolean imagePushFailed() {
            if (imageFailure == null || parser == null || !parser.stageFinished(spec.stage().id())) {
                return false;
            }
            if (built == null) {
                built = snapshotAfterFailure();
            }
            return true;
        }

        /** The build failed in the cache export, after every Dockerfile step succeeded. */
        synchronized boolean cacheExportFailed() {
            if (cacheVertexFailed && built == null && parser != null) {
                built = snapshotAfterFailure();
            }
            return cacheVertexFailed;
        }

        private StageBuild snapshotAfterFailure() {
            return DockerBackend.snapshot(spec, parser, (System.nanoTime() - startNanos) / 1e9);
        }
    }
}
