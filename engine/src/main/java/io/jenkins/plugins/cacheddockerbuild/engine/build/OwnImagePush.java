package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes one ref, makes sure the registry got this build's image, and counts what was uploaded. A ref such
 * as {@code app:main} is a name shared by every build on the daemon: between our {@code docker tag} and our
 * {@code docker push}, a concurrent build of the same branch may point it at its own image, and docker would
 * push that one. After the push the daemon records {@code repo@digest} on the image it pushed; if that is not
 * our image, the ref is tagged again and pushed again, so the report never claims another build's digest.
 * The check and the byte count ask docker at the same time, right after the push.
 */
final class OwnImagePush {
    private static final int ATTEMPTS = 3;

    /** How the push ended: the registry call's outcome, whether the digest is this build's, bytes uploaded. */
    record Result(RegistryCall.Outcome outcome, String digest, boolean ours, long bytes) {
    }

    private OwnImagePush() {
    }

    static Result push(RunContext run, PublishStep.Target target) throws Exception {
        Result result = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                run.events().debug(Phase.PUSH, target.ref() + " was retagged by another build on this daemon while "
                        + "it was pushed; tagging and pushing this build's image again");
                PublishStep.tag(run, List.of(target));
            }
            RegistryCall.Outcome outcome = RegistryCall.run(run, target.ref(), run.docker().push(target.ref()));
            if (!outcome.succeeded()) {
                return new Result(outcome, null, true, 0);
            }
            result = checked(run, target, outcome);
            if (result.ours()) {
                return result;
            }
        }
        return result;
    }

    private static Result checked(RunContext run, PublishStep.Target target, RegistryCall.Outcome outcome)
            throws Exception {
        String output = outcome.result().stdout();
        String digest = TransferOutput.pushedDigest(output);
        List<Command> questions = new ArrayList<>();
        questions.add(run.docker().digestsAndLayers(target.sourceTag()));
        // docker push does not print sizes; the pushed manifest does. Only asked for when layers were uploaded.
        boolean uploaded = !TransferOutput.pushedLayers(output).isEmpty();
        if (uploaded) {
            questions.add(run.docker().manifestInspect(target.ref()));
        }
        List<CommandResult> answers = Parallel.map(questions, questions.size(), command -> () -> run.docker().run(command));
        CommandResult image = answers.get(0);
        String[] facts = image.succeeded() ? image.stdout().strip().split("\\|", 2) : new String[0];
        boolean ours = digest == null || isOurs(facts, target, digest);
        Long bytes = uploaded && facts.length == 2 && answers.get(1).succeeded()
                ? TransferOutput.pushedBytes(output, facts[1], answers.get(1).stdout()) : null;
        return new Result(outcome, digest, ours, bytes == null ? 0 : bytes);
    }

    private static boolean isOurs(String[] facts, PublishStep.Target target, String digest) {
        if (facts.length != 2 || !facts[0].startsWith("[")) {
            // docker could not tell: trust its push rather than push again
            return true;
        }
        return facts[0].contains("\"" + ImageReference.repositoryOf(target.ref()) + "@" + digest + "\"");
    }
}
