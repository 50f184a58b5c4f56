package io.jenkins.plugins.cacheddockerbuild.engine.it;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an engine integration test runs on: the test environment (real daemon and registry), the daemon
 * wiped before each test (a fresh CI agent; the registry keeps everything), the engine, and a workspace.
 */
abstract class OnFreshAgent {
    protected final TestEnvironment env = TestEnvironment.get();
    protected final Daemon daemon = new Daemon(env);
    protected final EngineRun engine = new EngineRun(env);

    @TempDir
    protected Path workspace;

    @BeforeEach
    void freshAgent() throws Exception {
        daemon.wipe();
    }
}
