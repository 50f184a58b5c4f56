package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.LocalImage;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.PushedImage;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes one ref, makes sure the registry got this build's image, and counts what was uploaded. A ref such
 * as {@code app:main} is a name shared by every build on the daemon: between our {@code docker tag} and our
 * {@code docker push}, a concurrent build of the same branch may point it at its own image, and docker would
 * push that one. After the push the daemon records {@code repo@digest} on the image it pushed; if that is not
 * our image, the ref is tagged again and pushed again, so the report never claims another build's digest.
 * The check and the byte count ask the builder at the same time, right after the push.
 */
final class OwnImagePush {
    private static final int ATTEMPTS = 3;

    /**
     * How the push ended: the registry call's outcome, whether the digest is this build's, bytes uploaded
     * ({@code null} when docker did not tell).
     */
    record Result(RegistryCall.Outcome outcome, String digest, boolean ours, Long bytes) {
    }

    private final BuilderBackend builder;
    private final RegistryCall registry;
    private final Tagging tagging;
    private final Events events;
    private final Parallel parallel;
    private final boolean countsBytes;

    /**
     * @param countsBytes whether to count the uploaded bytes (one manifest lookup after a push that uploaded
     *     layers); not where others upload the same layers at the same time (a registry cache export)
     */
    OwnImagePush(BuilderBackend builder, RegistryCall registry, Tagging tagging, Events events, Parallel parallel,
            boolean countsBytes) {
        this.builder = builder;
        this.registry = registry;
        this.tagging = tagging;
        this.events = events;
        this.parallel = parallel;
        this.countsBytes = countsBytes;
    }

    Result push(PublishTarget target) throws CachedBuildException, IOException, InterruptedException {
        Result result = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                events.debug(Phase.PUSH, target.ref() + " was retagged by another build on this daemon while "
                        + "it was pushed; tagging and pushing this build's image again");
                tagging.tag(List.of(target));
            }
            RegistryCall.Outcome outcome = registry.push(target.ref());
            if (!outcome.succeeded()) {
                return new Result(outcome, null, true, 0L);
            }
            result = checked(target, outcome);
            if (result.ours()) {
                return result;
            }
        }
        return result;
    }

    private Result checked(PublishTarget target, RegistryCall.Outcome outcome)
            throws CachedBuildException, IOException, InterruptedException {
        PushedImage pushed = builder.pushed(outcome.result());
        List<Task<Object>> questions = new ArrayList<>();
        questions.add(() -> builder.localImage(target.sourceTag()));
        // a push does not print sizes; the pushed manifest does. Only asked for when layers were uploaded.
        boolean uploaded = countsBytes && !pushed.uploadedLayers().isEmpty();
        if (uploaded) {
            questions.add(() -> builder.lookUp(target.ref()));
        }
        List<Object> answers = parallel.map(questions, questions.size(), question -> question);
        LocalImage image = (LocalImage) answers.get(0);
        boolean ours = pushed.digest() == null || isOurs(image, target, pushed.digest());
        String manifest = uploaded && ((CommandResult) answers.get(1)).succeeded()
                ? imageManifest(target.ref(), ((CommandResult) answers.get(1)).stdout()) : null;
        // not counted is unknown (null); nothing uploaded is a known 0
        Long bytes = !countsBytes ? null : !uploaded ? Long.valueOf(0) : manifest != null && image != null
                ? TransferOutput.pushedBytes(pushed.uploadedLayers(), image.diffIds(), manifest)
                : null;
        return new Result(outcome, pushed.digest(), ours, bytes);
    }

    /** The pushed image's own manifest: an index (Docker's containerd image store) is followed to it. */
    private String imageManifest(String ref, String json) throws CachedBuildException, IOException, InterruptedException {
        String platform = TransferOutput.platformManifest(json);
        if (platform == null) {
            return json;
        }
        int tag = ref.lastIndexOf(':');
        String repository = tag > ref.lastIndexOf('/') ? ref.substring(0, tag) : ref;
        CommandResult image = builder.lookUp(repository + "@" + platform);
        return image.succeeded() ? image.stdout() : null;
    }

    private static boolean isOurs(LocalImage image, PublishTarget target, String digest) {
        // the builder could not tell: trust its push rather than push again
        return image == null || image.repoDigests().contains(ImageReference.repositoryOf(target.ref()) + "@" + digest);
    }

    /** The manifest digest the registry holds for {@code ref}, or {@code null}: for a ref kept, not pushed. */
    String registryDigest(String ref) throws InterruptedException {
        return builder.registryDigest(ref);
    }
}
