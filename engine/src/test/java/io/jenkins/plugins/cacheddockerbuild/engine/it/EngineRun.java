package io.jenkins.plugins.cacheddockerbuild.engine.it;

import io.jenkins.plugins.cacheddockerbuild.engine.CachedDockerBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs the real engine against the test daemon and keeps every event for assertions. */
public final class EngineRun {
    private final TestEnvironment env;
    private final DockerEngine engine;
    private final List<BuildEvent> events = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<BuildEvent>> hooks = new CopyOnWriteArrayList<>();

    public EngineRun(TestEnvironment env) {
        this(env, DockerEngine.DOCKER20);
    }

    public EngineRun(TestEnvironment env, DockerEngine engine) {
        this.env = env;
        this.engine = engine;
    }

    /** A repository name of its own in the test registry, so tests never share tags. */
    public static String uniqueRepository(TestEnvironment env, String name) {
        return env.registry() + "/it/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A request preset for this engine's daemon and the client that drives {@code builder} there. */
    public BuildRequest.Builder request(String image, Path context, BuilderKind builder) {
        BuildRequest.Builder request = BuildRequest.builder(image, context.toString())
                .builderKind(builder)
                .dockerExecutable(engine.client(env, builder));
        engine.dockerEnv(env).forEach(request::dockerEnv);
        return request;
    }

    public BuildReport build(BuildRequest request) throws CachedBuildException, InterruptedException {
        events.clear();
        return CachedDockerBuild.create(new io.jenkins.plugins.cacheddockerbuild.engine.local.ProcessCommandRunner(),
                new io.jenkins.plugins.cacheddockerbuild.engine.local.LocalAgentFiles(), event -> {
                    events.add(event);
                    hooks.forEach(hook -> hook.accept(event));
                }).build(request);
    }

    /** From now on, runs {@code action} whenever {@code phase} starts: to break (or heal) a registry mid-build. */
    public EngineRun whenPhaseStarts(Phase phase, Runnable action) {
        hooks.add(event -> {
            if (event instanceof BuildEvent.PhaseStarted started && started.phase() == phase) {
                action.run();
            }
        });
        return this;
    }

    /** From now on, runs {@code action} once, in the engine's thread, when a log message starts with {@code prefix}. */
    public EngineRun whenLogged(String prefix, Runnable action) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        hooks.add(event -> {
            if (event instanceof BuildEvent.Log log && log.message().startsWith(prefix) && done.compareAndSet(false, true)) {
                action.run();
            }
        });
        return this;
    }

    public List<BuildEvent> events() {
        return List.copyOf(events);
    }

    /** Every docker output line of the last build, joined: for "this step did not run" checks. */
    public String dockerOutput() {
        StringBuilder text = new StringBuilder();
        for (BuildEvent event : events) {
            if (event instanceof BuildEvent.DockerOutput output) {
                text.append(output.line()).append('\n');
            }
        }
        return text.toString();
    }

    public List<String> warnings() {
        return events.stream().filter(BuildEvent.Log.class::isInstance).map(BuildEvent.Log.class::cast)
                .filter(log -> log.level() == BuildEvent.Level.WARNING).map(BuildEvent.Log::message).toList();
    }
}
