package io.jenkins.plugins.cacheddockerbuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.FilePath;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryEndpoint;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Registry logins, as freestyle and as Pipeline: against the htpasswd-protected test registry the build logs in
 * with username/password credentials, pushes, tracks the credentials' use, and the password appears neither in
 * the log nor in the stored results, and the temporary docker config is gone. Unknown credentials fail the build with their id.
 */
@WithJenkins
class RegistryCredentialsTest {
    private static final String CREDENTIALS_ID = "auth-registry";

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void freestyleLogsInWithoutShowingThePassword(JenkinsRule r) throws Exception {
        RealDocker docker = new RealDocker(r);
        StandardUsernamePasswordCredentials credentials = storeCredentials(docker);
        String image = docker.uniqueAuthImage("freestyle-masked");
        CachedDockerBuilder builder = docker.builder(image);
        builder.setRegistry(new DockerRegistryEndpoint("http://" + docker.env.authRegistry(), CREDENTIALS_ID));
        FreeStyleProject project = docker.freestyle(builder);
        docker.sampleAppIn(docker.workspaceOf(project));

        FreeStyleBuild build = r.buildAndAssertSuccess(project);

        assertLoggedInAndMasked(r, docker, build, credentials, image, docker.workspaceOf(project));
    }

    @Test
    void pipelineLogsInWithoutShowingThePassword(JenkinsRule r) throws Exception {
        RealDocker docker = new RealDocker(r);
        StandardUsernamePasswordCredentials credentials = storeCredentials(docker);
        String image = docker.uniqueAuthImage("pipeline-masked");
        WorkflowJob job = docker.pipeline("node {\n  cachedDockerBuild " + docker.stepArguments(image)
                + ", registry: [url: 'http://" + docker.env.authRegistry() + "', credentialsId: '" + CREDENTIALS_ID
                + "']\n}");
        docker.sampleAppIn(docker.workspaceOf(job));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        assertLoggedInAndMasked(r, docker, build, credentials, image, docker.workspaceOf(job));
    }

    @Test
    void freestyleFailsOnUnknownCredentials(JenkinsRule r) throws Exception {
        CachedDockerBuilder builder = new CachedDockerBuilder("registry.example.com/team/app");
        builder.setRegistry(new DockerRegistryEndpoint("https://registry.example.com", "no-such-credentials"));
        FreeStyleProject project = r.createFreeStyleProject();
        project.getBuildersList().add(builder);

        FreeStyleBuild build = r.buildAndAssertStatus(Result.FAILURE, project);

        r.assertLogContains("Registry credentials 'no-such-credentials' not found", build);
    }

    @Test
    void pipelineFailsOnUnknownCredentials(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition("node {\n  cachedDockerBuild image: 'registry.example.com/team/app', "
                + "registry: [url: 'https://registry.example.com', credentialsId: 'no-such-credentials']\n}", true));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("Registry credentials 'no-such-credentials' not found", build);
    }

    private static StandardUsernamePasswordCredentials storeCredentials(RealDocker docker) throws Exception {
        UsernamePasswordCredentialsImpl credentials = new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL,
                CREDENTIALS_ID, "test registry", docker.env.authUser(), docker.env.authPassword());
        SystemCredentialsProvider.getInstance().getCredentials().add(credentials);
        SystemCredentialsProvider.getInstance().save();
        return credentials;
    }

    private static void assertLoggedInAndMasked(JenkinsRule r, RealDocker docker, Run<?, ?> build,
            StandardUsernamePasswordCredentials credentials, String image, FilePath workspace) throws Exception {
        String password = docker.env.authPassword();
        BuildReport report = build.getAction(CachedDockerBuildAction.class).getReports().get(0);
        assertThat(report.pushed()).as("pushed to the registry that needs the login").isNotEmpty()
                .allSatisfy(pushed -> assertThat(pushed.ref()).startsWith(image + ":"));
        r.assertLogNotContains(password, build);
        for (String stored : new String[] {"build.xml", CachedDockerBuildAction.URL_NAME + ".xml"}) {
            Path file = build.getRootDir().toPath().resolve(stored);
            if (Files.exists(file)) {
                assertThat(Files.readString(file)).as(stored).doesNotContain(password);
            }
        }
        FilePath temporary = WorkspaceList.tempDir(workspace);
        assertThat(temporary.exists() ? temporary.list() : List.<FilePath>of()).as("temporary docker configs left")
                .noneMatch(child -> child.getName().startsWith("cached-docker-build-config-"));
        Job<?, ?> job = build.getParent();
        assertThat(CredentialsProvider.getFingerprintOf(credentials)).as("the credentials' use is tracked")
                .isNotNull()
                .satisfies(fingerprint -> assertThat(fingerprint.getJobs()).contains(job.getFullName()));
    }
}
