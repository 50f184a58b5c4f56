package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to build, immutable. Validation of the values happens when the engine plans the build, so every
 * front end reports bad input the same way. Create with {@link #builder(String, String)}.
 */
public final class BuildRequest {
    private final String image;
    private final List<String> tags;
    private final String branch;
    private final List<String> fallbacks;
    private final List<String> cacheFrom;
    private final String cacheRepo;
    private final String context;
    private final String dockerfile;
    private final String target;
    private final Map<String, String> buildArgs;
    private final Map<String, String> labels;
    private final List<String> secrets;
    private final String platform;
    private final String network;
    private final BuilderKind builder;
    private final String dockerExecutable;
    private final String buildahExecutable;
    private final Map<String, String> dockerEnv;
    private final boolean push;
    private final String cacheDir;
    private final long cacheDirMaxBytes;
    private final List<RegistryLogin> logins;
    private final int parallelism;
    private final int registryRetries;
    private final Duration buildTimeout;
    private final Duration registryTimeout;

    private BuildRequest(Builder b) {
        image = b.image;
        tags = List.copyOf(b.tags);
        branch = b.branch;
        fallbacks = List.copyOf(b.fallbacks);
        cacheFrom = List.copyOf(b.cacheFrom);
        cacheRepo = b.cacheRepo;
        context = b.context;
        dockerfile = b.dockerfile;
        target = b.target;
        buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.buildArgs));
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        secrets = List.copyOf(b.secrets);
        platform = b.platform;
        network = b.network;
        builder = b.builder;
        dockerExecutable = b.dockerExecutable;
        buildahExecutable = b.buildahExecutable;
        dockerEnv = Map.copyOf(b.dockerEnv);
        push = b.push;
        cacheDir = b.cacheDir;
        cacheDirMaxBytes = b.cacheDirMaxBytes;
        logins = List.copyOf(b.logins);
        parallelism = b.parallelism;
        registryRetries = b.registryRetries;
        buildTimeout = b.buildTimeout;
        registryTimeout = b.registryTimeout;
    }

    /**
     * @param image the image repository, e.g. {@code registry.example.com/team/app}
     * @param context the build context directory (an absolute path on the machine docker runs on)
     */
    public static Builder builder(String image, String context) {
        return new Builder(image, context);
    }

    public String image() { return image; }

    /** Final tags; empty means "the branch tag". */
    public List<String> tags() { return tags; }

    public String branch() { return branch; }

    /** Branches or tags to fall back to for cache, in order. */
    public List<String> fallbacks() { return fallbacks; }

    /** Extra explicit cache refs, tried after the fallbacks. */
    public List<String> cacheFrom() { return cacheFrom; }

    /** Separate repository for cache tags, or {@code null} to use {@link #image()}. */
    public String cacheRepo() { return cacheRepo; }

    public String context() { return context; }

    /** The Dockerfile path, or {@code null} for {@code CONTEXT/Dockerfile}. */
    public String dockerfile() { return dockerfile; }

    /** The target stage, or {@code null} for the last stage. */
    public String target() { return target; }

    public Map<String, String> buildArgs() { return buildArgs; }

    public Map<String, String> labels() { return labels; }

    /** BuildKit {@code --secret} specifications, passed through unchanged. */
    public List<String> secrets() { return secrets; }

    public String platform() { return platform; }

    /** {@code docker build --network} value, or {@code null}. */
    public String network() { return network; }

    public BuilderKind builderKind() { return builder; }

    public String dockerExecutable() { return dockerExecutable; }

    /** The {@code buildah} executable, for the daemonless builder. */
    public String buildahExecutable() { return buildahExecutable; }

    /** Environment for every docker call (e.g. {@code DOCKER_HOST}), on top of the runner's own. */
    public Map<String, String> dockerEnv() { return dockerEnv; }

    public boolean push() { return push; }

    /** Shared cache directory, or {@code null}. */
    public String cacheDir() { return cacheDir; }

    /** Size cap of the cache directory in bytes; oldest archives are evicted beyond it. */
    public long cacheDirMaxBytes() { return cacheDirMaxBytes; }

    public List<RegistryLogin> logins() { return logins; }

    /** How many pulls or pushes run at once. */
    public int parallelism() { return parallelism; }

    /** How many times a failing registry call (resolve, pull) is retried with backoff. */
    public int registryRetries() { return registryRetries; }

    public Duration buildTimeout() { return buildTimeout; }

    public Duration registryTimeout() { return registryTimeout; }

    @Override
    public String toString() {
        return "BuildRequest[image=" + image + ", branch=" + branch + ", context=" + context + ", builder="
                + builder.id() + ", push=" + push + "]";
    }

    /** Collects the options of a {@link BuildRequest}. Not thread-safe. */
    public static final class Builder {
        private final String image;
        private final String context;
        private final List<String> tags = new ArrayList<>();
        private String branch = "main";
        private final List<String> fallbacks = new ArrayList<>();
        private final List<String> cacheFrom = new ArrayList<>();
        private String cacheRepo;
        private String dockerfile;
        private String target;
        private final Map<String, String> buildArgs = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<String> secrets = new ArrayList<>();
        private String platform;
        private String network;
        private BuilderKind builder = BuilderKind.AUTO;
        private String dockerExecutable = "docker";
        private String buildahExecutable = "buildah";
        private final Map<String, String> dockerEnv = new LinkedHashMap<>();
        private boolean push = true;
        private String cacheDir;
        private long cacheDirMaxBytes = 10L * 1024 * 1024 * 1024;
        private final List<RegistryLogin> logins = new ArrayList<>();
        private int parallelism = 4;
        private int registryRetries = 3;
        private Duration buildTimeout = Duration.ofHours(2);
        private Duration registryTimeout = Duration.ofMinutes(30);

        private Builder(String image, String context) {
            this.image = image;
            this.context = context;
        }

        public Builder tags(List<String> values) { tags.clear(); tags.addAll(values); return this; }

        public Builder tag(String value) { tags.add(value); return this; }

        public Builder branch(String value) { branch = value; return this; }

        public Builder fallbacks(List<String> values) { fallbacks.clear(); fallbacks.addAll(values); return this; }

        public Builder fallback(String value) { fallbacks.add(value); return this; }

        public Builder cacheFrom(List<String> values) { cacheFrom.clear(); cacheFrom.addAll(values); return this; }

        public Builder cacheRepo(String value) { cacheRepo = blankToNull(value); return this; }

        public Builder dockerfile(String value) { dockerfile = blankToNull(value); return this; }

        public Builder target(String value) { target = blankToNull(value); return this; }

        public Builder buildArg(String name, String value) { buildArgs.put(name, value); return this; }

        public Builder buildArgs(Map<String, String> values) { buildArgs.putAll(values); return this; }

        public Builder label(String name, String value) { labels.put(name, value); return this; }

        public Builder secret(String spec) { secrets.add(spec); return this; }

        public Builder platform(String value) { platform = blankToNull(value); return this; }

        public Builder network(String value) { network = blankToNull(value); return this; }

        public Builder builderKind(BuilderKind value) { builder = Objects.requireNonNull(value); return this; }

        public Builder buildahExecutable(String value) {
            buildahExecutable = value == null || value.isBlank() ? "buildah" : value;
            return this;
        }

        public Builder dockerExecutable(String value) {
            dockerExecutable = value == null || value.isBlank() ? "docker" : value;
            return this;
        }

        public Builder dockerEnv(String name, String value) { dockerEnv.put(name, value); return this; }

        public Builder push(boolean value) { push = value; return this; }

        public Builder cacheDir(String value) { cacheDir = blankToNull(value); return this; }

        public Builder cacheDirMaxBytes(long value) { cacheDirMaxBytes = value; return this; }

        public Builder login(RegistryLogin value) { logins.add(value); return this; }

        public Builder parallelism(int value) { parallelism = Math.max(1, value); return this; }

        public Builder registryRetries(int value) { registryRetries = Math.max(0, value); return this; }

        public Builder buildTimeout(Duration value) { buildTimeout = value; return this; }

        public Builder registryTimeout(Duration value) { registryTimeout = value; return this; }

        public BuildRequest build() {
            return new BuildRequest(this);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }
}
