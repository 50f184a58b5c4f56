package io.jenkins.plugins.cacheddockerbuild;

import hudson.EnvVars;
import hudson.Launcher;
import hudson.Proc;
import hudson.model.TaskListener;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandTimeoutException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The engine's command port on Jenkins: every docker call is started with {@code Launcher.ProcStarter},
 * so it runs on the agent — inside a Kubernetes {@code container()} block, with {@code withEnv} — and
 * with the build's environment. The argument list is passed as is (no shell); the launcher is told to be
 * quiet because the engine reports what it runs itself. Interrupting the caller (an abort) kills the
 * process on the agent.
 */
final class LauncherCommandRunner implements CommandRunner {
    private final Launcher launcher;
    private final EnvVars env;
    private final TaskListener listener;

    LauncherCommandRunner(Launcher launcher, EnvVars env, TaskListener listener) {
        this.launcher = launcher;
        this.env = env;
        this.listener = listener;
    }

    @Override
    public CommandResult run(Command command) throws IOException, InterruptedException {
        EnvVars childEnv = new EnvVars(env);
        childEnv.putAll(command.env());
        LineCollector stdout = new LineCollector(command.lineSink());
        LineCollector stderr = new LineCollector(command.lineSink());
        Launcher.ProcStarter starter = launcher.launch().cmds(command.argv()).envs(childEnv).stdout(stdout)
                .stderr(stderr).quiet(true);
        byte[] input = command.stdin();
        if (input != null) {
            starter.stdin(new ByteArrayInputStream(input));
        }
        long start = System.nanoTime();
        Proc proc = starter.start();
        try {
            int exit = proc.joinWithTimeout(command.timeout().toSeconds(), TimeUnit.SECONDS, listener);
            if (System.nanoTime() - start >= command.timeout().toNanos()) {
                throw new CommandTimeoutException("'" + command.describe() + "' did not finish within "
                        + command.timeout().toSeconds() + " s and was killed");
            }
            stdout.close();
            stderr.close();
            return new CommandResult(exit, stdout.text(), stderr.text());
        } catch (InterruptedException e) {
            proc.kill();
            throw e;
        }
    }
}
