package io.jenkins.plugins.cacheddockerbuild.engine.ci;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a CI system's environment says about the build: the branch, and for pull requests the target
 * branch whose cache is the best fallback. Shared by the command line and the Jenkins plugin.
 */
public final class CiEnvironment {
    /** Default branches tried after the PR target when no fallbacks are configured. */
    public static final List<String> DEFAULT_BRANCHES = List.of("main", "master");

    private CiEnvironment() {
    }

    /** {@code BRANCH_NAME} (Jenkins multibranch), else {@code GIT_BRANCH} without its remote, else {@code main}. */
    public static String branch(Map<String, String> env) {
        String name = env.get("BRANCH_NAME");
        if (name != null && !name.isBlank()) {
            return name;
        }
        String git = env.get("GIT_BRANCH");
        if (git != null && !git.isBlank()) {
            return git.startsWith("origin/") ? git.substring("origin/".length()) : git;
        }
        return "main";
    }

    /**
     * The fallback chain: for a pull request its target ({@code CHANGE_TARGET}) first, then the configured
     * fallbacks, or the default branches when none are configured; never the branch itself.
     */
    public static List<String> fallbacks(Map<String, String> env, String branch, List<String> configured) {
        Set<String> chain = new LinkedHashSet<>();
        String target = env.get("CHANGE_TARGET");
        if (target != null && !target.isBlank()) {
            chain.add(target.trim());
        }
        chain.addAll(configured.isEmpty() ? DEFAULT_BRANCHES : configured);
        chain.remove(branch);
        return new ArrayList<>(chain);
    }
}
