package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import java.io.IOException;
import java.util.List;

/** Gives the built images their real names (cache tags per stage, final tags); returns the targets it tagged. */
final class TagStep implements Step<List<PublishTarget>> {
    private final Tagging tagging;
    private final List<PublishTarget> targets;

    TagStep(Tagging tagging, List<PublishTarget> targets) {
        this.tagging = tagging;
        this.targets = List.copyOf(targets);
    }

    @Override
    public List<PublishTarget> call() throws CachedBuildException, IOException, InterruptedException {
        return tagging.tag(targets);
    }
}
