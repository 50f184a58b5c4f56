package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.DIGEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After each push the engine checks that docker pushed this build's image: the daemon records
 * {@code repo@digest} on the image it pushed, and a concurrent build may have retagged the ref meanwhile.
 */
class OwnImagePushTest {
    private static final String PUSHED_AS_OURS = "[\"" + IMAGE + "@" + DIGEST + "\"]\n";
    @TempDir
    Path root;
    private OrchestratorFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new OrchestratorFixture(root);
    }

    @Test
    void tagsAndPushesAgainWhenTheRefCarriedAnotherBuildsImage() throws Exception {
        AtomicInteger finalInspections = new AtomicInteger();
        scriptRepoDigestsOfFinalImage(() -> finalInspections.getAndIncrement() == 0 ? "[]" : PUSHED_AS_OURS);

        BuildReport report = fixture.build(fixture.request().build());

        String tmpFinal = fixture.temporaryTagOf("stage-1");
        assertThat(fixture.commands("push", IMAGE + ":feature-login")).hasSize(2);
        assertThat(fixture.commands("tag", tmpFinal, IMAGE + ":feature-login")).as("tagged again before pushing again")
                .hasSize(2);
        assertThat(report.pushed()).contains(new PushedRef(IMAGE + ":feature-login", DIGEST, "final"));
        assertThat(report.notPushed()).isEmpty();
    }

    @Test
    void givesUpAndSaysSoWhenTheRefKeepsCarryingAnotherBuildsImage() throws Exception {
        scriptRepoDigestsOfFinalImage(() -> "[]");

        PushFailedException failure = catchThrowableOfType(() -> fixture.build(fixture.request().build()),
                PushFailedException.class);

        assertThat(fixture.commands("push", IMAGE + ":feature-login")).hasSize(3);
        assertThat(failure.getMessage()).contains("other builds on this daemon kept retagging it");
        assertThat(failure.report().notPushed()).containsExactly(IMAGE + ":feature-login");
        assertThat(failure.report().pushed()).extracting(PushedRef::ref).containsExactly(IMAGE + ":feature-login--deps");
    }

    @Test
    void bytesPushedIsUnknownRatherThanZeroWhenTheUploadedLayersCannotBeSized() throws Exception {
        fixture.runner.on(List.of("push"), ScriptedRunner.succeed("a1a1a1a1a1a1: Pushed\nmain: digest: " + DIGEST
                + " size: 527\n"));
        scriptRepoDigestsOfFinalImage(() -> PUSHED_AS_OURS);

        BuildReport report = fixture.build(fixture.request().build());

        assertThat(report.notPushed()).isEmpty();
        assertThat(report.bytesPushed()).as("layers were uploaded; the manifest that sizes them was not found").isNull();
    }

    private void scriptRepoDigestsOfFinalImage(java.util.function.Supplier<String> finalImageAnswer) {
        fixture.runner.on(List.of("image", "inspect", "--format", "{{json .RepoDigests}}|{{json .RootFS.Layers}}"),
                command -> {
            boolean finalImage = command.argv().get(command.argv().size() - 1).endsWith("-stage-1");
            return new CommandResult(0, (finalImage ? finalImageAnswer.get().strip() : PUSHED_AS_OURS.strip()) + "|[]\n",
                    "");
        });
        fixture.classicDocker().manifests(command -> new CommandResult(1, "", "no such manifest"));
    }
}
