package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildListener;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BackendSelector;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.RegistryCredentials;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.RegistryCacheBackend;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlanner;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.TagSanitizer;
import io.jenkins.plugins.cacheddockerbuild.engine.cachedir.CacheDirectory;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The one orchestrator: plan, probe, login, load, resolve, pull, build, tag, push, save, report. Each phase is
 * a step object ({@link Step}); only this class hands one step's result to the next. Whatever happens, the
 * temporary tags and the temporary docker config are removed.
 */
public final class BuildOrchestrator {
    private static final long LATE_TAG_MILLIS = 1500;
    private final BuildRequest request;
    private final CommandRunner runner;
    private final AgentFiles files;
    private final Events events;
    private final Parallel parallel;
    /** Why the probe picked this run's builder, for the report; set once the probe has answered. */
    private String builderReason;

    /**
     * @param executor the run's threads (lookups, pulls, pushes, background work); it must not bound the
     *     number of threads below what the run needs at once (a cached pool does not)
     */
    public BuildOrchestrator(BuildRequest request, CommandRunner runner, AgentFiles files, BuildListener listener,
            ExecutorService executor) {
        this.request = request;
        this.runner = runner;
        this.files = files;
        this.events = new Events(listener);
        this.parallel = new Parallel(executor);
    }

    /** Runs the whole build and returns its report. */
    public BuildReport run() throws CachedBuildException, InterruptedException {
        String startedAt = Instant.now().toString();
        DockerCli docker = new DockerCli(runner, request.dockerExecutable(), request.dockerEnv(),
                request.registryTimeout(), request.buildTimeout());
        String runId = TemporaryTags.newRunId(Instant.now());
        try {
            BuildPlan plan = events.phase(Phase.PLAN, "reading the Dockerfile", new PlanStep(request, files, events));
            try (Background<BackendSelector.Selection> probe = parallel.start(new ProbeBuilderStep(request, docker,
                    runner)); Background<List<RegistryCall.Outcome>> early = registryLookupsAlongsideProbe(docker)) {
                BuilderBackend builder = builder(probe);
                if (request.logins().isEmpty()) {
                    return built(builder, runId, plan, startedAt, early);
                }
                try (RegistryCredentials logins = events.phase(Phase.LOGIN, "logging in to registries",
                        () -> builder.logIn(files, request.logins()))) {
                    return built(logins.backend(), runId, plan, startedAt, null);
                }
            }
        } catch (IOException e) {
            throw new DockerUnavailableException("a docker call failed: " + e.getMessage(), e);
        }
    }

    /** The builder the probe picked; it makes the registry logins where it reads them. */
    private BuilderBackend builder(Background<BackendSelector.Selection> probe)
            throws CachedBuildException, IOException, InterruptedException {
        BackendSelector.Selection selection = probe.await();
        events.debug(Phase.PLAN, selection.found());
        events.info(Phase.PLAN, "builder: " + selection.backend().id() + " (" + selection.why() + ")");
        builderReason = selection.why();
        if (selection.caveat() != null) {
            events.warn(Phase.PLAN, selection.caveat());
        }
        return selection.backend();
    }

    private BuildReport built(BuilderBackend builder, String runId, BuildPlan planned, String startedAt,
            Background<List<RegistryCall.Outcome>> earlyLookups)
            throws CachedBuildException, IOException, InterruptedException {
        if (builder.capabilities().exportsRegistryCache()) {
            return builtWithRegistryCache(builder, runId, planned, startedAt, earlyLookups);
        }
        // a per-step registry cache serves every stage from one build of the target: no stage tags to make
        BuildPlan plan = builder.capabilities().registryLayerCache() ? planned.targetOnly() : planned;
        Map<String, String> tempTags = TemporaryTags.of(runId, plan.targetStages());
        Map<String, String> toRemove = tempTags;
        boolean interrupted = false;
        try (Background<Integer> sweep = parallel.start(new SweepStaleTagsStep(builder, events,
                request.buildTimeout(), Instant.now()))) {
            RegistryCall registry = new RegistryCall(builder, request.registryRetries());
            LoadArchiveStep.Loaded loaded = request.cacheDir() == null ? new LoadArchiveStep.Loaded(List.of(), Map.of())
                    : events.phase(Phase.LOAD, "loading cache images from " + request.cacheDir(),
                            new LoadArchiveStep(builder, events, directory(), cacheRepo(), chain(), plan.cachePlan()));
            CacheSources sources;
            try (Background<Integer> bases = parallel.start(new BaseImagePrefetch(builder, events, parallel,
                    request.parallelism(), plan))) {
                sources = !useRegistry() ? CacheSources.loaded(loaded.sourceByStage())
                        : events.phase(Phase.RESOLVE, "resolving cache images", new ResolveCacheStep(registry, events,
                                parallel, request.parallelism(), plan.cachePlan(),
                                CacheSources.loaded(loaded.sourceByStage())));
                bases.await();
            }
            events.info(Phase.PLAN, "stages to build: " + String.join(", ",
                    plan.targetStages().stream().map(stage -> stage.id()).toList()) + " (builder: " + builder.id() + ")");
            Long bytesPulled = null;
            if (builder.capabilities().pullsCacheFirst()) {
                PullCacheStep.Pulled pulled = events.phase(Phase.PULL, "pulling cache images", new PullCacheStep(builder,
                        registry, events, parallel, request.parallelism(), sources, loaded.refs()));
                sources = pulled.sources();
                bytesPulled = pulled.bytes();
            }
            StageBuilder stages = new StageBuilder(builder, events, plan);
            Step<StageImages> build = FinalFirstStep.applies(request, builder.capabilities(), plan)
                    ? new FinalFirstStep(stages, events, parallel, plan, sources, tempTags)
                    : new StageByStageStep(stages, events, plan, sources, tempTags);
            StageImages images = events.phase(Phase.BUILD, "building " + plan.targetStages().size() + " stage(s)",
                    build);
            toRemove = images.imageTags();
            return published(builder, registry, runId, plan, startedAt, images, bytesPulled, sources);
        } catch (InterruptedException e) {
            interrupted = true;
            throw e;
        } finally {
            removeTemporaryTags(builder, toRemove, interrupted);
        }
    }

    /**
     * The registry cache lookups, started with the probe when the registry cache may be picked and no login
     * has to come first (each is a docker process of ~0.1 s, the probe several); {@code null} otherwise.
     */
    private Background<List<RegistryCall.Outcome>> registryLookupsAlongsideProbe(DockerCli docker)
            throws CachedBuildException {
        boolean mayBeRegistry = request.builderKind() == BuilderKind.REGISTRY || request.builderKind() == BuilderKind.AUTO;
        if (!mayBeRegistry || !request.logins().isEmpty() || !request.push() || request.cacheDir() != null) {
            return null;
        }
        RegistryCall registry = new RegistryCall(new RegistryCacheBackend(docker, request), request.registryRetries());
        return parallel.start(new RegistryCacheLookupStep(registry, parallel, request.parallelism(), registryCaches()));
    }

    private List<String> registryCaches() throws CachedBuildException {
        return CachePlanner.registryCaches(request.image(), request.cacheRepo(), request.branch(), request.fallbacks());
    }

    /**
     * One build that exports the branch's registry cache and pushes the image: no stage tags. A build into the
     * daemon's image store leaves the push to {@link PushStep}, started as soon as the image is stored, while
     * BuildKit still exports the cache; the push phase is what is left of it after the build.
     */
    private BuildReport builtWithRegistryCache(BuilderBackend builder, String runId, BuildPlan plan, String startedAt,
            Background<List<RegistryCall.Outcome>> earlyLookups)
            throws CachedBuildException, IOException, InterruptedException {
        List<String> chain = registryCaches();
        RegistryCall registry = new RegistryCall(builder, request.registryRetries());
        List<String> existing = events.phase(Phase.RESOLVE, "resolving registry caches", () -> new RegistryCacheSourcesStep(
                events, chain, earlyLookups != null ? earlyLookups.await()
                        : new RegistryCacheLookupStep(registry, parallel, request.parallelism(), chain).call())
                .call());
        Map<String, String> tempTags = TemporaryTags.of(runId, List.of(plan.finalStage()));
        String tag = tempTags.get(plan.finalStage().id());
        List<PublishTarget> targets = plan.cachePlan().finalRefs().stream()
                .map(ref -> new PublishTarget(ref, tag, "final")).toList();
        boolean interrupted = false;
        try (Background<Integer> sweep = parallel.start(new SweepStaleTagsStep(builder, events,
                request.buildTimeout(), Instant.now()));
                PushWhenStored push = new PushWhenStored(parallel, new PushStep(new OwnImagePush(builder, registry,
                        new Tagging(builder, parallel, request.parallelism()), events, parallel, false), events,
                        parallel, request.parallelism(), targets, Set.of(), CacheSources.loaded(Map.of())))) {
            RegistryCacheBuildStep.Built built = events.phase(Phase.BUILD, "building and pushing "
                    + plan.finalStage().id() + " (registry cache)", new RegistryCacheBuildStep(
                    new StageBuilder(builder, events, plan), events, plan, chain.get(0), existing, tag, push::start));
            List<PushedRef> pushed = new ArrayList<>(built.pushed());
            List<String> notPushed = new ArrayList<>(built.notPushed());
            String failure = built.pushFailure();
            if (!built.pushedByBuild()) {
                PushStep.Published published = events.phase(Phase.PUSH, "pushing", push::result);
                pushed.addAll(0, published.pushed());
                notPushed.addAll(published.notPushed());
                failure = published.firstFailure();
            }
            BuildReport report = new BuildReport(BuildReport.SCHEMA_VERSION, request.image(), request.branch(),
                    builder.id(), builderReason, startedAt, built.stages(), phaseTimes(), pushed, notPushed,
                    events.warnings(), buildArgDigests(), null, null, null);
            if (!notPushed.isEmpty()) {
                throw new PushFailedException(notPushed, failure, report);
            }
            return report;
        } catch (InterruptedException e) {
            interrupted = true;
            throw e;
        } finally {
            removeTemporaryTags(builder, tempTags, interrupted);
        }
    }

    private BuildReport published(BuilderBackend builder, RegistryCall registry, String runId, BuildPlan plan,
            String startedAt, StageImages images, Long bytesPulled, CacheSources sources)
            throws CachedBuildException, IOException, InterruptedException {
        List<PublishTarget> targets = PublishTarget.of(plan.cachePlan(), images.imageTags());
        Tagging tagging = new Tagging(builder, parallel, request.parallelism());
        PushStep.Published pushed = events.phase(Phase.PUSH, request.push() ? "tagging and pushing" : "tagging", () -> {
            if (!request.push()) {
                new TagStep(tagging, targets).call();
                return PushStep.Published.nothing();
            }
            Set<String> unchanged = tagFindingUnchanged(tagging, builder, targets, sources);
            return new PushStep(new OwnImagePush(builder, registry, tagging, events, parallel, true), events, parallel,
                    request.parallelism(), targets, unchanged, sources).call();
        });
        if (request.cacheDir() != null) {
            events.phase(Phase.SAVE, "saving cache images to the cache directory",
                    new SaveArchiveStep(builder, events, directory(), cacheRepo(), plan.cachePlan(), runId));
        }
        BuildReport report = new BuildReport(BuildReport.SCHEMA_VERSION, request.image(), request.branch(),
                builder.id(), builderReason, startedAt, images.stages(), phaseTimes(), pushed.pushed(), pushed.notPushed(),
                events.warnings(), buildArgDigests(), bytesPulled, request.push() ? pushed.bytes() : null, null);
        if (!pushed.notPushed().isEmpty()) {
            throw new PushFailedException(pushed.notPushed(), pushed.firstFailure(), report);
        }
        return report;
    }

    /** Tags every target while finding, at the same time, the ones that need no push. */
    @SuppressWarnings("unchecked")
    private Set<String> tagFindingUnchanged(Tagging tagging, BuilderBackend builder, List<PublishTarget> targets,
            CacheSources sources) throws CachedBuildException, IOException, InterruptedException {
        List<Step<?>> work = List.of(new TagStep(tagging, targets),
                new UnchangedCacheStep(builder, events, parallel, request.parallelism(), targets, sources));
        return (Set<String>) parallel.map(work, work.size(), step -> step::call).get(1);
    }

    private List<String> chain() {
        List<String> chain = new ArrayList<>();
        chain.add(request.branch());
        chain.addAll(request.fallbacks());
        return chain;
    }

    // Without pushing there is nothing in the registry for a cache directory user to find, and asking it costs time.
    private boolean useRegistry() {
        return request.push() || request.cacheDir() == null;
    }

    private CacheDirectory directory() {
        return new CacheDirectory(files, request.cacheDir(), request.cacheDirMaxBytes());
    }

    private String cacheRepo() {
        return request.cacheRepo() == null ? request.image() : request.cacheRepo();
    }

    private PhaseTimes phaseTimes() {
        return new PhaseTimes(StageReports.round(events.seconds(Phase.LOGIN, Phase.RESOLVE)),
                StageReports.round(events.seconds(Phase.LOAD, Phase.PULL)),
                StageReports.round(events.seconds(Phase.BUILD)), StageReports.round(events.seconds(Phase.PUSH, Phase.SAVE)));
    }

    private Map<String, String> buildArgDigests() {
        Map<String, String> digests = new LinkedHashMap<>();
        request.buildArgs().forEach((name, value) -> digests.put(name, "sha256:" + TagSanitizer.shortHash(value)));
        return digests;
    }

    /**
     * Removes this run's temporary tags even after an interrupt, then restores the interrupt. After an
     * interrupt it removes them once more a moment later: the daemon still finishes the step a killed build
     * was on, and may tag its result after the first removal.
     */
    private void removeTemporaryTags(BuilderBackend builder, Map<String, String> tempTags, boolean afterInterrupt) {
        boolean interrupted = Thread.interrupted();
        try {
            builder.untag(new ArrayList<>(tempTags.values()));
            if (afterInterrupt) {
                Thread.sleep(LATE_TAG_MILLIS);
                builder.untag(new ArrayList<>(tempTags.values()));
            }
        } catch (IOException | InterruptedException | DockerUnavailableException e) {
            events.debug(Phase.BUILD, "could not remove temporary tags: " + e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
