package io.jenkins.plugins.cacheddockerbuild;

import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The earlier reports a build's verdict and first-miss analysis compare with, newest first: this job's reports of
 * the same image and branch. A branch job with none yet — the first build of a new branch in a multibranch
 * project, which takes its cache from {@code main} through the fallback chain — gets the reports of the sibling
 * job whose cache tags served it instead (the job named like the branch in the cache source's tag, in the same
 * folder), so its first build says what the cache saved rather than "no estimate". A top-level job has no
 * siblings to look at; a sibling the current user cannot see is not found.
 */
final class PayoffHistory {
    static final int LENGTH = 20;

    private PayoffHistory() {
    }

    static List<BuildReport> of(Run<?, ?> run, BuildReport current) {
        List<BuildReport> own = reports(run.getPreviousBuild(), report -> report.image().equals(current.image())
                && report.branch().equals(current.branch()));
        if (!own.isEmpty()) {
            return own;
        }
        Job<?, ?> job = run.getParent();
        ItemGroup<? extends Item> folder = job.getParent();
        if (!(folder instanceof Item)) {
            return own;
        }
        for (String branch : sourceBranches(current)) {
            Item sibling = folder.getItem(branch);
            if (sibling instanceof Job<?, ?> other && other != job) {
                List<BuildReport> reports = reports(other.getLastBuild(),
                        report -> report.image().equals(current.image()));
                if (!reports.isEmpty()) {
                    return reports;
                }
            }
        }
        return own;
    }

    private static List<BuildReport> reports(Run<?, ?> newest, Predicate<BuildReport> wanted) {
        List<BuildReport> history = new ArrayList<>();
        for (Run<?, ?> earlier = newest; earlier != null && history.size() < LENGTH;
                earlier = earlier.getPreviousBuild()) {
            CachedDockerBuildAction action = earlier.getAction(CachedDockerBuildAction.class);
            if (action == null) {
                continue;
            }
            List<BuildReport> reports = new ArrayList<>(action.getResult().getReports());
            Collections.reverse(reports);
            reports.stream().filter(wanted).forEach(history::add);
        }
        return history.size() > LENGTH ? history.subList(0, LENGTH) : history;
    }

    /**
     * The branches whose cache tags served {@code current}, other than its own, in stage order: the tag of each
     * stage's cache source without its stage suffix ({@code IMAGE:main--deps}, {@code IMAGE:main},
     * {@code IMAGE:main--buildcache} all name {@code main}).
     */
    static List<String> sourceBranches(BuildReport current) {
        Set<String> branches = new LinkedHashSet<>();
        for (StageReport stage : current.stages()) {
            String source = stage.cacheSource();
            if (source == null) {
                continue;
            }
            int colon = source.lastIndexOf(':');
            if (colon < 0 || colon < source.lastIndexOf('/')) {
                continue;
            }
            String tag = source.substring(colon + 1);
            int suffix = tag.indexOf("--");
            String branch = suffix < 0 ? tag : tag.substring(0, suffix);
            if (!branch.isEmpty() && !branch.equals(current.branch())) {
                branches.add(branch);
            }
        }
        return List.copyOf(branches);
    }
}
