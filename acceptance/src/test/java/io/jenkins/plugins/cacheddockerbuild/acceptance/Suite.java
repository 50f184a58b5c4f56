package io.jenkins.plugins.cacheddockerbuild.acceptance;

import io.jenkins.plugins.cacheddockerbuild.engine.it.SampleApp;
import io.jenkins.plugins.cacheddockerbuild.engine.it.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What every acceptance test shares, made once per run and closed after the last test: the Jenkins (given, or
 * started from the settings file), its API, a headless Chromium, the docker test environment and an output
 * folder for screenshots ({@code acceptance/target/acceptance}). Injected as a test parameter.
 */
final class Suite implements ExtensionContext.Store.CloseableResource {
    final JenkinsApi api;
    final Chromium browser;
    final TestEnvironment env;
    final Path out;
    final Path repo;
    final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final JenkinsProcess process;
    private final Map<String, List<String>> coreErrors = new java.util.HashMap<>();
    private final List<Path> apps = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Suite(JenkinsApi api, Chromium browser, TestEnvironment env, Path out, Path repo, JenkinsProcess process) {
        this.api = api;
        this.browser = browser;
        this.env = env;
        this.out = out;
        this.repo = repo;
        this.process = process;
    }

    static Suite start() throws Exception {
        JenkinsTarget target = JenkinsTarget.fromEnvironment();
        TestEnvironment env = TestEnvironment.get();
        Path repo = Path.of(System.getProperty("cdb.repo", "..")).toAbsolutePath().normalize();
        Path out = Files.createDirectories(Path.of(System.getProperty("cdb.acceptance.out", "target/acceptance")));
        JenkinsProcess process = null;
        String url = target.url();
        if (target.startsItsOwn()) {
            process = JenkinsProcess.start(target.settings(), repo, out, Map.of("DOCKER_HOST", env.dockerHost()));
            url = process.url();
        }
        JenkinsApi api = new JenkinsApi(url, target.user(), target.token());
        // Every executor reaches the test environment's daemon: a global DOCKER_HOST, as an admin would set it.
        api.script("""
                def props = jenkins.model.Jenkins.get().globalNodeProperties
                props.removeAll(hudson.slaves.EnvironmentVariablesNodeProperty)
                props.add(new hudson.slaves.EnvironmentVariablesNodeProperty(
                    new hudson.slaves.EnvironmentVariablesNodeProperty.Entry('DOCKER_HOST', '%s')))
                println 'ok'
                """.formatted(env.dockerHost()));
        Suite suite = new Suite(api, Chromium.start(), env, out, repo, process);
        suite.coreErrors("job");  // before any test's page: it navigates the browser
        return suite;
    }

    /** A fresh sample app (three stages) in its own directory, where Jenkins builds it. */
    SampleApp sampleApp(String name) throws IOException {
        Path dir = Files.createTempDirectory("cdb-acceptance-" + name);
        apps.add(dir);
        return SampleApp.multiStage(dir, env.baseImage());
    }

    /** A new image repository in the test registry, unique to this run. */
    String image(String name) {
        return env.registry() + "/acceptance/" + name + "-" + runId;
    }

    /** Empties the docker daemon (containers, images, build cache): the next build is a fresh agent's. */
    void wipeDaemon() throws IOException, InterruptedException {
        Process wipe = new ProcessBuilder("bash", repo.resolve("scripts/test-env.sh").toString(), "wipe-daemon")
                .redirectErrorStream(true).redirectOutput(out.resolve("wipe-daemon.log").toFile()).start();
        if (!wipe.waitFor(3, TimeUnit.MINUTES) || wipe.exitValue() != 0) {
            throw new IllegalStateException("scripts/test-env.sh wipe-daemon failed: see " + out.resolve("wipe-daemon.log"));
        }
    }

    /**
     * The JavaScript errors core's own pages raise in this Jenkins, without our plugin on them: a plain freestyle
     * job with one build, its job page ({@code job}), build page ({@code build}) and configure page
     * ({@code configure}). Our pages may raise none beyond these.
     */
    synchronized List<String> coreErrors(String page) throws IOException, InterruptedException {
        if (coreErrors.isEmpty()) {
            String plain = "plain-" + runId;
            api.createJob(plain, "<?xml version='1.1' encoding='UTF-8'?><project><builders/></project>");
            api.awaitResult(plain, api.startBuild(plain), java.time.Duration.ofMinutes(2));
            coreErrors.put("job", openAndShoot("job/" + plain + "/", "core-job-page.png"));
            coreErrors.put("build", openAndShoot("job/" + plain + "/1/", "core-build-page.png"));
            coreErrors.put("configure", openAndShoot("job/" + plain + "/configure", "core-configure-page.png"));
            coreErrors.put("configure-renders", List.of(Boolean.toString(!browser.text().contains("Oops!"))));
        }
        return coreErrors.get(page);
    }

    /** Opens a Jenkins page, writes its screenshot, and returns the JavaScript errors it raised. */
    List<String> openAndShoot(String path, String screenshot) throws IOException, InterruptedException {
        browser.takeErrors();
        browser.open(api.url() + path);
        browser.screenshot(out.resolve(screenshot));
        return browser.takeErrors();
    }

    @Override
    public void close() throws Throwable {
        try {
            browser.close();
        } finally {
            if (process != null) {
                process.close();
            }
            for (Path app : apps) {
                try (var files = Files.walk(app)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    /** Gives each test the one {@link Suite} of the run. */
    static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Suite.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Suite.class,
                    key -> {
                        try {
                            return start();
                        } catch (Exception e) {
                            throw new IllegalStateException("cannot start the acceptance suite: " + e.getMessage(), e);
                        }
                    }, Suite.class);
        }
    }
}
