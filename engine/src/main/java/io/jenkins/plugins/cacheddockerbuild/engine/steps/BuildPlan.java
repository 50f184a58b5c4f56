package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.backend.StageBuildSpec;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.Collection;
import java.util.List;

/**
 * The validated plan of one build.
 *
 * @param context canonical build context directory
 * @param dockerfilePath canonical Dockerfile path
 * @param dockerfile the parsed Dockerfile
 * @param requiredStages every stage the target needs, in Dockerfile order, target last
 * @param targetStages the stages built with their own {@code --target} invocation (named intermediate
 *     stages and the target); unnamed intermediate stages are built inside the next one
 * @param cachePlan cache refs per target stage and the final refs
 */
record BuildPlan(String context, String dockerfilePath, Dockerfile dockerfile, List<Stage> requiredStages,
        List<Stage> targetStages, CachePlan cachePlan) {

    BuildPlan {
        requiredStages = List.copyOf(requiredStages);
        targetStages = List.copyOf(targetStages);
    }

    Stage finalStage() {
        return targetStages.get(targetStages.size() - 1);
    }

    /** Whether the target is the Dockerfile's last stage and unnamed, so it needs no {@code --target}. */
    boolean finalIsImplicitTarget() {
        Stage last = dockerfile.stages().get(dockerfile.stages().size() - 1);
        return finalStage().index() == last.index() && finalStage().name() == null;
    }

    /**
     * The same plan with only the target built and cached under its own tags: for a builder whose per-step
     * registry cache serves the intermediate stages inside the target's build.
     */
    BuildPlan targetOnly() {
        CachePlan target = new CachePlan(cachePlan.branchTag(), List.of(cachePlan.finalStage()), cachePlan.finalRefs(),
                cachePlan.explicitCacheFrom());
        return new BuildPlan(context, dockerfilePath, dockerfile, requiredStages, List.of(finalStage()), target);
    }

    /** The builder's view of one build of {@code stage}. */
    StageBuildSpec spec(Stage stage, String tag, Collection<String> cacheFrom) {
        boolean isFinal = stage.index() == finalStage().index();
        String target = isFinal && finalIsImplicitTarget() ? null : stage.name();
        return new StageBuildSpec(context, dockerfilePath, dockerfile, stage, target, isFinal, tag,
                List.copyOf(cacheFrom));
    }
}
