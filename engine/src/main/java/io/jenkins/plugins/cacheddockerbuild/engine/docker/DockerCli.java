package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import io.jenkins.plugins.cacheddockerbuild.engine.api.ToolCli;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every docker invocation the engine makes, as an exact argument list. Holds the executable, the
 * environment every call gets (e.g. {@code DOCKER_HOST}, a temporary {@code DOCKER_CONFIG}) and the
 * timeouts; runs through the {@link CommandRunner} port.
 */
public final class DockerCli extends ToolCli<DockerCli> {
    public DockerCli(CommandRunner runner, String executable, Map<String, String> env, Duration registryTimeout,
            Duration buildTimeout) {
        super(runner, executable, env, registryTimeout, buildTimeout);
    }

    @Override
    protected DockerCli withEnvironment(Map<String, String> env) {
        return new DockerCli(runner, executable, env, registryTimeout, buildTimeout);
    }

    @Override
    protected String howToSetTheExecutable() {
        return "set it with --docker PATH, or the Docker tool in Jenkins";
    }

    @Override
    protected String executableKind() {
        return "docker";
    }

    public Command version() {
        return command(QUICK, "version", "--format", "{{.Client.Version}}|{{.Server.Version}}|{{.Server.APIVersion}}");
    }

    public Command buildxVersion() {
        return command(QUICK, "buildx", "version");
    }

    /** The current buildx builder's name and driver ({@code Driver: docker}, {@code Driver: docker-container}). */
    public Command buildxInspect() {
        return command(QUICK, "buildx", "inspect");
    }

    /** The daemon's storage driver status: names {@code io.containerd.snapshotter.v1} with the containerd image store. */
    public Command driverStatus() {
        return command(QUICK, "info", "--format", "{{json .DriverStatus}}");
    }

    /**
     * Asks the registry for a manifest or index through buildx, which also reads a registry cache
     * ({@code docker manifest inspect} fails on one).
     */
    public Command imagetoolsInspect(String ref) {
        return command(QUICK, "buildx", "imagetools", "inspect", "--raw", ref);
    }

    /** Asks the registry for a manifest without pulling anything; {@code --insecure} allows plain-HTTP registries. */
    public Command manifestInspect(String ref) {
        return command(QUICK, "manifest", "inspect", "--insecure", ref);
    }

    /** Like {@link #manifestInspect}, with the descriptor: the manifest digest the registry holds for {@code ref}. */
    public Command manifestDescriptor(String ref) {
        return command(QUICK, "manifest", "inspect", "--insecure", "--verbose", ref);
    }

    public Command pull(String ref) {
        return command(registryTimeout, "pull", ref);
    }

    public Command push(String ref) {
        return command(registryTimeout, "push", ref);
    }

    public Command tag(String source, String target) {
        return command(QUICK, "tag", source, target);
    }

    /** Removes tags only; layers shared with other images stay. */
    public Command untag(List<String> refs) {
        List<String> args = new ArrayList<>(List.of("image", "rm", "--no-prune"));
        args.addAll(refs);
        return command(QUICK, args.toArray(String[]::new));
    }

    /** Every {@code repository:tag} of one repository on the daemon, a line each. */
    public Command tagsOf(String repository) {
        return command(QUICK, "image", "ls", "--format", "{{.Repository}}:{{.Tag}}", repository);
    }

    public Command imageId(String ref) {
        return command(QUICK, "image", "inspect", "--format", "{{.Id}}", ref);
    }

    /**
     * What a push leaves to check, in one call: the {@code repo@digest} names the image was pushed or pulled
     * as, then {@code |}, then its layer diff ids in order; both as JSON.
     */
    public Command digestsAndLayers(String ref) {
        return command(QUICK, "image", "inspect", "--format", "{{json .RepoDigests}}|{{json .RootFS.Layers}}", ref);
    }

    public Command save(String archive, List<String> refs) {
        List<String> args = new ArrayList<>(List.of("save", "--output", archive));
        args.addAll(refs);
        return command(registryTimeout, args.toArray(String[]::new));
    }

    public Command load(String archive) {
        return command(registryTimeout, "load", "--input", archive);
    }

    /** The password goes to standard input only. */
    public Command login(String registry, String username, String password) {
        List<String> args = new ArrayList<>(List.of("login", "--username", username, "--password-stdin"));
        if (!registry.isEmpty()) {
            args.add(registry);
        }
        return command(QUICK, args.toArray(String[]::new)).withStdin(password);
    }

    /** {@code docker build} with the given arguments and builder environment, streaming every line. */
    public Command build(List<String> buildArgs, Map<String, String> builderEnv, Consumer<String> lines) {
        return build(List.of("build"), buildArgs, builderEnv, lines);
    }

    /** {@code docker buildx build}, likewise. */
    public Command buildxBuild(List<String> buildArgs, Map<String, String> builderEnv, Consumer<String> lines) {
        return build(List.of("buildx", "build"), buildArgs, builderEnv, lines);
    }

    private Command build(List<String> verb, List<String> buildArgs, Map<String, String> builderEnv,
            Consumer<String> lines) {
        List<String> args = new ArrayList<>(verb);
        args.addAll(buildArgs);
        return command(buildTimeout, args.toArray(String[]::new)).withEnv(builderEnv).withLineSink(lines);
    }
}
