package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import java.util.List;

/**
 * Pushes one ref and makes sure the registry got this build's image. A ref such as {@code app:main} is a
 * name shared by every build on the daemon: between our {@code docker tag} and our {@code docker push},
 * a concurrent build of the same branch may point it at its own image, and docker would push that one.
 * After the push the daemon records {@code repo@digest} on the image it pushed; if that is not our image,
 * the ref is tagged again and pushed again, so the report never claims another build's digest.
 */
final class OwnImagePush {
    private static final int ATTEMPTS = 3;

    /** How the push ended: the registry call's outcome, and whether the digest is this build's image. */
    record Result(RegistryCall.Outcome outcome, String digest, boolean ours) {
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
            String digest = outcome.succeeded() ? TransferOutput.pushedDigest(outcome.result().stdout()) : null;
            result = new Result(outcome, digest, digest == null || isOurs(run, target, digest));
            if (!outcome.succeeded() || result.ours()) {
                return result;
            }
        }
        return result;
    }

    private static boolean isOurs(RunContext run, PublishStep.Target target, String digest) throws Exception {
        CommandResult repoDigests = run.docker().run(run.docker().repoDigests(target.sourceTag()));
        String json = repoDigests.stdout().strip();
        if (!repoDigests.succeeded() || !json.startsWith("[")) {
            // docker could not tell: trust its push rather than push again
            return true;
        }
        return json.contains("\"" + ImageReference.repositoryOf(target.ref()) + "@" + digest + "\"");
    }
}
