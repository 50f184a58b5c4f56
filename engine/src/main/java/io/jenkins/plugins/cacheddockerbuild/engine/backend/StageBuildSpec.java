package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.List;

/**
 * One build to run: which stage, under which temporary name, with which cache sources. The run-wide
 * options (build args, labels, platform, network, secrets) are the backend's own, from the request it was
 * made for.
 *
 * @param context canonical build context directory on the agent
 * @param dockerfilePath canonical Dockerfile path
 * @param dockerfile the parsed Dockerfile (names the stages for the output parser)
 * @param stage the stage to build; the build goes through every stage it needs
 * @param target the name to pass as the build's target, or {@code null} when the stage is the Dockerfile's
 *     last and unnamed (no target is needed, and an unnamed stage could not be named)
 * @param finalStage whether this is the requested target (it gets the image labels)
 * @param tag the temporary name the image gets, unique to this run
 * @param cacheFrom cache sources that exist, in order of preference
 */
public record StageBuildSpec(String context, String dockerfilePath, Dockerfile dockerfile, Stage stage,
        String target, boolean finalStage, String tag, List<String> cacheFrom) {

    public StageBuildSpec {
        cacheFrom = List.copyOf(cacheFrom);
    }

    /** The same build with other cache sources. */
    public StageBuildSpec withCacheFrom(List<String> sources) {
        return new StageBuildSpec(context, dockerfilePath, dockerfile, stage, target, finalStage, tag, sources);
    }
}
