package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.credentials.TemporaryDockerConfig;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandTimeoutException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.ManifestHttp;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonSyntaxException;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonText;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import io.jenkins.plugins.cacheddockerbuild.engine.output.RawJsonProgress;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the docker CLI's builders share: lookups with {@code docker manifest inspect}, pulls, pushes, tags,
 * {@code docker save}/{@code load}, and running {@code docker build} while parsing its output. The two
 * builders differ in their arguments, their output and what they can do.
 */
abstract class DockerBackend implements BuilderBackend {
    private static final Duration UNTAG_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LOADED = Pattern.compile("(?m)^Loaded image: (\\S+)");

    final DockerCli docker;
    final BuildRequest request;
    private final ManifestHttp manifests;

    DockerBackend(DockerCli docker, BuildRequest request) {
        this.docker = docker;
        this.request = request;
        this.manifests = new ManifestHttp(request.logins(), request.dockerEnv());
    }

    /** Which docker builder this is, for its arguments and environment. */
    abstract BuilderKind kind();

    /** Whether its builds print {@code --progress=rawjson}, which {@link #run} turns into plain lines. */
    boolean rawJsonProgress() {
        return false;
    }

    @Override
    public String id() {
        return kind().id();
    }

    @Override
    public RegistryCredentials logIn(AgentFiles files, List<RegistryLogin> logins)
            throws DockerUnavailableException, IOException, InterruptedException {
        TemporaryDockerConfig config = TemporaryDockerConfig.create(files, docker, request.dockerEnv(), logins);
        BuilderBackend withConfig = withEnv("DOCKER_CONFIG", config.directory());
        return new RegistryCredentials() {
            @Override
            public BuilderBackend backend() {
                return withConfig;
            }

            @Override
            public void close() throws IOException {
                config.close();
            }
        };
    }

    /**
     * Asked with {@code --verbose}: the same manifest, wrapped in its descriptor, whose digest is the one the
     * registry holds for {@code ref}; a ref kept rather than pushed is reported with it, without asking again.
     * Asked over HTTP by the engine itself where it can be ({@link ManifestHttp}), else through docker.
     */
    @Override
    public CommandResult lookUp(String ref) throws DockerUnavailableException, IOException, InterruptedException {
        CommandResult quick = manifests.descriptor(ref);
        return quick != null ? quick : docker.run(docker.manifestDescriptor(ref));
    }

    // Not knowing the digest only leaves it out of the report.
    @Override
    public String registryDigest(String ref) throws InterruptedException {
        try {
            CommandResult result = lookUp(ref);
            return result.succeeded() ? TransferOutput.descriptorDigest(result.stdout()) : null;
        } catch (IOException | DockerUnavailableException e) {
            return null;
        }
    }

    @Override
    public CommandResult pull(String ref) throws DockerUnavailableException, IOException, InterruptedException {
        return docker.run(docker.pull(ref));
    }

    @Override
    public Set<String> downloadedLayers(CommandResult pull) {
        return TransferOutput.pulledLayers(pull.stdout());
    }

    @Override
    public StageBuild build(StageBuildSpec spec, BuildObserver observer)
            throws BuildFailedException, DockerUnavailableException, IOException, InterruptedException {
        BuildOutputParser parser = parser(spec.dockerfile());
        StageBuild built = run(spec, parser, observer,
                lines -> docker.build(BuildArguments.argv(request, spec, kind(), rawJsonProgress()),
                        BuildArguments.env(request, kind()), lines));
        return afterBuild(spec, parser, built, observer);
    }

    /**
     * Runs one build command made by {@code command} (given the line sink), feeding {@code parser} every line.
     *
     * @throws BuildFailedException the command failed: the stage and step the parser saw last, the output's tail
     */
    final StageBuild run(StageBuildSpec spec, BuildOutputParser parser, BuildObserver observer,
            Function<Consumer<String>, Command> command)
            throws BuildFailedException, DockerUnavailableException, IOException, InterruptedException {
        String stageId = spec.stage().id();
        long start = System.nanoTime();
        BuildOutput plain = new BuildOutput(parser, observer, stageId, false);
        RawJsonProgress rawJson = rawJsonProgress() ? new RawJsonProgress(plain) : null;
        CommandResult result;
        try {
            result = docker.run(command.apply(rawJson == null ? plain : rawJson));
        } catch (CommandTimeoutException e) {
            throw new BuildFailedException(stageId, null, List.of(e.getMessage()));
        } finally {
            if (rawJson != null) {
                rawJson.finish();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!result.succeeded()) {
            throw plain.failure();
        }
        return snapshot(spec, parser, seconds);
    }

    /** Work a builder does once a build has succeeded; returns the build as it then stands. */
    StageBuild afterBuild(StageBuildSpec spec, BuildOutputParser parser, StageBuild built, BuildObserver observer)
            throws DockerUnavailableException, IOException, InterruptedException {
        return built;
    }

    static StageBuild snapshot(StageBuildSpec spec, BuildOutputParser parser, double seconds) {
        Map<String, String> baseImages = new LinkedHashMap<>();
        Map<String, String> stageImages = new LinkedHashMap<>();
        for (Stage stage : spec.dockerfile().stages()) {
            putIfKnown(baseImages, stage.id(), parser.baseImageId(stage.id()));
            putIfKnown(stageImages, stage.id(), parser.stageImageId(stage.id()));
        }
        return new StageBuild(parser.stepsByStage(), baseImages, stageImages, seconds);
    }

    private static void putIfKnown(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    @Override
    public CommandResult tag(String source, String target) throws DockerUnavailableException, IOException,
            InterruptedException {
        return docker.run(docker.tag(source, target));
    }

    @Override
    public CommandResult push(String ref) throws DockerUnavailableException, IOException, InterruptedException {
        return docker.run(docker.push(ref));
    }

    @Override
    public PushedImage pushed(CommandResult push) {
        return new PushedImage(TransferOutput.pushedDigest(push.stdout()), TransferOutput.pushedLayers(push.stdout()));
    }

    @Override
    public CommandResult untag(List<String> refs) throws DockerUnavailableException, IOException, InterruptedException {
        // bounded tighter than other quick calls: it also runs on the way out of an interrupted build
        return docker.run(docker.untag(refs).withTimeout(UNTAG_TIMEOUT));
    }

    @Override
    public CommandResult tagsOf(String repository) throws DockerUnavailableException, IOException,
            InterruptedException {
        return docker.run(docker.tagsOf(repository));
    }

    // Not knowing the id only means pushing as usual.
    @Override
    public String imageId(String ref) throws InterruptedException {
        try {
            CommandResult result = docker.run(docker.imageId(ref));
            return result.succeeded() ? result.stdout().strip() : null;
        } catch (IOException | DockerUnavailableException e) {
            return null;
        }
    }

    @Override
    public LocalImage localImage(String ref) throws DockerUnavailableException, IOException, InterruptedException {
        CommandResult image = docker.run(docker.digestsAndLayers(ref));
        String[] facts = image.succeeded() ? image.stdout().strip().split("\\|", 2) : new String[0];
        if (facts.length != 2) {
            return null;
        }
        try {
            if (JsonText.parse(facts[0]) instanceof List<?> repoDigests
                    && JsonText.parse(facts[1]) instanceof List<?> diffIds) {
                return new LocalImage(strings(repoDigests), strings(diffIds));
            }
            return null;
        } catch (JsonSyntaxException e) {
            return null;
        }
    }

    private static List<String> strings(List<?> values) {
        return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    private static List<String> all(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(group));
        }
        return found;
    }

    @Override
    public CommandResult save(String archive, List<String> refs) throws DockerUnavailableException, IOException,
            InterruptedException {
        return docker.run(docker.save(archive, refs));
    }

    @Override
    public CommandResult load(String archive) throws DockerUnavailableException, IOException, InterruptedException {
        return docker.run(docker.load(archive));
    }

    @Override
    public List<String> loadedRefs(CommandResult load) {
        return all(LOADED, load.stdout(), 1);
    }
}
