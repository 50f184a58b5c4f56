package io.jenkins.plugins.cacheddockerbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.it.BlobApp;
import io.jenkins.plugins.cacheddockerbuild.engine.it.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A push that cannot happen: exit 3 naming the refs, and a report that lists them as not pushed. */
class PushFailureReportIT {
    private final TestEnvironment env = TestEnvironment.get();

    @TempDir
    Path workspace;

    @Test
    void unreachablePushRegistryExitsThreeAndTheReportListsWhatWasNotPushed() throws Exception {
        Path app = BlobApp.create(workspace.resolve("app"), env.baseImage(), 111);
        String image = "127.0.0.1:" + portNobodyListensOn() + "/it/nowhere";
        Path report = workspace.resolve("report.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Main.run(new String[] {"build", "--image", image, "--retries", "0", "--builder", "classic",
                "--docker", env.classicDocker(), "--report", report.toString(), app.toString()},
                Map.of("DOCKER_HOST", env.dockerHost()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: push failed for").contains(image + ":main")
                .contains(image + ":main--deps").contains("registry unreachable").doesNotContain("\tat ");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("NOT pushed " + image + ":main");
        String json = Files.readString(report).replaceAll("\\s+", "");
        assertThat(json).contains("\"pushed\":[]").contains("\"notPushed\":[").contains("\"" + image + ":main\"")
                .contains("\"" + image + ":main--deps\"");
    }

    private static int portNobodyListensOn() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
