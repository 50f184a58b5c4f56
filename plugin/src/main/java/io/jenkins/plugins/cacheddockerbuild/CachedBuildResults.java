package io.jenkins.plugins.cacheddockerbuild;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.report.ReportFormatException;
import io.jenkins.plugins.cacheddockerbuild.engine.report.ReportJson;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The reports of every {@code cachedDockerBuild} invocation in one build, kept as the engine's JSON
 * (its versioned format, read back with the engine's reader) rather than as XStream'd records.
 */
public final class CachedBuildResults implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<String> reports;

    public CachedBuildResults(List<String> reports) {
        this.reports = new ArrayList<>(reports);
    }

    static CachedBuildResults empty() {
        return new CachedBuildResults(List.of());
    }

    CachedBuildResults plus(BuildReport report) {
        List<String> all = new ArrayList<>(reports == null ? List.of() : reports);
        all.add(ReportJson.write(report));
        return new CachedBuildResults(all);
    }

    /** The reports, in invocation order; unreadable entries are left out. */
    public List<BuildReport> getReports() {
        List<BuildReport> parsed = new ArrayList<>();
        for (String json : reports == null ? List.<String>of() : reports) {
            try {
                parsed.add(ReportJson.read(json));
            } catch (ReportFormatException e) {
                // a report written by a newer plugin version: nothing to show
            }
        }
        return parsed;
    }
}
