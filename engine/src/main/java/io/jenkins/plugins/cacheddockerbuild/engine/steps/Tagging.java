package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import java.io.IOException;
import java.util.List;

/** Gives built images their real names, all at once. Shared by {@link TagStep} and the push's retagging. */
final class Tagging {
    private final BuilderBackend builder;
    private final Parallel parallel;
    private final int parallelism;

    Tagging(BuilderBackend builder, Parallel parallel, int parallelism) {
        this.builder = builder;
        this.parallel = parallel;
        this.parallelism = Math.max(1, parallelism);
    }

    /** Tags every target that has an image of this build (a stage kept as it is has none). */
    List<PublishTarget> tag(List<PublishTarget> targets) throws CachedBuildException, IOException,
            InterruptedException {
        List<PublishTarget> built = targets.stream().filter(target -> target.sourceTag() != null).toList();
        List<CommandResult> results = parallel.map(built, parallelism,
                target -> () -> builder.tag(target.sourceTag(), target.ref()));
        for (int i = 0; i < built.size(); i++) {
            if (!results.get(i).succeeded()) {
                throw new DockerUnavailableException("could not tag " + built.get(i).ref() + ": "
                        + results.get(i).reason());
            }
        }
        return built;
    }
}
