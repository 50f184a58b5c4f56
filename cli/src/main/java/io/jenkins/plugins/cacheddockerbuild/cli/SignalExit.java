package io.jenkins.plugins.cacheddockerbuild.cli;

import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into an interrupt of the working thread, so the engine kills its docker
 * children and removes its temporary tags and config before the process exits with 130 or 143.
 */
final class SignalExit {
    static final int SIGINT = 2;
    static final int SIGTERM = 15;
    private volatile int received;

    private SignalExit() {
    }

    static SignalExit install(Thread worker) {
        SignalExit exit = new SignalExit();
        handle("INT", SIGINT, worker, exit);
        handle("TERM", SIGTERM, worker, exit);
        return exit;
    }

    private static void handle(String name, int number, Thread worker, SignalExit exit) {
        Signal.handle(new Signal(name), signal -> {
            if (exit.received != 0) {
                Runtime.getRuntime().halt(128 + number);
            }
            exit.received = number;
            worker.interrupt();
        });
    }

    int received() {
        return received;
    }
}
