package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.DIGEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.IMAGE;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.KEPT_DIGEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.VERBOSE_MANIFEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.args;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.fail;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache tag the registry already holds exactly as built is not pushed again; final tags always are. */
class UnchangedCacheTagTest {
    /** The config digest {@link OrchestratorFixture#VERBOSE_MANIFEST} names: the image id of the image it is. */
    private static final String CONFIG = "sha256:dde96964fbdf2de15ea3906507c2c7bf5bb587e1bdf54cba03d3a9fce0767387";
    private static final String OTHER_CONFIG = "sha256:" + "0e".repeat(32);
    /** The same manifest as docker prints it without {@code --verbose}: no manifest digest in it. */
    private static final String PLAIN_MANIFEST = """
            {
               "schemaVersion": 2,
               "config": {
                  "mediaType": "application/vnd.docker.container.image.v1+json",
                  "size": 967,
                  "digest": "%s"
               },
               "layers": []
            }
            """.formatted(CONFIG);

    @TempDir
    Path root;
    private OrchestratorFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new OrchestratorFixture(root).classicDocker()
                .manifest(IMAGE + ":feature-login--deps", succeed(VERBOSE_MANIFEST))
                .manifest(IMAGE + ":feature-login", succeed(VERBOSE_MANIFEST))
                .manifests(fail(1, "no such manifest"));
    }

    @Test
    void aStageServedEntirelyFromItsOwnCacheTagIsNotPushedAgain() throws Exception {
        fixture.runner.on(List.of("image", "inspect", "--format", "{{.Id}}"), succeed(CONFIG + "\n"));

        BuildReport report = fixture.build(fixture.request().build());

        assertThat(fixture.commands("image", "inspect", "--format", "{{.Id}}")).containsExactly(
                args("image", "inspect", "--format", "{{.Id}}", fixture.temporaryTagOf("deps")));
        assertThat(fixture.commands("push")).containsExactly(args("push", IMAGE + ":feature-login"));
        assertThat(report.pushed()).containsExactlyInAnyOrder(new PushedRef(IMAGE + ":feature-login", DIGEST, "final"),
                PushedRef.kept(IMAGE + ":feature-login--deps", KEPT_DIGEST, "cache"));
        assertThat(report.notPushed()).isEmpty();
    }

    @Test
    void aKeptTagIsReportedWithTheDigestItsResolveLookupNamedWithoutAskingAgain() throws Exception {
        fixture.runner.on(List.of("image", "inspect", "--format", "{{.Id}}"), succeed(CONFIG + "\n"));

        BuildReport report = fixture.build(fixture.request().build());

        assertThat(fixture.commands("manifest", "inspect", "--insecure", "--verbose", IMAGE + ":feature-login--deps"))
                .hasSize(1);
        assertThat(report.pushed()).contains(PushedRef.kept(IMAGE + ":feature-login--deps", KEPT_DIGEST, "cache"));
    }

    @Test
    void aKeptTagWhoseLookupNamedNoDigestIsAskedForIt() throws Exception {
        OrchestratorFixture plain = new OrchestratorFixture(root.resolve("plain")).classicDocker();
        AtomicInteger lookups = new AtomicInteger();
        plain.manifest(IMAGE + ":feature-login--deps",
                command -> lookups.getAndIncrement() == 0 ? new CommandResult(0, PLAIN_MANIFEST, "")
                        : new CommandResult(0, VERBOSE_MANIFEST, ""))
                .manifests(fail(1, "no such manifest"));
        plain.runner.on(List.of("image", "inspect", "--format", "{{.Id}}"), succeed(CONFIG + "\n"));

        BuildReport report = plain.build(plain.request().build());

        assertThat(lookups).hasValue(2);
        assertThat(plain.commands("push")).containsExactly(args("push", IMAGE + ":feature-login"));
        assertThat(report.pushed()).contains(PushedRef.kept(IMAGE + ":feature-login--deps", KEPT_DIGEST, "cache"));
    }

    @Test
    void aCacheTagWhoseStageChangedIsPushed() throws Exception {
        fixture.runner.on(List.of("image", "inspect", "--format", "{{.Id}}"), succeed(OTHER_CONFIG + "\n"));

        BuildReport report = fixture.build(fixture.request().build());

        assertThat(fixture.commands("push")).containsExactlyInAnyOrder(args("push", IMAGE + ":feature-login"),
                args("push", IMAGE + ":feature-login--deps"));
        assertThat(report.pushed()).extracting(PushedRef::digest).containsOnly(DIGEST);
    }

    @Test
    void onTheContainerdImageStoreAStageServedFromItsOwnCacheTagIsKeptByItsManifestDigest() throws Exception {
        // Docker 26 with the containerd store: the image id is the manifest digest, and the pulled image carries it
        fixture.runner.on(List.of("image", "inspect", "--format", "{{.Id}}"), succeed(KEPT_DIGEST + "\n"));
        scriptRepoDigestsOfDeps("[\"" + IMAGE + "@" + KEPT_DIGEST + "\"]");

        BuildReport report = fixture.build(fixture.request().build());

        assertThat(fixture.commands("push")).containsExactly(args("push", IMAGE + ":feature-login"));
        assertThat(report.pushed()).contains(PushedRef.kept(IMAGE + ":feature-login--deps", KEPT_DIGEST, "cache"));
        assertThat(fixture.commands("manifest", "inspect", "--insecure", "--verbose", IMAGE + ":feature-login--deps"))
                .as("the resolve step's lookup named the manifest digest").hasSize(1);
    }

    @Test
    void onTheContainerdImageStoreAStageFromAnotherManifestIsPushed() throws Exception {
        String other = "sha256:" + "ab".repeat(32);
        fixture.runner.on(List.of("image", "inspect", "--format", "{{.Id}}"), succeed(other + "\n"));
        // what it was pulled as, and what the push below records on it
        scriptRepoDigestsOfDeps("[\"" + IMAGE + "@" + other + "\", \"" + IMAGE + "@" + DIGEST + "\"]");

        fixture.build(fixture.request().build());

        assertThat(fixture.commands("push")).containsExactlyInAnyOrder(args("push", IMAGE + ":feature-login"),
                args("push", IMAGE + ":feature-login--deps"));
    }

    @Test
    void aChangedStageOnOverlay2CostsNoRegistryQuestion() throws Exception {
        // a config-digest id is never among the image's repository digests: no manifest digest is asked for
        fixture.runner.on(List.of("image", "inspect", "--format", "{{.Id}}"), succeed(OTHER_CONFIG + "\n"));
        scriptRepoDigestsOfDeps("[\"" + IMAGE + "@" + DIGEST + "\"]");

        fixture.build(fixture.request().build());

        assertThat(fixture.commands("manifest", "inspect", "--insecure", "--verbose", IMAGE + ":feature-login--deps"))
                .as("the resolve step's lookup only").hasSize(1);
        assertThat(fixture.commands("push")).hasSize(2);
    }

    private void scriptRepoDigestsOfDeps(String repoDigests) {
        fixture.runner.on(List.of("image", "inspect", "--format", "{{json .RepoDigests}}|{{json .RootFS.Layers}}"),
                // the final image is left unscripted (empty answer): the push's own-image check trusts the push
                command -> new CommandResult(0, command.argv().get(command.argv().size() - 1).endsWith("-deps")
                        ? repoDigests + "|[]\n" : "", ""));
    }

    @Test
    void anImageIdDockerCannotTellMeansPushingAsUsual() throws Exception {
        fixture.runner.on(List.of("image", "inspect", "--format", "{{.Id}}"), fail(1, "No such image"));

        fixture.build(fixture.request().build());

        assertThat(fixture.commands("push")).hasSize(2);
    }
}
