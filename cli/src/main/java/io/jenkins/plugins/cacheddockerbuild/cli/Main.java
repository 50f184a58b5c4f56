package io.jenkins.plugins.cacheddockerbuild.cli;

import io.jenkins.plugins.cacheddockerbuild.engine.CachedDockerBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildListener;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cached-docker-build}: the engine as a command for any CI. */
@Command(name = "cached-docker-build", mixinStandardHelpOptions = true, version = "cached-docker-build 0.1.0",
        description = "Registry-cached, stage-by-stage docker builds with cache statistics.")
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Thread worker = Thread.currentThread();
        SignalExit signals = SignalExit.install(worker);
        int exit = run(args, System.getenv(), System.out, System.err);
        if (signals.received() != 0) {
            System.err.println("interrupted by SIG" + (signals.received() == SignalExit.SIGINT ? "INT" : "TERM")
                    + "; docker children ended, temporary files removed");
            exit = 128 + signals.received();
        }
        System.exit(exit);
    }

    /** Runs the command line and returns its exit code (never exits the JVM). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, CachedDockerBuild::local);
    }

    /** Runs the command line with builds done by the engines {@code engines} makes (one per build, given its listener). */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
            Function<BuildListener, CachedDockerBuild> engines) {
        BuildRunner runner = new BuildRunner(env, out, err, engines);
        CommandLine commandLine = new CommandLine(new Main())
                .addSubcommand(new CommandLine(new BuildCommand(runner)))
                .addSubcommand(new CommandLine(new ClassDataTraining(env, err)))
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof InterruptedException) {
                        return 130;
                    }
                    return ErrorTranslator.translate(e, err);
                })
                .setParameterExceptionHandler((e, parsedArgs) -> {
                    err.println("error: " + e.getMessage());
                    e.getCommandLine().usage(err);
                    return 2;
                });
        if (args.length == 0) {
            commandLine.usage(out);
            return 2;
        }
        return commandLine.execute(args);
    }
}
