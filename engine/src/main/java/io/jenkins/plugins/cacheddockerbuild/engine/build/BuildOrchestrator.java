package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildListener;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BackendSelector;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.RegistryCredentials;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.TagSanitizer;
import io.jenkins.plugins.cacheddockerbuild.engine.cachedir.CacheDirectory;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one orchestrator: plan, probe, login, load, resolve, pull, build, tag, push, save, report — each a
 * small step. Whatever happens, the temporary tags and the temporary docker config are removed.
 */
public final class BuildOrchestrator {
    private static final long LATE_TAG_MILLIS = 1500;
    private final BuildRequest request;
    private final CommandRunner runner;
    private final AgentFiles files;
    private final Events events;

    public BuildOrchestrator(BuildRequest request, CommandRunner runner, AgentFiles files, BuildListener listener) {
        this.request = request;
        this.runner = runner;
        this.files = files;
        this.events = new Events(listener);
    }

    /** Runs the whole build and returns its report. */
    public BuildReport run() throws CachedBuildException, InterruptedException {
        String startedAt = Instant.now().toString();
        DockerCli docker = new DockerCli(runner, request.dockerExecutable(), request.dockerEnv(),
                request.registryTimeout(), request.buildTimeout());
        String runId = StaleTemporaryTags.newRunId(Instant.now());
        try {
            BuildPlan plan = events.phase(Phase.PLAN, "reading the Dockerfile",
                    () -> PlanStep.plan(request, files, events));
            try (Background<BackendSelector.Selection> probe = Background.start("builder probe",
                    () -> BackendSelector.standard(request, runner).select(request.builderKind(), docker, request))) {
                return withLogins(runId, plan, probe, startedAt);
            }
        } catch (CachedBuildException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (IOException e) {
            throw new DockerUnavailableException("a docker call failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private BuildReport withLogins(String runId, BuildPlan plan, Background<BackendSelector.Selection> probe,
            String startedAt) throws Exception {
        BackendSelector.Selection selection = probe.await();
        events.debug(Phase.PLAN, selection.found());
        BuilderBackend builder = selection.backend();
        if (request.logins().isEmpty()) {
            return built(new RunContext(request, builder, files, events, runId), plan, startedAt);
        }
        try (RegistryCredentials logins = events.phase(Phase.LOGIN, "logging in to registries",
                () -> builder.logIn(files, request.logins()))) {
            return built(new RunContext(request, logins.backend(), files, events, runId), plan, startedAt);
        }
    }

    private BuildReport built(RunContext run, BuildPlan planned, String startedAt) throws Exception {
        // a per-step registry cache serves every stage from one build of the target: no stage tags to make
        BuildPlan plan = run.builder().capabilities().registryLayerCache() ? planned.targetOnly() : planned;
        Map<String, String> tempTags = BuildStagesStep.temporaryTags(run, plan);
        boolean interrupted = false;
        try (Background<Integer> sweep = StaleTemporaryTags.start(run)) {
            CacheSources sources = new CacheSources();
            List<String> local = loadFromDirectory(run, plan, sources);
            try (Background<Integer> bases = BaseImagePrefetch.start(run, plan)) {
                if (useRegistry()) {
                    events.phase(Phase.RESOLVE, "resolving cache images", () -> {
                        ResolveCacheStep.resolve(run, plan.cachePlan(), sources);
                        return null;
                    });
                }
                awaitQuietly(bases);
            }
            events.info(Phase.PLAN, "stages to build: " + String.join(", ",
                    plan.targetStages().stream().map(stage -> stage.id()).toList()) + " (builder: "
                    + run.builder().id() + ")");
            Long bytesPulled = run.builder().capabilities().pullsCacheFirst()
                    ? events.phase(Phase.PULL, "pulling cache images",
                            () -> PullCacheStep.pull(run, plan.cachePlan(), sources, local))
                    : null;
            List<StageReport> stages = events.phase(Phase.BUILD, "building " + plan.targetStages().size() + " stage(s)",
                    () -> BuildStagesStep.build(run, plan, sources, tempTags));
            return published(run, plan, startedAt, stages, tempTags, bytesPulled, sources);
        } catch (InterruptedException e) {
            interrupted = true;
            throw e;
        } finally {
            removeTemporaryTags(run, tempTags, interrupted);
        }
    }

    private BuildReport published(RunContext run, BuildPlan plan, String startedAt,
            List<StageReport> stages, Map<String, String> tempTags, Long bytesPulled, CacheSources sources)
            throws Exception {
        List<PublishStep.Target> targets = PublishStep.targets(plan.cachePlan(), tempTags);
        PublishStep.Pushed pushed = events.phase(Phase.PUSH, request.push() ? "tagging and pushing" : "tagging", () -> {
            if (!request.push()) {
                PublishStep.tag(run, targets);
                return new PublishStep.Pushed(List.of(), List.of(), null, null);
            }
            return PublishStep.push(run, targets, PublishStep.tagFindingUnchanged(run, targets, sources));
        });
        if (request.cacheDir() != null) {
            events.phase(Phase.SAVE, "saving cache images to the cache directory", () -> {
                CacheDirStep.save(run, directory(), cacheRepo(), plan.cachePlan());
                return null;
            });
        }
        BuildReport report = new BuildReport(BuildReport.SCHEMA_VERSION, request.image(), request.branch(),
                run.builder().id(), startedAt, stages, phaseTimes(), pushed.pushed(), pushed.notPushed(), events.warnings(),
                buildArgDigests(), bytesPulled, request.push() ? pushed.bytes() : null, null);
        if (!pushed.notPushed().isEmpty()) {
            throw new PushFailedException(pushed.notPushed(), pushed.firstFailure(), report);
        }
        return report;
    }

    private List<String> loadFromDirectory(RunContext run, BuildPlan plan, CacheSources sources) throws Exception {
        if (request.cacheDir() == null) {
            return List.of();
        }
        List<String> chain = new ArrayList<>();
        chain.add(request.branch());
        chain.addAll(request.fallbacks());
        return events.phase(Phase.LOAD, "loading cache images from " + request.cacheDir(),
                () -> CacheDirStep.load(run, directory(), cacheRepo(), chain, plan.cachePlan(), sources));
    }

    // Work that only saves time: whatever went wrong in it, the build finds out by itself.
    private void awaitQuietly(Background<?> work) throws InterruptedException {
        try {
            work.await();
        } catch (IOException | CachedBuildException | RuntimeException e) {
            events.debug(Phase.RESOLVE, "base image pulls: " + e.getMessage());
        }
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
        return new PhaseTimes(round(events.seconds(Phase.LOGIN, Phase.RESOLVE)),
                round(events.seconds(Phase.LOAD, Phase.PULL)), round(events.seconds(Phase.BUILD)),
                round(events.seconds(Phase.PUSH, Phase.SAVE)));
    }

    private Map<String, String> buildArgDigests() {
        Map<String, String> digests = new LinkedHashMap<>();
        request.buildArgs().forEach((name, value) -> digests.put(name, "sha256:" + TagSanitizer.shortHash(value)));
        return digests;
    }

    /**
     * Removes this run's temporary tags even after an interrupt, then restores the interrupt. After an
     * interrupt it removes them once more a moment later: the daemon still finishes the step a killed
     * {@code docker build} was on, and may tag its result after the first removal.
     */
    private void removeTemporaryTags(RunContext run, Map<String, String> tempTags, boolean afterInterrupt) {
        boolean interrupted = Thread.interrupted();
        try {
            untag(run, tempTags);
            if (afterInterrupt) {
                Thread.sleep(LATE_TAG_MILLIS);
                untag(run, tempTags);
            }
        } catch (IOException | InterruptedException | DockerUnavailableException e) {
            events.debug(Phase.BUILD, "could not remove temporary tags: " + e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void untag(RunContext run, Map<String, String> tempTags)
            throws IOException, InterruptedException, DockerUnavailableException {
        run.builder().untag(new ArrayList<>(tempTags.values()));
    }

    private static double round(double seconds) {
        return BuildStagesStep.round(seconds);
    }
}
