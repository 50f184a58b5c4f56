package io.jenkins.plugins.cacheddockerbuild.engine.buildah;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import io.jenkins.plugins.cacheddockerbuild.engine.api.ToolCli;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every buildah invocation the engine makes, as an exact argument list: the daemonless builder. Holds the
 * executable, the environment every call gets (e.g. {@code CONTAINERS_STORAGE_CONF}, a temporary {@code
 * REGISTRY_AUTH_FILE}) and the timeouts; runs through the {@link CommandRunner} port, so inside Jenkins buildah
 * runs on the agent (in a pod's {@code container('buildah')}).
 *
 * <p>Registries on the loopback interface are plain HTTP, as docker assumes by default; buildah assumes nothing,
 * so they get {@code --tls-verify=false} and every other registry keeps TLS verification.
 */
public final class BuildahCli extends ToolCli<BuildahCli> {
    public BuildahCli(CommandRunner runner, String executable, Map<String, String> env, Duration registryTimeout,
            Duration buildTimeout) {
        super(runner, executable, env, registryTimeout, buildTimeout);
    }

    @Override
    protected BuildahCli withEnvironment(Map<String, String> env) {
        return new BuildahCli(runner, executable, env, registryTimeout, buildTimeout);
    }

    @Override
    protected String howToSetTheExecutable() {
        return "set it with --buildah PATH";
    }

    @Override
    protected String executableKind() {
        return "buildah";
    }

    public Command version() {
        return command(QUICK, "--version");
    }

    /**
     * Asks the registry about {@code ref} without pulling it. buildah 1.28 has no {@code --tls-verify} here, so a
     * loopback registry is named insecure in a registries.conf handed over on standard input (no file to leave
     * behind). A plain image makes it fail with "not a list type", which still says the tag exists.
     */
    public Command manifestInspect(String ref) {
        if (!plainHttp(ref)) {
            return command(QUICK, "manifest", "inspect", ref);
        }
        String conf = "[[registry]]\nlocation = \"" + registryHost(ref) + "\"\ninsecure = true\n";
        return command(QUICK, "--registries-conf", "/dev/stdin", "manifest", "inspect", ref).withStdin(conf);
    }

    /** Pulls an image into the local store. */
    public Command pull(String ref) {
        List<String> args = new ArrayList<>(List.of("pull"));
        tlsVerify(args, ref);
        args.add(ref);
        return command(registryTimeout, args.toArray(String[]::new));
    }

    /** {@code repository:tag} of every local image in {@code repository}, a line each. */
    public Command tagsOf(String repository) {
        return command(QUICK, "images", "--format", "{{.Name}}:{{.Tag}}", "--filter", "reference=" + repository);
    }

    /** The local image's id (its config digest, hex). */
    public Command imageId(String ref) {
        return command(QUICK, "inspect", "--type", "image", "--format", "{{.FromImageID}}", ref);
    }

    /** Pushes a local image; {@code --digestfile} leaves the pushed manifest's digest for the report. */
    public Command push(String ref, String digestFile) {
        List<String> args = new ArrayList<>(List.of("push"));
        tlsVerify(args, ref);
        if (digestFile != null) {
            args.addAll(List.of("--digestfile", digestFile));
        }
        args.add(ref);
        return command(registryTimeout, args.toArray(String[]::new));
    }

    public Command tag(String source, String target) {
        return command(QUICK, "tag", source, target);
    }

    /** Removes names only; an image left without one goes, layers other images use stay. */
    public Command untag(List<String> refs) {
        List<String> args = new ArrayList<>(List.of("rmi"));
        args.addAll(refs);
        return command(QUICK, args.toArray(String[]::new));
    }

    /**
     * Removes every working container: a failed {@code RUN} leaves its container mounted in the storage root,
     * and nothing else on an agent would unmount it.
     */
    public Command removeWorkingContainers() {
        return command(QUICK, "rm", "--all");
    }

    /** The password goes to standard input only; the credentials go to {@code authFile}, nowhere else. */
    public Command login(String registry, String username, String password, String authFile) {
        List<String> args = new ArrayList<>(List.of("login", "--authfile", authFile));
        tlsVerify(args, registry + "/x");
        args.addAll(List.of("--username", username, "--password-stdin", registry));
        return command(QUICK, args.toArray(String[]::new)).withStdin(password);
    }

    /** {@code buildah build} with the given arguments and environment, streaming every line. */
    public Command build(List<String> buildArgs, Map<String, String> buildEnv, Consumer<String> lines) {
        List<String> args = new ArrayList<>();
        args.add("build");
        args.addAll(buildArgs);
        return command(buildTimeout, args.toArray(String[]::new)).withEnv(buildEnv).withLineSink(lines);
    }

    /** Adds {@code --tls-verify=false} when {@code ref}'s registry is on the loopback interface. */
    static void tlsVerify(List<String> args, String ref) {
        if (plainHttp(ref)) {
            args.add("--tls-verify=false");
        }
    }

    /** Whether {@code ref}'s registry is on the loopback interface (plain HTTP, as docker assumes by default). */
    public static boolean plainHttp(String ref) {
        String host = registryHost(ref);
        int colon = host.lastIndexOf(':');
        String name = colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]");
    }

    /** {@code host[:port]} of the registry {@code ref} lives in ({@code docker.io} when it names none). */
    public static String registryHost(String ref) {
        String repository = ImageReference.repositoryOf(ref);
        int slash = repository.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = repository.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }
}
