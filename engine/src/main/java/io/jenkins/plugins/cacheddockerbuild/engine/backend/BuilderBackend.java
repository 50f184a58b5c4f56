package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The port through which the engine reaches a builder: the only way the orchestration builds, looks up,
 * tags, pushes or removes an image. Today's implementations drive the docker CLI ({@link ClassicBackend},
 * {@link InlineCacheBackend}); a registry-cache buildx builder or a daemonless buildah are further
 * implementations of this interface, picked by {@link BackendSelector}.
 *
 * <h2>Implementing a backend</h2>
 * <ol>
 *   <li>Say what the builder can do in {@link #capabilities()}: the orchestrator reads nothing else to decide
 *       whether cache images are pulled before the build, whether an intermediate stage's image is taken from
 *       the final build's output, and so on. Capabilities are worked out once, when the selector probes the
 *       agent, and never change during a run.</li>
 *   <li>Map every method to the builder's own commands, each with a timeout, through the engine's
 *       {@link io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner CommandRunner} (never a
 *       {@code ProcessBuilder}: inside Jenkins the commands run on the agent). Secrets and build-arg values
 *       never go on a command line: pass them in the command's environment or on standard input.</li>
 *   <li>Registry calls ({@link #lookUp}, {@link #pull}, {@link #push}) return the raw {@link CommandResult}:
 *       the engine retries what may pass and classifies failures from the error text
 *       ({@code RegistryFailure}), so do not retry inside, and do not turn a failed call into an exception
 *       (only "the builder itself cannot be run" is a {@link DockerUnavailableException}).</li>
 *   <li>{@link #build} runs one build and reports every stage it went through, parsed by
 *       {@link #parser(Dockerfile)}; a failing Dockerfile step (or a build that outlives its timeout) is a
 *       {@link BuildFailedException} naming the stage and step, with the tail of the output.</li>
 *   <li>Add a {@code BackendOption} for it to {@link BackendSelector} and record its real output under
 *       {@code engine/src/test/resources/recorded/} for the parser's tests.</li>
 * </ol>
 * Implementations are immutable and safe to call from several threads at once (pushes and lookups run in
 * parallel).
 */
public interface BuilderBackend {

    /** The builder's name in reports and logs, e.g. {@code classic}, {@code buildkit}. */
    String id();

    /** What this builder can do, probed once. */
    BackendCapabilities capabilities();

    /**
     * Logs in to the run's registries where this builder reads credentials; passwords go on standard input
     * only. The caller closes the result when the run ends.
     *
     * @throws io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLoginException a registry refused a login
     */
    RegistryCredentials logIn(AgentFiles files, List<RegistryLogin> logins)
            throws DockerUnavailableException, IOException, InterruptedException;

    /**
     * The same backend, every command of which also gets the environment variable (e.g. a temporary
     * {@code DOCKER_CONFIG} holding this run's registry logins).
     */
    BuilderBackend withEnv(String name, String value);

    /**
     * Asks the registry whether {@code ref} exists, without pulling it. Succeeds (exit 0) when it does; its
     * standard output is then the image manifest as JSON (config digest, layer digests and sizes), possibly
     * wrapped in its descriptor as {@code docker manifest inspect --verbose} prints it (which also names the
     * manifest digest), or empty when the builder cannot show it. Fails with the registry's error text otherwise.
     */
    CommandResult lookUp(String ref) throws DockerUnavailableException, IOException, InterruptedException;

    /**
     * Brings a cache image onto the builder's local store. Called only when
     * {@link BackendCapabilities#pullsCacheFirst()}.
     */
    CommandResult pull(String ref) throws DockerUnavailableException, IOException, InterruptedException;

    /** Short layer ids (12 hex digits) a successful {@link #pull} actually downloaded. */
    Set<String> downloadedLayers(CommandResult pull);

    /**
     * Runs one build (of {@link StageBuildSpec#stage()}, or of the whole target) and returns what each stage
     * it went through did. Output lines and progress go to {@code observer} as they arrive.
     *
     * @throws BuildFailedException a Dockerfile step failed or the build outlived its timeout
     */
    StageBuild build(StageBuildSpec spec, BuildObserver observer)
            throws BuildFailedException, DockerUnavailableException, IOException, InterruptedException;

    /**
     * Builds {@code spec}'s target once, with {@code spec.cacheFrom()} as registry caches, exports a cache of
     * every stage to {@code export.cacheRef()} and pushes the image as every ref of {@code export.pushRefs()}.
     * Only for a backend whose {@link BackendCapabilities#exportsRegistryCache()}; a registry that refuses the
     * cache export does not fail it (the image is pushed, {@code observer} is warned).
     *
     * @throws BuildFailedException a Dockerfile step failed, the push failed, or the build outlived its timeout
     */
    default RegistryCacheBuild buildAndPush(StageBuildSpec spec, RegistryCacheExport export, BuildObserver observer)
            throws BuildFailedException, DockerUnavailableException, IOException, InterruptedException {
        throw new UnsupportedOperationException(id() + " cannot export a registry cache");
    }

    /** The parser that turns this builder's build output into step records. */
    BuildOutputParser parser(Dockerfile dockerfile);

    /** Gives the local image {@code source} (an id or a name) the name {@code target}. */
    CommandResult tag(String source, String target) throws DockerUnavailableException, IOException,
            InterruptedException;

    /** Pushes the local image named {@code ref}. */
    CommandResult push(String ref) throws DockerUnavailableException, IOException, InterruptedException;

    /**
     * The manifest digest the registry holds for {@code ref} ({@code sha256:...}), for a ref the run keeps rather
     * than pushes, when its {@link #lookUp} did not name it; {@code null} when it cannot tell.
     */
    String registryDigest(String ref) throws InterruptedException;

    /** What a successful {@link #push} printed: the manifest digest and the layers it uploaded. */
    PushedImage pushed(CommandResult push);

    /** Removes names (not the layers other images share); images left without a name go. */
    CommandResult untag(List<String> refs) throws DockerUnavailableException, IOException, InterruptedException;

    /** Every {@code repository:tag} of one repository in the local store, a line each. */
    CommandResult tagsOf(String repository) throws DockerUnavailableException, IOException, InterruptedException;

    /**
     * The local image's id (the config digest, {@code sha256:...}), or {@code null} when it cannot tell; an id
     * equal to a manifest's config digest means the registry already holds this very image.
     */
    String imageId(String ref) throws InterruptedException;

    /**
     * The {@code repo@digest} names a local image was pushed or pulled as, and its layer diff ids in order;
     * {@code null} when the builder cannot tell (the push is then trusted as it is).
     */
    LocalImage localImage(String ref) throws DockerUnavailableException, IOException, InterruptedException;

    /** Writes the named images into one archive on the agent (the shared cache directory). */
    CommandResult save(String archive, List<String> refs) throws DockerUnavailableException, IOException,
            InterruptedException;

    /** Loads an archive written by {@link #save}. */
    CommandResult load(String archive) throws DockerUnavailableException, IOException, InterruptedException;

    /** The names a successful {@link #load} brought onto the local store. */
    List<String> loadedRefs(CommandResult load);
}
