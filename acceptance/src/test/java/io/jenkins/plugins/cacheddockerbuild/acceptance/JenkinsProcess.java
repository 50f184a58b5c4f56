package io.jenkins.plugins.cacheddockerbuild.acceptance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Jenkins the suite starts itself from the settings file: a fresh {@code JENKINS_HOME}, the plugins given
 * plus this plugin packed from the working tree, a free loopback port, no setup wizard, no update center.
 * Builds on the built-in node reach the docker test environment through the environment it is started with.
 */
final class JenkinsProcess implements AutoCloseable {
    private final Process process;
    private final String url;
    private final Path home;

    private JenkinsProcess(Process process, String url, Path home) {
        this.process = process;
        this.url = url;
        this.home = home;
    }

    static JenkinsProcess start(Properties settings, Path repo, Path out, Map<String, String> env)
            throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("cdb-acceptance-jenkins-home");
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        try (Stream<Path> given = Files.list(Path.of(settings.getProperty("plugins")))) {
            for (Path plugin : given.filter(p -> p.toString().endsWith(".jpi") || p.toString().endsWith(".hpi"))
                    .toList()) {
                String name = plugin.getFileName().toString().replaceAll("\\.hpi$", ".jpi");
                if (!name.startsWith("cached-docker-build")) {
                    Files.copy(plugin, plugins.resolve(name));
                }
            }
        }
        Files.copy(pack(settings.getProperty("pack"), repo, out), plugins.resolve("cached-docker-build.jpi"),
                StandardCopyOption.REPLACE_EXISTING);
        int port = freePort();
        String java = settings.getProperty("java", "java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx768m", "-Djenkins.install.runSetupWizard=false",
                "-Dhudson.model.UpdateCenter.never=true", "-Dhudson.model.DownloadService.never=true",
                "-Djenkins.model.Jenkins.slaveAgentPort=-1", "-Dhudson.model.UsageStatistics.disabled=true",
                // The multibranch test's branch source is a git repository in a local directory, which the git
                // plugin refuses to check out without this (SECURITY-2478).
                "-Dhudson.plugins.git.GitSCM.ALLOW_LOCAL_CHECKOUT=true",
                "-jar", settings.getProperty("war"), "--httpListenAddress=127.0.0.1", "--httpPort=" + port)
                .redirectErrorStream(true).redirectOutput(out.resolve("jenkins.log").toFile());
        builder.environment().put("JENKINS_HOME", home.toString());
        builder.environment().putAll(env);
        JenkinsProcess jenkins = new JenkinsProcess(builder.start(), "http://127.0.0.1:" + port + "/", home);
        jenkins.awaitReady(Duration.ofMinutes(3));
        return jenkins;
    }

    /** Runs the settings' pack command in the repository; its last output line is the .hpi it wrote. */
    private static Path pack(String command, Path repo, Path out) throws IOException, InterruptedException {
        Process pack = new ProcessBuilder("bash", "-c", command).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(out.resolve("pack.log").toFile()).start();
        if (!pack.waitFor(10, TimeUnit.MINUTES) || pack.exitValue() != 0) {
            pack.destroyForcibly();
            throw new IllegalStateException("packing the plugin failed: see " + out.resolve("pack.log"));
        }
        List<String> lines = Files.readAllLines(out.resolve("pack.log"), StandardCharsets.UTF_8);
        // Maven's colour codes may run into the last line.
        Path hpi = Path.of(lines.isEmpty() ? "" : lines.get(lines.size() - 1).replaceAll("\u001B\\[[;\\d]*m", "").trim());
        if (!Files.isRegularFile(hpi)) {
            throw new IllegalStateException("the pack command's last line is not an .hpi: " + hpi);
        }
        return hpi;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Jenkins exited with " + process.exitValue() + "; see jenkins.log");
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "api/json"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"mode\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Jenkins did not answer within " + timeout);
    }

    String url() {
        return url;
    }

    Path home() {
        return home;
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a fresh temporary home: what is left is only disk space
        }
    }
}
