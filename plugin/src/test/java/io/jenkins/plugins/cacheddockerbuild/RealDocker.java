package io.jenkins.plugins.cacheddockerbuild;

import hudson.FilePath;
import hudson.model.Descriptor;
import hudson.model.FreeStyleProject;
import hudson.model.TopLevelItem;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import io.jenkins.plugins.cacheddockerbuild.engine.it.Daemon;
import io.jenkins.plugins.cacheddockerbuild.engine.it.EngineRun;
import io.jenkins.plugins.cacheddockerbuild.engine.it.SampleApp;
import io.jenkins.plugins.cacheddockerbuild.engine.it.TestEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jenkinsci.plugins.docker.commons.tools.DockerTool;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The real daemon and registries of {@code scripts/test-env.sh} (found the way the engine's integration tests
 * find them, through the engine's test-jar), wired into a Jenkins under test: a Docker tool installation for
 * the classic client, {@code DOCKER_HOST} for every node, and the engine's sample app in job workspaces.
 * Without the environment the tests fail and say how to start it; they never skip.
 */
final class RealDocker {
    /** The Docker tool installation that runs the client without BuildKit. */
    static final String CLASSIC_TOOL = "classic-docker";
    final TestEnvironment env = TestEnvironment.get();
    final Daemon daemon = new Daemon(env);
    private final JenkinsRule r;

    RealDocker(JenkinsRule r) throws IOException {
        this.r = r;
        r.jenkins.getDescriptorByType(DockerTool.DescriptorImpl.class)
                .setInstallations(new DockerTool(CLASSIC_TOOL, installationHome(env.classicDocker()), List.of()));
        r.jenkins.getGlobalNodeProperties().add(new EnvironmentVariablesNodeProperty(
                new EnvironmentVariablesNodeProperty.Entry("DOCKER_HOST", env.dockerHost())));
    }

    /** A repository of its own in the plain registry, so tests never share tags. */
    String uniqueImage(String name) {
        return EngineRun.uniqueRepository(env, name);
    }

    /** A repository of its own in the registry that needs a login. */
    String uniqueAuthImage(String name) {
        return env.authRegistry() + "/it/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The freestyle builder for {@code image}: branch {@code main}, classic builder, the classic client. */
    CachedDockerBuilder builder(String image) {
        CachedDockerBuilder builder = new CachedDockerBuilder(image);
        builder.setBranch("main");
        builder.setBuilder("classic");
        builder.setToolName(CLASSIC_TOOL);
        return builder;
    }

    /** The same settings as {@link #builder} as the Pipeline step's named arguments. */
    String stepArguments(String image) {
        return "image: '" + image + "', branch: 'main', builder: 'classic', toolName: '" + CLASSIC_TOOL + "'";
    }

    FreeStyleProject freestyle(CachedDockerBuilder builder) throws IOException {
        FreeStyleProject project = r.createFreeStyleProject();
        project.getBuildersList().add(builder);
        return project;
    }

    WorkflowJob pipeline(String script) throws IOException, Descriptor.FormException {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    /** The workspace a build of {@code job} gets on the built-in node. */
    FilePath workspaceOf(TopLevelItem job) {
        return r.jenkins.getWorkspaceFor(job);
    }

    /** Writes the engine's multi-stage sample app into {@code workspace} (which can be on a local agent). */
    SampleApp sampleAppIn(FilePath workspace) throws IOException, InterruptedException {
        workspace.mkdirs();
        return SampleApp.multiStage(Path.of(workspace.getRemote()), env.baseImage());
    }

    /** A Dockerfile whose one step prints {@code marker} and then sleeps {@code seconds}. */
    void slowDockerfileIn(FilePath workspace, String marker, int seconds) throws IOException, InterruptedException {
        // Split by empty quotes, so only the step's output (not the echoed instruction) shows the marker.
        String spelled = marker.substring(0, 1) + "\"\"" + marker.substring(1);
        workspace.child("Dockerfile").write("FROM " + env.baseImage() + "\nRUN echo " + spelled + " && sleep "
                + seconds + "\n", "UTF-8");
    }

    /** {@code /usr/local} for {@code /usr/local/bin/docker}: a Docker tool's home holds {@code bin/docker}. */
    private static String installationHome(String dockerExecutable) {
        Path executable = Path.of(dockerExecutable);
        Path bin = executable.getParent();
        if (!executable.getFileName().toString().equals("docker") || bin == null
                || !bin.getFileName().toString().equals("bin") || bin.getParent() == null) {
            throw new IllegalStateException("a Docker tool needs HOME/bin/docker, but the test environment's client is "
                    + dockerExecutable);
        }
        return bin.getParent().toString();
    }
}
