package io.jenkins.plugins.cacheddockerbuild.engine.local;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandTimeoutException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs commands with {@link ProcessBuilder} on this machine. Never through a shell: the argument list goes
 * to the kernel as is. On timeout or interruption the child and its descendants are killed.
 */
public final class ProcessCommandRunner implements CommandRunner {
    private static final long KILL_GRACE_MILLIS = 3000;
    private static final long OUTPUT_GRACE_MILLIS = 5000;
    private final Map<String, String> baseEnv;

    /** A runner whose children inherit this process's environment. */
    public ProcessCommandRunner() {
        this(Map.of());
    }

    /** A runner whose children see this process's environment plus {@code baseEnv}. */
    public ProcessCommandRunner(Map<String, String> baseEnv) {
        this.baseEnv = Map.copyOf(baseEnv);
    }

    @Override
    public CommandResult run(Command command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().putAll(baseEnv);
        builder.environment().putAll(command.env());
        Process process = builder.start();
        OutputCollector stdout = new OutputCollector(process.getInputStream(), command.lineSink());
        OutputCollector stderr = new OutputCollector(process.getErrorStream(), command.lineSink());
        stdout.start();
        stderr.start();
        long deadline = System.currentTimeMillis() + command.timeout().toMillis();
        try {
            feedStdin(process, command.stdin());
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new CommandTimeoutException("'" + command.describe() + "' did not finish within "
                        + command.timeout().toSeconds() + " s and was killed");
            }
            // A backgrounded grandchild may keep the pipes open after the child exited: wait for the
            // rest of the output only briefly, never past the command's deadline.
            long grace = Math.max(1, Math.min(OUTPUT_GRACE_MILLIS, deadline - System.currentTimeMillis()));
            stdout.join(grace);
            stderr.join(grace);
            return new CommandResult(process.exitValue(), stdout.text(), stderr.text());
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
    }

    private static void feedStdin(Process process, byte[] input) throws IOException, InterruptedException {
        try (OutputStream in = process.getOutputStream()) {
            if (input != null) {
                in.write(input);
            }
        } catch (IOException e) {
            // The child may exit without reading its input (e.g. a usage error); its exit code tells. It may
            // still look alive for a moment after closing its end of the pipe, so give it that moment.
            if (!process.waitFor(KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                throw e;
            }
        }
    }

    /** Ends the child politely, then forcibly, descendants included (docker CLI plugins, shims). */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException again) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one stream line by line, keeping a bounded copy of the text. */
    private static final class OutputCollector extends Thread {
        private static final int MAX_KEPT_CHARS = 4 * 1024 * 1024;
        private final InputStream stream;
        private final Consumer<String> sink;
        private final StringBuilder text = new StringBuilder();

        OutputCollector(InputStream stream, Consumer<String> sink) {
            super("cached-docker-build output reader");
            setDaemon(true);
            this.stream = stream;
            this.sink = sink;
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    keep(line);
                    if (sink != null) {
                        sink.accept(line);
                    }
                }
            } catch (IOException e) {
                // The stream closes when the child is killed; what was read is kept.
            }
        }

        private synchronized void keep(String line) {
            text.append(line).append('\n');
            if (text.length() > MAX_KEPT_CHARS) {
                text.delete(0, text.length() - MAX_KEPT_CHARS / 2);
            }
        }

        synchronized String text() {
            return text.toString();
        }
    }
}
