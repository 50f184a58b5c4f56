package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushes the tagged images. One ref per image goes first, in parallel across images; the other tags of an
 * image follow, when its layers are already in the registry, so no blob is uploaded twice. The
 * {@code unchanged} refs, which the registry already holds as built, are listed as kept, with the digest the
 * registry holds (from the resolve step's lookup in {@code sources}, else asked while the pushes run).
 */
final class PushStep implements Step<PushStep.Published> {

    /** What pushing produced; {@code bytes} is {@code null} when docker did not tell for some pushed image. */
    record Published(List<PushedRef> pushed, List<String> notPushed, String firstFailure, Long bytes) {
        Published {
            pushed = List.copyOf(pushed);
            notPushed = List.copyOf(notPushed);
        }

        static Published nothing() {
            return new Published(List.of(), List.of(), null, 0L);
        }
    }

    private final OwnImagePush ownPush;
    private final Events events;
    private final Parallel parallel;
    private final int parallelism;
    private final List<PublishTarget> targets;
    private final Set<String> unchanged;
    private final CacheSources sources;

    PushStep(OwnImagePush ownPush, Events events, Parallel parallel, int parallelism, List<PublishTarget> targets,
            Set<String> unchanged, CacheSources sources) {
        this.ownPush = ownPush;
        this.events = events;
        this.parallel = parallel;
        this.parallelism = parallelism;
        this.targets = List.copyOf(targets);
        this.unchanged = Set.copyOf(unchanged);
        this.sources = sources;
    }

    @Override
    public Published call() throws CachedBuildException, IOException, InterruptedException {
        Map<String, List<PublishTarget>> byImage = new LinkedHashMap<>();
        targets.stream().filter(target -> !unchanged.contains(target.ref()))
                .forEach(target -> byImage.computeIfAbsent(target.sourceTag(), key -> new ArrayList<>()).add(target));
        List<PublishTarget> firstWave = new ArrayList<>();
        List<PublishTarget> secondWave = new ArrayList<>();
        byImage.values().forEach(group -> {
            firstWave.add(group.get(0));
            secondWave.addAll(group.subList(1, group.size()));
        });
        List<PublishTarget> kept = targets.stream().filter(target -> unchanged.contains(target.ref())).toList();
        List<PublishTarget> digestUnknown = kept.stream().filter(target -> sources.manifestDigest(target.ref()) == null)
                .toList();
        List<Result> results = new ArrayList<>();
        // a kept ref's digest, when the resolve step's lookup did not name it, is asked while the pushes run
        try (Background<List<String>> lookups = parallel.start(() -> parallel.map(digestUnknown, parallelism,
                target -> () -> ownPush.registryDigest(target.ref())))) {
            results.addAll(pushAll(firstWave));
            results.addAll(pushAll(secondWave));
            Map<String, String> looked = new LinkedHashMap<>();
            List<String> digests = lookups.await();
            for (int i = 0; i < digestUnknown.size(); i++) {
                looked.put(digestUnknown.get(i).ref(), digests.get(i));
            }
            return published(kept(kept, looked), results);
        }
    }

    private static Published published(List<PushedRef> kept, List<Result> results) {
        List<PushedRef> pushed = new ArrayList<>(kept);
        List<String> notPushed = new ArrayList<>();
        String firstFailure = null;
        Long bytes = 0L;
        for (Result result : results) {
            if (result.pushed() != null) {
                pushed.add(result.pushed());
                bytes = bytes == null || result.bytes() == null ? null : Long.valueOf(bytes + result.bytes());
            } else {
                notPushed.add(result.target().ref());
                firstFailure = firstFailure == null ? result.failure() : firstFailure;
            }
        }
        return new Published(pushed, notPushed, firstFailure, bytes);
    }

    /**
     * The {@code unchanged} refs as kept, each with the manifest digest the registry holds: the one the resolve
     * step's lookup named (that lookup's manifest is what made the ref unchanged), else the one asked for.
     */
    private List<PushedRef> kept(List<PublishTarget> kept, Map<String, String> looked) {
        List<PushedRef> refs = new ArrayList<>();
        for (PublishTarget target : kept) {
            String digest = looked.containsKey(target.ref()) ? looked.get(target.ref())
                    : sources.manifestDigest(target.ref());
            refs.add(PushedRef.kept(target.ref(), digest, target.kind()));
            events.info(Phase.PUSH, "kept " + target.ref() + (digest == null ? "" : " " + digest)
                    + ": the registry already holds it as built");
        }
        return refs;
    }

    /** One ref's push: what was pushed (or why not) and the bytes it uploaded, {@code null} if unknown. */
    private record Result(PublishTarget target, PushedRef pushed, String failure, Long bytes) {
    }

    private List<Result> pushAll(List<PublishTarget> wave)
            throws CachedBuildException, IOException, InterruptedException {
        return parallel.map(wave, parallelism, target -> () -> {
            OwnImagePush.Result own = ownPush.push(target);
            RegistryCall.Outcome outcome = own.outcome();
            if (!outcome.succeeded() || !own.ours()) {
                String failure = outcome.succeeded()
                        ? "other builds on this daemon kept retagging it while it was pushed"
                        : outcome.failure().describe() + " (" + outcome.reason() + ")";
                events.warn(Phase.PUSH, "push of " + target.ref() + " failed: " + failure);
                return new Result(target, null, failure, null);
            }
            String digest = own.digest();
            events.info(Phase.PUSH, "pushed " + target.ref() + (digest == null ? "" : " " + digest));
            return new Result(target, new PushedRef(target.ref(), digest, target.kind()), null, own.bytes());
        });
    }
}
