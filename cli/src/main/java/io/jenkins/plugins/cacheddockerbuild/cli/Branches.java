package io.jenkins.plugins.cacheddockerbuild.cli;

import java.util.Map;

/** The branch a CI system says it builds. */
final class Branches {
    private Branches() {
    }

    /** {@code BRANCH_NAME} (Jenkins multibranch), else {@code GIT_BRANCH} without its remote, else {@code main}. */
    static String fromEnvironment(Map<String, String> env) {
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
}
