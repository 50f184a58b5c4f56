package io.jenkins.plugins.cacheddockerbuild;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Runs the step on a background thread. Aborting the build interrupts that thread, which makes the
 * command runner kill the docker process on the agent. If the controller restarts mid-step the step
 * fails ({@code SynchronousResumeNotSupportedException}): a half-finished build cannot be resumed
 * safely, and a re-run is fast because the cache is in the registry (see docs/pipeline.md).
 */
class CachedDockerBuildExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;
    private final transient CachedDockerBuildSettings settings;

    CachedDockerBuildExecution(StepContext context, CachedDockerBuildSettings settings) {
        super(context);
        this.settings = settings;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        StepContext context = getContext();
        BuildReport report = CachedBuildRunner.perform(context.get(Run.class), context.get(FilePath.class),
                context.get(EnvVars.class), context.get(Launcher.class), context.get(TaskListener.class), settings);
        return StepResult.of(report);
    }
}
