package io.jenkins.plugins.cacheddockerbuild.acceptance;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM connected to the Jenkins under test as an inbound agent over loopback (WebSocket), with
 * {@code agent.jar} from the controller's {@code /jnlpJars/agent.jar}: docker then runs through the agent's
 * launcher, in that JVM's process tree.
 */
final class InboundAgent implements AutoCloseable {
    private final Process process;

    private InboundAgent(Process process) {
        this.process = process;
    }

    static InboundAgent connect(Suite suite, String name) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cdb-acceptance-agent");
        String secret = suite.api.script("""
                import hudson.slaves.*
                def launcher = new JNLPLauncher()
                launcher.webSocket = true
                def agent = new DumbSlave('%s', '%s', launcher)
                agent.numExecutors = 1
                agent.labelString = '%s'
                agent.mode = hudson.model.Node.Mode.EXCLUSIVE
                jenkins.model.Jenkins.get().addNode(agent)
                print jenkins.model.Jenkins.get().getComputer('%s').jnlpMac
                """.formatted(name, dir.resolve("root"), name, name)).trim();
        HttpResponse<byte[]> jar = suite.api.getBytes("jnlpJars/agent.jar");
        if (jar.statusCode() != 200) {
            throw new IllegalStateException("jnlpJars/agent.jar: HTTP " + jar.statusCode());
        }
        Files.write(dir.resolve("agent.jar"), jar.body());
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", dir.resolve("agent.jar").toString(), "-url",
                suite.api.url(), "-secret", secret, "-name", name, "-webSocket", "-workDir", dir.resolve("work").toString())
                .redirectErrorStream(true).redirectOutput(suite.out.resolve("agent-" + name + ".log").toFile());
        builder.environment().put("DOCKER_HOST", suite.env.dockerHost());
        InboundAgent agent = new InboundAgent(builder.start());
        for (int i = 0; i < 120; i++) {
            if (!suite.api.json("computer/" + name + "/").path("offline").asBoolean(true)) {
                return agent;
            }
            Thread.sleep(500);
        }
        agent.close();
        throw new IllegalStateException("agent " + name + " did not connect; see agent-" + name + ".log");
    }

    /** The agent JVM's descendant processes whose command line names docker. */
    long dockerChildren() {
        return process.descendants().filter(child -> child.info().commandLine().orElse("").contains("docker"))
                .count();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
