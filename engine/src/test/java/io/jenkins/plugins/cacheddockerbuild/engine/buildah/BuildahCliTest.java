package io.jenkins.plugins.cacheddockerbuild.engine.buildah;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildahCliTest {
    private final BuildahCli buildah = new BuildahCli(new ScriptedRunner(), "/usr/bin/buildah",
            Map.of("CONTAINERS_STORAGE_CONF", "/agent/storage.conf"), Duration.ofMinutes(5), Duration.ofMinutes(30));

    @Test
    void loopbackRegistriesArePlainHttpAndEveryOtherKeepsTlsVerification() {
        assertThat(buildah.push("127.0.0.1:5000/team/app:main", null).argv()).containsExactly("/usr/bin/buildah",
                "push", "--tls-verify=false", "127.0.0.1:5000/team/app:main");
        assertThat(buildah.push("localhost:5000/app:main", "/tmp/d").argv()).containsExactly("/usr/bin/buildah", "push",
                "--tls-verify=false", "--digestfile", "/tmp/d", "localhost:5000/app:main");
        assertThat(buildah.push("registry.example.com/team/app:main", null).argv()).containsExactly(
                "/usr/bin/buildah", "push", "registry.example.com/team/app:main");
        assertThat(buildah.push("team/app:main", null).argv()).doesNotContain("--tls-verify=false");
        assertThat(BuildahCli.registryHost("team/app:main")).isEqualTo("docker.io");
        assertThat(BuildahCli.registryHost("127.0.0.1:5000/app")).isEqualTo("127.0.0.1:5000");
    }

    @Test
    void manifestInspectNamesALoopbackRegistryInsecureOnStandardInput() {
        assertThat(buildah.manifestInspect("r.example.com/app:main").argv()).containsExactly("/usr/bin/buildah",
                "manifest", "inspect", "r.example.com/app:main");
        assertThat(buildah.manifestInspect("r.example.com/app:main").stdin()).isNull();
        var loopback = buildah.manifestInspect("127.0.0.1:5000/app:main");
        assertThat(loopback.argv()).containsExactly("/usr/bin/buildah", "--registries-conf", "/dev/stdin", "manifest",
                "inspect", "127.0.0.1:5000/app:main");
        assertThat(new String(loopback.stdin(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("[[registry]]\nlocation = \"127.0.0.1:5000\"\ninsecure = true\n");
    }

    @Test
    void everyCallCarriesTheEnvironmentAndATimeout() {
        BuildahCli withAuth = buildah.withEnv("REGISTRY_AUTH_FILE", "/run/x/auth.json");

        assertThat(withAuth.untag(List.of("a:1", "b:2")).argv()).containsExactly("/usr/bin/buildah", "rmi", "a:1", "b:2");
        assertThat(withAuth.removeWorkingContainers().env()).containsEntry("REGISTRY_AUTH_FILE", "/run/x/auth.json")
                .containsEntry("CONTAINERS_STORAGE_CONF", "/agent/storage.conf");
        assertThat(withAuth.build(List.of("-t", "a:1", "."), Map.of(), line -> { }).timeout())
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(buildah.version().argv()).containsExactly("/usr/bin/buildah", "--version");
    }
}
