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

    /**
     * A fresh agent on another engine of the test environment, for the tests run over the engine matrix
     * ({@link EngineSetup#matrix()}): that engine's daemon wiped, and an engine run that drives it.
     */
    protected Agent on(DockerEngine dockerEngine) throws Exception {
        if (dockerEngine == DockerEngine.DOCKER20) {
            return new Agent(daemon, engine);
        }
        Daemon other = new Daemon(env, dockerEngine);
        other.wipe();
        return new Agent(other, new EngineRun(env, dockerEngine));
    }

    /** One engine's daemon and the engine runs against it. */
    protected record Agent(Daemon daemon, EngineRun engine) {
    }
}
