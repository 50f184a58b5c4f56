package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the build steps made: a report per stage (in Dockerfile order) and the temporary tag of every target
 * stage that has an image of this build. A stage whose cache tag is kept as it is has none.
 */
record StageImages(List<StageReport> stages, Map<String, String> imageTags) {

    StageImages {
        stages = List.copyOf(stages);
        imageTags = Collections.unmodifiableMap(new LinkedHashMap<>(imageTags));
    }
}
