package io.jenkins.plugins.cacheddockerbuild.engine.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tests' own look into the test daemon, through docker-java: what images exist, their history, and
 * the wipe that turns it into a fresh CI agent (no images, no build cache; the registry keeps everything).
 */
public final class Daemon {
    private final TestEnvironment env;
    private final DockerEngine engine;
    private final DockerClient client;

    public Daemon(TestEnvironment env) {
        this(env, DockerEngine.DOCKER20);
    }

    public Daemon(TestEnvironment env, DockerEngine engine) {
        this.env = env;
        this.engine = engine;
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(engine.host(env)).build();
        this.client = DockerClientImpl.getInstance(config,
                new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }

    public DockerClient client() {
        return client;
    }

    /** Removes every container and image and the whole build cache, as on a brand-new agent. */
    public void wipe() throws IOException, InterruptedException {
        for (Container container : client.listContainersCmd().withShowAll(true).exec()) {
            client.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
        // Parents cannot go before their children: a few rounds remove a whole chain in any listing order.
        for (int round = 0; round < 10 && !images().isEmpty(); round++) {
            for (Image image : client.listImagesCmd().withShowAll(true).exec()) {
                try {
                    client.removeImageCmd(image.getId()).withForce(true).exec();
                } catch (com.github.dockerjava.api.exception.NotFoundException
                        | com.github.dockerjava.api.exception.ConflictException notYet) {
                    // gone with a child already, or still has children: next round
                }
            }
        }
        ProcessBuilder builder = new ProcessBuilder(engine.client(env, BuilderKind.BUILDKIT), "builder", "prune",
                "--all", "--force").redirectErrorStream(true);
        builder.environment().putAll(engine.dockerEnv(env));
        builder.environment().put("DOCKER_BUILDKIT", "1");
        Process prune = builder.start();
        if (!prune.waitFor(120, TimeUnit.SECONDS) || prune.exitValue() != 0) {
            throw new IOException("builder prune failed: " + new String(prune.getInputStream().readAllBytes()));
        }
        if (!images().isEmpty()) {
            throw new IllegalStateException("daemon not empty after wipe: " + images());
        }
    }

    /** Every image id on the daemon. */
    public List<String> images() {
        return client.listImagesCmd().withShowAll(true).exec().stream().map(Image::getId).toList();
    }

    /** Whether a tag exists on the daemon. */
    public boolean hasImage(String ref) {
        try {
            client.inspectImageCmd(ref).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        }
    }
}
