package io.jenkins.plugins.cacheddockerbuild.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real child processes: output, input, timeouts and cancellation. */
@Timeout(30)
class ProcessCommandRunnerTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner(Map.of("RUNNER_BASE", "base"));

    @Test
    void capturesStdoutStderrAndTheExitCode() throws Exception {
        CommandResult result = runner.run(sh("echo out; echo err >&2; exit 3"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.reason()).isEqualTo("err");
    }

    @Test
    void deliversStandardInput() throws Exception {
        CommandResult result = runner.run(Command.of("cat").withStdin("hello\nwörld"));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout()).isEqualTo("hello\nwörld\n");
    }

    @Test
    void aChildThatIgnoresItsInputStillRuns() throws Exception {
        CommandResult result = runner.run(sh("exit 0").withStdin("x".repeat(1 << 20)));

        assertThat(result.exitCode()).isZero();
    }

    @Test
    void passesTheBaseAndTheCommandsEnvironment() throws Exception {
        CommandResult result = runner.run(sh("echo $RUNNER_BASE-$EXTRA").withEnv(Map.of("EXTRA", "extra")));

        assertThat(result.stdout()).isEqualTo("base-extra\n");
    }

    @Test
    void theLineSinkSeesEveryLineOfBothStreams() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();

        CommandResult result = runner.run(sh("i=1; while [ $i -le 2000 ]; do echo line$i; i=$((i+1)); done; "
                + "echo oops >&2").withLineSink(lines::add));

        assertThat(lines).hasSize(2001).contains("line1", "line1000", "line2000", "oops");
        assertThat(result.stdout().lines()).hasSize(2000);
    }

    @Test
    void aTimeoutKillsTheChildAndSaysSoQuickly() throws Exception {
        long start = System.nanoTime();

        assertThatThrownBy(() -> runner.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(300))))
                .isInstanceOf(CommandTimeoutException.class)
                .hasMessageContaining("sleep 30")
                .hasMessageContaining("was killed");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aTimeoutAlsoKillsTheChildsChildren() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        assertThatThrownBy(() -> runner.run(sh("sleep 30 & echo $!; wait").withLineSink(lines::add)
                .withTimeout(Duration.ofMillis(500))))
                .isInstanceOf(CommandTimeoutException.class);

        long grandchild = Long.parseLong(lines.take().strip());
        assertThat(gone(grandchild)).isTrue();
    }

    @Test
    void aBackgroundGrandchildHoldingTheOutputOpenDoesNotOutliveTheTimeout() throws Exception {
        long start = System.nanoTime();

        CommandResult result = runner.run(sh("sleep 20 & echo started").withTimeout(Duration.ofSeconds(2)));

        assertThat(result.stdout()).startsWith("started");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void interruptingTheCallerKillsTheChildAndRethrows() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                runner.run(sh("echo $$; exec sleep 30").withLineSink(lines::add));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        caller.start();

        long pid = Long.parseLong(lines.poll(10, TimeUnit.SECONDS).strip());
        assertThat(ProcessHandle.of(pid)).isPresent();
        caller.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(gone(pid)).isTrue();
    }

    @Test
    void aMissingExecutableIsAnIOException() {
        assertThatThrownBy(() -> runner.run(Command.of("/nonexistent/docker", "version")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(CommandTimeoutException.class)
                .hasMessageContaining("/nonexistent/docker");
    }

    @Test
    void argumentsReachTheChildVerbatimWithoutAShell() throws Exception {
        CommandResult result = runner.run(Command.of("/bin/echo", "$HOME", "a b", "`id`", ";", "*"));

        assertThat(result.stdout()).isEqualTo("$HOME a b `id` ; *\n");
    }

    private static Command sh(String script) {
        return Command.of("/bin/sh", "-c", script);
    }

    private static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
