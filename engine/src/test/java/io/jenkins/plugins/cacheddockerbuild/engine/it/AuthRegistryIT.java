package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLoginException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The htpasswd-protected registry: the right credentials build, resolve and push; wrong ones stop at login. */
class AuthRegistryIT {
    private final TestEnvironment env = TestEnvironment.get();
    private final EngineRun engine = new EngineRun(env);

    @TempDir
    Path workspace;

    @Test
    void rightCredentialsResolveAndPushThenWarmBuildUsesTheCache() throws Exception {
        Path app = BlobApp.create(workspace, env.authBaseImage(), 21);
        String image = env.authRegistry() + "/it/auth-" + UUID.randomUUID().toString().substring(0, 8);
        RegistryLogin login = new RegistryLogin(env.authRegistry(), env.authUser(), env.authPassword());

        BuildReport cold = engine.build(engine.request(image, app, BuilderKind.CLASSIC).login(login).build());
        BuildReport warm = engine.build(engine.request(image, app, BuilderKind.CLASSIC).login(login).build());

        assertThat(cold.pushed()).extracting(PushedRef::ref).containsExactlyInAnyOrder(image + ":main",
                image + ":main--deps");
        assertThat(warm.warnings()).isEmpty();
        assertThat(warm.stages()).allSatisfy(stage -> assertThat(stage.cacheSource()).startsWith(image + ":main"));
        assertThat(engine.events()).noneSatisfy(event -> assertThat(event.toString()).contains(env.authPassword()));
    }

    @Test
    void wrongPasswordStopsAtLoginWithExitThreeNamingRegistryAndUser() throws Exception {
        Path app = BlobApp.create(workspace, env.baseImage(), 22);
        String image = env.authRegistry() + "/it/auth-wrong";
        String wrong = "not-" + env.authPassword();

        RegistryLoginException failure = catchThrowableOfType(() -> engine.build(engine.request(image, app,
                BuilderKind.CLASSIC).login(new RegistryLogin(env.authRegistry(), env.authUser(), wrong)).build()),
                RegistryLoginException.class);

        assertThat(failure.exitCode()).isEqualTo(3);
        assertThat(failure.getMessage()).contains("login to " + env.authRegistry() + " as '" + env.authUser()
                + "' failed").contains("access denied").doesNotContain(wrong);
        assertThat(engine.events()).as("nothing was built").noneMatch(event -> event.phase() == Phase.BUILD)
                .noneSatisfy(event -> assertThat(String.valueOf(event)).contains(wrong));
        assertThat(engine.events()).filteredOn(BuildEvent.PhaseStarted.class::isInstance)
                .extracting(BuildEvent::phase).contains(Phase.LOGIN);
    }
}
