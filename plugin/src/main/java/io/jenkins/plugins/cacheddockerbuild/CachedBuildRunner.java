package io.jenkins.plugins.cacheddockerbuild;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.cacheddockerbuild.engine.CachedDockerBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.analysis.ReportAnalyzer;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushFailedException;
import java.io.IOException;
import org.jenkinsci.plugins.docker.commons.tools.DockerTool;

/**
 * The one code path of both job types: turns the settings into an engine request, runs the engine with
 * docker on the agent (through {@code Launcher}) and the agent's files (through {@code FilePath}),
 * analyses the report against the job's earlier builds and records it on the build page.
 */
final class CachedBuildRunner {
    private CachedBuildRunner() {
    }

    static BuildReport perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher,
            TaskListener listener, CachedDockerBuildSettings settings) throws IOException, InterruptedException {
        LogPrinter log = new LogPrinter(listener);
        try {
            String docker = DockerTool.getExecutable(Fields.emptyToNull(settings.getToolName()), node(workspace),
                    listener, env);
            BuildRequest request = RequestFactory.create(settings, env, workspace, docker, Logins.of(run, settings));
            CachedDockerBuild engine = CachedDockerBuild.create(new LauncherCommandRunner(launcher, env, listener),
                    new FilePathAgentFiles(workspace.getChannel(), WorkspaceList.tempDir(workspace)), log);
            BuildReport report = recorded(run, engine.build(request), log);
            return report;
        } catch (PushFailedException e) {
            recorded(run, e.report(), log);
            throw PluginErrorTranslator.translate(e, log);
        } catch (CachedBuildException e) {
            throw PluginErrorTranslator.translate(e, log);
        }
    }

    private static BuildReport recorded(Run<?, ?> run, BuildReport report, LogPrinter log) throws IOException {
        BuildReport analysed = ReportAnalyzer.analyze(report, PayoffHistory.of(run, report));
        CachedDockerBuildAction.record(run, analysed);
        log.summary(analysed);
        return analysed;
    }

    private static Node node(FilePath workspace) throws AbortException {
        Computer computer = workspace.toComputer();
        Node node = computer == null ? null : computer.getNode();
        if (node == null) {
            throw new AbortException("the agent of workspace " + workspace.getRemote() + " is offline");
        }
        return node;
    }
}
