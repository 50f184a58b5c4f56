package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.LocalImage;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the cache tags that need no push. A stage served entirely from its own cache tag comes out as the
 * very image that tag names (the same image id, which is the config digest of the manifest the resolve step
 * read), with either builder; pushing it again would upload nothing and only cost round trips to the
 * registry. On Docker's containerd image store an image's id is its manifest digest instead: there an id that
 * the image also carries as {@code repository@digest} (it was pulled so) is set against the manifest digest the
 * registry holds for the tag (the resolve step's lookup names it; if not, one more registry question, asked only
 * in that case). A stage
 * {@link FinalFirstStep} kept as it is was not built at all. Final tags are always pushed: they are what the
 * user asked for. Returns the refs that need no push.
 */
final class UnchangedCacheStep implements Step<Set<String>> {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private final BuilderBackend builder;
    private final Events events;
    private final Parallel parallel;
    private final int parallelism;
    private final List<PublishTarget> targets;
    private final CacheSources sources;

    UnchangedCacheStep(BuilderBackend builder, Events events, Parallel parallel, int parallelism,
            List<PublishTarget> targets, CacheSources sources) {
        this.builder = builder;
        this.events = events;
        this.parallel = parallel;
        this.parallelism = parallelism;
        this.targets = List.copyOf(targets);
        this.sources = sources;
    }

    @Override
    public Set<String> call() throws CachedBuildException, IOException, InterruptedException {
        List<PublishTarget> candidates = new ArrayList<>();
        List<String> configDigests = new ArrayList<>();
        Set<String> unchanged = new LinkedHashSet<>();
        for (PublishTarget target : targets) {
            if (target.sourceTag() == null) {
                unchanged.add(target.ref());  // a stage kept as it is (FinalFirstStep): nothing was built
                continue;
            }
            String digest = "cache".equals(target.kind()) ? TransferOutput.configDigest(sources.manifest(target.ref()))
                    : null;
            if (digest != null) {
                candidates.add(target);
                configDigests.add(digest);
            }
        }
        List<String> ids = parallel.map(candidates, parallelism, target -> () -> builder.imageId(target.sourceTag()));
        List<Integer> byManifest = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (configDigests.get(i).equals(ids.get(i))) {
                unchanged.add(kept(candidates.get(i)));
            } else if (ids.get(i) != null && DIGEST.matcher(ids.get(i)).matches()) {
                byManifest.add(i);
            }
        }
        List<Boolean> same = parallel.map(byManifest, parallelism,
                i -> () -> registryHoldsManifest(candidates.get(i), ids.get(i)));
        for (int j = 0; j < byManifest.size(); j++) {
            if (same.get(j)) {
                unchanged.add(kept(candidates.get(byManifest.get(j))));
            }
        }
        return java.util.Collections.unmodifiableSet(unchanged);
    }

    private String kept(PublishTarget target) {
        events.info(Phase.PUSH, "not pushing " + target.ref()
                + ": the registry already holds it as built (stage served entirely from it)");
        return target.ref();
    }

    // A manifest-digest id is one the image carries as repository@id; a config-digest id (overlay2) never is.
    private boolean registryHoldsManifest(PublishTarget target, String id)
            throws CachedBuildException, IOException, InterruptedException {
        LocalImage image = builder.localImage(target.sourceTag());
        if (image == null || !image.repoDigests().contains(ImageReference.repositoryOf(target.ref()) + "@" + id)) {
            return false;
        }
        String held = sources.manifestDigest(target.ref());  // named by the resolve step's lookup, if it could
        return id.equals(held != null ? held : builder.registryDigest(target.ref()));
    }
}
