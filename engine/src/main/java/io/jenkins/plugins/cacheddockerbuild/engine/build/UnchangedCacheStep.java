package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the cache tags that need no push. A stage served entirely from its own cache tag comes out as the
 * very image that tag names (the same image id, which is the config digest of the manifest the resolve step
 * read), with either builder; pushing it again would upload nothing and only cost round trips to the
 * registry. A stage {@link FinalFirstStep} kept as it is was not built at all. Final tags are always pushed:
 * they are what the user asked for.
 */
final class UnchangedCacheStep {
    private UnchangedCacheStep() {
    }

    /** The refs among {@code targets} that need no push. */
    static Set<String> unchanged(RunContext run, List<PublishStep.Target> targets, CacheSources sources)
            throws Exception {
        List<PublishStep.Target> candidates = new ArrayList<>();
        List<String> configDigests = new ArrayList<>();
        Set<String> unchanged = new LinkedHashSet<>();
        for (PublishStep.Target target : targets) {
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
        List<String> ids = Parallel.map(candidates, run.request().parallelism(), target -> () -> run.builder().imageId(target.sourceTag()));
        for (int i = 0; i < candidates.size(); i++) {
            if (configDigests.get(i).equals(ids.get(i))) {
                unchanged.add(candidates.get(i).ref());
                run.events().info(Phase.PUSH, "not pushing " + candidates.get(i).ref()
                        + ": the registry already holds it as built (stage served entirely from it)");
            }
        }
        return unchanged;
    }

}
