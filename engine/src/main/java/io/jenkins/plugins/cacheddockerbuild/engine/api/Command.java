package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One docker invocation: an argument list (never a shell string), extra environment, optional standard
 * input (how secrets travel), a timeout, and an optional sink that sees every output line as it arrives.
 *
 * <p>{@link #toString()} never shows the standard input.
 */
public final class Command {
    private final List<String> argv;
    private final Map<String, String> env;
    private final byte[] stdin;
    private final Duration timeout;
    private final Consumer<String> lineSink;

    private Command(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout,
            Consumer<String> lineSink) {
        this.argv = List.copyOf(argv);
        this.env = Map.copyOf(env);
        this.stdin = stdin == null ? null : stdin.clone();
        this.timeout = Objects.requireNonNull(timeout);
        this.lineSink = lineSink;
    }

    /** A command with no extra environment, no input and a 10 minute timeout. */
    public static Command of(List<String> argv) {
        return new Command(argv, Map.of(), null, Duration.ofMinutes(10), null);
    }

    public static Command of(String... argv) {
        return of(Arrays.asList(argv));
    }

    public Command withEnv(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(extra);
        return new Command(argv, merged, stdin, timeout, lineSink);
    }

    public Command withStdin(String text) {
        return new Command(argv, env, text.getBytes(StandardCharsets.UTF_8), timeout, lineSink);
    }

    public Command withTimeout(Duration value) {
        return new Command(argv, env, stdin, value, lineSink);
    }

    /** Every line of stdout and stderr, as it arrives, goes to {@code sink} (from a reader thread). */
    public Command withLineSink(Consumer<String> sink) {
        return new Command(argv, env, stdin, timeout, sink);
    }

    public List<String> argv() {
        return argv;
    }

    /** Extra environment variables for the child, on top of the runner's own environment. */
    public Map<String, String> env() {
        return env;
    }

    /** Standard input for the child, or {@code null} for none. */
    public byte[] stdin() {
        return stdin == null ? null : stdin.clone();
    }

    public Duration timeout() {
        return timeout;
    }

    /** The sink for output lines, or {@code null}. */
    public Consumer<String> lineSink() {
        return lineSink;
    }

    /** The argument list with the executable's path shortened, for messages. */
    public String describe() {
        List<String> shown = new ArrayList<>(argv);
        if (!shown.isEmpty()) {
            String exe = shown.get(0);
            shown.set(0, exe.substring(exe.lastIndexOf('/') + 1));
        }
        return String.join(" ", shown);
    }

    @Override
    public String toString() {
        return describe() + (stdin == null ? "" : " <stdin hidden>");
    }
}
