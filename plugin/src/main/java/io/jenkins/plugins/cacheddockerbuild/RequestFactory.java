package io.jenkins.plugins.cacheddockerbuild;

import hudson.EnvVars;
import hudson.FilePath;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.ci.CiEnvironment;
import java.util.List;

/**
 * Settings plus the build's environment become an engine request. Multibranch defaults: the branch
 * from {@code BRANCH_NAME}; for pull requests the fallback chain starts with {@code CHANGE_TARGET}; then
 * the default branches.
 */
final class RequestFactory {
    private RequestFactory() {
    }

    static BuildRequest create(CachedDockerBuildSettings settings, EnvVars env, FilePath workspace, String docker,
            List<RegistryLogin> logins) throws InvalidInputException {
        String branch = settings.getBranch().isEmpty() ? CiEnvironment.branch(env) : env.expand(settings.getBranch());
        FilePath context = settings.getContext().isEmpty() ? workspace : workspace.child(env.expand(settings.getContext()));
        BuildRequest.Builder request = BuildRequest.builder(env.expand(settings.getImage()), context.getRemote())
                .tags(expandAll(env, CachedDockerBuildSettings.split(settings.getTags())))
                .branch(branch)
                .fallbacks(CiEnvironment.fallbacks(env, branch,
                        expandAll(env, CachedDockerBuildSettings.split(settings.getFallbacks()))))
                .cacheFrom(expandAll(env, CachedDockerBuildSettings.split(settings.getCacheFrom())))
                .cacheRepo(env.expand(settings.getCacheRepo()))
                .dockerfile(env.expand(settings.getDockerfile()))
                .target(env.expand(settings.getTarget()))
                .builderKind(BuilderKind.parse(settings.getBuilder()))
                .dockerExecutable(docker)
                .push(settings.isPush());
        buildArgs(request, settings.getBuildArgs(), env);
        if (!settings.getCacheDir().isEmpty()) {
            request.cacheDir(workspace.child(env.expand(settings.getCacheDir())).getRemote());
        }
        logins.forEach(request::login);
        for (String name : List.of("DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY")) {
            if (env.containsKey(name)) {
                request.dockerEnv(name, env.get(name));
            }
        }
        return request.build();
    }

    private static void buildArgs(BuildRequest.Builder request, String lines, EnvVars env) throws InvalidInputException {
        for (String line : lines.split("\\n")) {
            String pair = line.trim();
            if (pair.isEmpty() || pair.startsWith("#")) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("buildArgs", pair, "expected NAME=VALUE, one per line");
            }
            request.buildArg(pair.substring(0, eq).trim(), env.expand(pair.substring(eq + 1)));
        }
    }

    private static List<String> expandAll(EnvVars env, List<String> values) {
        return values.stream().map(env::expand).toList();
    }
}
