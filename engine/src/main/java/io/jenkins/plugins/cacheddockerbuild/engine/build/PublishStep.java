package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives the built images their real names at the very end (cache tags per stage, final tags) and pushes
 * them. One ref per image goes first, in parallel across images; the other tags of an image follow, when
 * its layers are already in the registry, so no blob is uploaded twice.
 */
final class PublishStep {

    /** One ref to publish: its source image (a temporary tag; {@code null} for a stage kept as it is) and its kind. */
    record Target(String ref, String sourceTag, String kind) {
    }

    /** What pushing produced. */
    record Pushed(List<PushedRef> pushed, List<String> notPushed, String firstFailure, Long bytes) {
    }

    private PublishStep() {
    }

    static List<Target> targets(CachePlan plan, Map<String, String> tempTags) {
        Map<String, Target> targets = new LinkedHashMap<>();
        String finalTag = tempTags.get(plan.finalStage().stageId());
        for (String ref : plan.finalRefs()) {
            targets.put(ref, new Target(ref, finalTag, "final"));
        }
        for (StageCache stage : plan.stages()) {
            targets.putIfAbsent(stage.cacheRef(), new Target(stage.cacheRef(), tempTags.get(stage.stageId()), "cache"));
        }
        return new ArrayList<>(targets.values());
    }

    /** Tags every target that has an image of this build (a stage kept as it is has none), all at once. */
    static void tag(RunContext run, List<Target> targets) throws Exception {
        List<Target> built = targets.stream().filter(target -> target.sourceTag() != null).toList();
        List<CommandResult> results = Parallel.map(built, Math.max(1, run.request().parallelism()),
                target -> () -> run.docker().run(run.docker().tag(target.sourceTag(), target.ref())));
        for (int i = 0; i < built.size(); i++) {
            if (!results.get(i).succeeded()) {
                throw new DockerUnavailableException("could not tag " + built.get(i).ref() + ": "
                        + results.get(i).reason());
            }
        }
    }

    /** Tags every target while finding, at the same time, the ones that need no push ({@link UnchangedCacheStep}). */
    static Set<String> tagFindingUnchanged(RunContext run, List<Target> targets, CacheSources sources)
            throws Exception {
        List<Callable<Set<String>>> work = List.of(() -> {
            tag(run, targets);
            return Set.of();
        }, () -> UnchangedCacheStep.unchanged(run, targets, sources));
        return Parallel.map(work, work.size(), task -> task).get(1);
    }

    /**
     * Pushes every target except the {@code unchanged} ones, which the registry already holds as built; those
     * are listed as kept, with the digest the registry holds.
     */
    static Pushed push(RunContext run, List<Target> targets, Set<String> unchanged) throws Exception {
        Map<String, List<Target>> byImage = new LinkedHashMap<>();
        targets.stream().filter(target -> !unchanged.contains(target.ref()))
                .forEach(target -> byImage.computeIfAbsent(target.sourceTag(), key -> new ArrayList<>()).add(target));
        List<Target> firstWave = new ArrayList<>();
        List<Target> secondWave = new ArrayList<>();
        byImage.values().forEach(group -> {
            firstWave.add(group.get(0));
            secondWave.addAll(group.subList(1, group.size()));
        });
        AtomicLong bytes = new AtomicLong();
        List<Result> results = new ArrayList<>(pushAll(run, firstWave, bytes));
        results.addAll(pushAll(run, secondWave, bytes));
        List<PushedRef> pushed = new ArrayList<>(kept(run, targets, unchanged));
        List<String> notPushed = new ArrayList<>();
        String firstFailure = null;
        for (Result result : results) {
            if (result.pushed() != null) {
                pushed.add(result.pushed());
            } else {
                notPushed.add(result.target().ref());
                firstFailure = firstFailure == null ? result.failure() : firstFailure;
            }
        }
        return new Pushed(pushed, notPushed, firstFailure, bytes.get());
    }

    /**
     * The {@code unchanged} refs as kept, each with the manifest digest the registry holds (docker reports a
     * digest only for a push, so it is asked for); asked all at once.
     */
    private static List<PushedRef> kept(RunContext run, List<Target> targets, Set<String> unchanged)
            throws Exception {
        List<Target> kept = targets.stream().filter(target -> unchanged.contains(target.ref())).toList();
        List<String> digests = Parallel.map(kept, Math.max(1, run.request().parallelism()),
                target -> () -> registryDigest(run, target.ref()));
        List<PushedRef> refs = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            refs.add(PushedRef.kept(kept.get(i).ref(), digests.get(i), kept.get(i).kind()));
            run.events().info(Phase.PUSH, "kept " + kept.get(i).ref() + (digests.get(i) == null ? "" : " " + digests.get(i))
                    + ": the registry already holds it as built");
        }
        return refs;
    }

    private static String registryDigest(RunContext run, String ref)
            throws DockerUnavailableException, InterruptedException {
        RegistryCall.Outcome outcome = RegistryCall.run(run, ref, run.docker().manifestDescriptor(ref));
        return outcome.succeeded() ? TransferOutput.descriptorDigest(outcome.result().stdout()) : null;
    }

    private record Result(Target target, PushedRef pushed, String failure) {
    }

    private static List<Result> pushAll(RunContext run, List<Target> targets, AtomicLong bytes) throws Exception {
        return Parallel.map(targets, run.request().parallelism(), target -> () -> {
            OwnImagePush.Result own = OwnImagePush.push(run, target);
            RegistryCall.Outcome outcome = own.outcome();
            if (!outcome.succeeded() || !own.ours()) {
                String failure = outcome.succeeded()
                        ? "other builds on this daemon kept retagging it while it was pushed"
                        : outcome.failure().describe() + " (" + outcome.reason() + ")";
                run.events().warn(Phase.PUSH, "push of " + target.ref() + " failed: " + failure);
                return new Result(target, null, failure);
            }
            String digest = own.digest();
            bytes.addAndGet(own.bytes());
            run.events().info(Phase.PUSH, "pushed " + target.ref() + (digest == null ? "" : " " + digest));
            return new Result(target, new PushedRef(target.ref(), digest, target.kind()), null);
        });
    }
}
