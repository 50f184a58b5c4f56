package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine's command-line builders (docker, buildah) share: the executable, the environment every call
 * gets, the timeouts, and running a call through the {@link CommandRunner} port, so that inside Jenkins the tool
 * runs on the agent. Each subclass lists its own invocations as exact argument lists.
 *
 * @param <T> the subclass, which {@link #withEnv} returns
 */
public abstract class ToolCli<T extends ToolCli<T>> {
    /** The timeout of a call that neither builds nor moves an image. */
    protected static final Duration QUICK = Duration.ofMinutes(2);
    protected final CommandRunner runner;
    protected final String executable;
    protected final Map<String, String> env;
    protected final Duration registryTimeout;
    protected final Duration buildTimeout;

    protected ToolCli(CommandRunner runner, String executable, Map<String, String> env, Duration registryTimeout,
            Duration buildTimeout) {
        this.runner = runner;
        this.executable = executable;
        this.env = Map.copyOf(env);
        this.registryTimeout = registryTimeout;
        this.buildTimeout = buildTimeout;
    }

    /** The same tool with other environment variables for every call. */
    protected abstract T withEnvironment(Map<String, String> env);

    /** What to tell a user whose executable cannot be started, e.g. {@code set it with --docker PATH}. */
    protected abstract String howToSetTheExecutable();

    /** The same tool with one more environment variable for every call. */
    public final T withEnv(String name, String value) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.put(name, value);
        return withEnvironment(merged);
    }

    public final String executable() {
        return executable;
    }

    protected final Command command(Duration timeout, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        argv.addAll(List.of(args));
        return Command.of(argv).withEnv(env).withTimeout(timeout);
    }

    /**
     * Runs a command. An executable that cannot be started becomes a {@link DockerUnavailableException}
     * naming what was tried; a timeout stays a {@link CommandTimeoutException}.
     */
    public final CommandResult run(Command command) throws DockerUnavailableException, IOException,
            InterruptedException {
        try {
            return runner.run(command);
        } catch (CommandTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw new DockerUnavailableException("cannot run the " + executableKind() + " executable '" + executable
                    + "': " + e.getMessage() + " (" + howToSetTheExecutable() + ")", e);
        }
    }

    /** {@code docker} or {@code buildah}, for messages. */
    protected abstract String executableKind();
}
