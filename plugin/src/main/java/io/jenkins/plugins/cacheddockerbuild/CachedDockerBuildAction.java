package io.jenkins.plugins.cacheddockerbuild;

import hudson.model.Action;
import hudson.model.Run;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.html.HtmlReport;
import io.jenkins.plugins.util.AbstractXmlStream;
import io.jenkins.plugins.util.BuildAction;
import io.jenkins.plugins.util.JobAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The build page's cache statistics: a summary per invocation ({@code summary.jelly}), a detail page
 * ({@code index.jelly}) and the engine's HTML report ({@code html}). Several invocations in one build
 * each add their report.
 */
public class CachedDockerBuildAction extends BuildAction<CachedBuildResults> {
    private static final long serialVersionUID = 1L;
    static final String URL_NAME = "cached-docker-build";
    /** The figures the trend and the summary's headline need; {@code null} in builds of older versions. */
    private CacheFigures figures;

    CachedDockerBuildAction(Run<?, ?> owner, CachedBuildResults results) {
        super(owner, results);
        figures = CacheFigures.of(results.getReports());
    }

    /**
     * This build's figures, kept with the action. The full reports live in their own file and are read only
     * when a page needs their detail; builds recorded before the figures existed compute them once from it.
     */
    public synchronized CacheFigures getFigures() {
        if (figures == null) {
            figures = CacheFigures.of(getReports());
        }
        return figures;
    }

    @Override
    public Collection<? extends Action> getProjectActions() {
        return List.of(new CachedDockerBuildJobAction(getOwner().getParent(), false),
                new CachedDockerBuildJobAction(getOwner().getParent(), true));
    }

    /** Adds {@code report} to the build's action, creating it on the first invocation. */
    static synchronized void record(Run<?, ?> run, BuildReport report) throws IOException {
        CachedDockerBuildAction existing = run.getAction(CachedDockerBuildAction.class);
        CachedBuildResults results = existing == null ? CachedBuildResults.empty() : existing.getResult();
        if (existing != null) {
            run.removeAction(existing);
        }
        run.addAction(new CachedDockerBuildAction(run, results.plus(report)));
        run.save();
    }

    public List<BuildReport> getReports() {
        return getResult().getReports();
    }

    /** Every invocation of this build, in order, for {@code summary.jelly} and {@code index.jelly}. */
    public List<InvocationSummary> getInvocations() {
        List<BuildReport> reports = getReports();
        List<InvocationSummary> invocations = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            invocations.add(new InvocationSummary(i, reports.get(i)));
        }
        return invocations;
    }

    /** Serves the engine's self-contained HTML report of invocation {@code ?index=N} (default 0). */
    public void doHtml(StaplerRequest2 request, StaplerResponse2 response) throws IOException {
        getOwner().checkPermission(hudson.model.Item.READ);
        List<BuildReport> reports = getReports();
        int index = parseIndex(request.getParameter("index"), reports.size());
        if (index < 0) {
            response.sendError(404);
            return;
        }
        String html = HtmlReport.render(reports.get(index), PayoffHistory.of(getOwner(), reports.get(index)));
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }

    private static int parseIndex(String value, int size) {
        try {
            int index = value == null ? 0 : Integer.parseInt(value);
            return index >= 0 && index < size ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    protected AbstractXmlStream<CachedBuildResults> createXmlStream() {
        return new ResultsXmlStream();
    }

    @Override
    protected JobAction<? extends BuildAction<CachedBuildResults>> createProjectAction() {
        return new CachedDockerBuildJobAction(getOwner().getParent(), false);
    }

    @Override
    protected String getBuildResultBaseName() {
        return "cached-docker-build.xml";
    }

    @Override
    public String getIconFileName() {
        return "/plugin/cached-docker-build/icons/cache.svg";
    }

    @Override
    public String getDisplayName() {
        return Messages.CachedDockerBuildAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }
}
