package io.jenkins.plugins.cacheddockerbuild.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the argument list of every process on the machine ({@code /proc/PID/cmdline}, which any user can
 * read) over and over while a build runs, and remembers any that contains a secret. It also remembers the
 * docker commands it saw, so a test can tell it was looking while docker ran.
 */
final class ArgumentListWatcher implements AutoCloseable {
    private final List<String> secrets;
    private final Set<String> leaks = ConcurrentHashMap.newKeySet();
    private final Set<String> dockerCommands = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sweeps = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    private ArgumentListWatcher(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
        thread = new Thread(this::watch, "argument-list watcher");
        thread.setDaemon(true);
        thread.start();
    }

    static ArgumentListWatcher watchFor(String... secrets) {
        return new ArgumentListWatcher(List.of(secrets));
    }

    private void watch() {
        while (running) {
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path process : processes) {
                    check(process);
                }
            } catch (IOException e) {
                // /proc is always there on Linux; try again
            }
            sweeps.incrementAndGet();
        }
    }

    private void check(Path process) {
        String argv;
        try {
            argv = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException gone) {
            return;
        }
        for (String secret : secrets) {
            if (argv.contains(secret)) {
                leaks.add(process.getFileName() + ": " + argv);
            }
        }
        String[] words = argv.strip().split(" ");
        if (words.length > 1 && words[0].endsWith("/docker")) {
            dockerCommands.add(words[1]);
        }
    }

    /** Argument lists that contained a secret ({@code pid: argv}). */
    Set<String> leaks() {
        return Set.copyOf(leaks);
    }

    /** The docker subcommands seen running ({@code login}, {@code build}, {@code push}, ...). */
    Set<String> dockerCommandsSeen() {
        return Set.copyOf(dockerCommands);
    }

    int sweeps() {
        return sweeps.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
