package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A stage while the parser still collects its instructions; dependencies are resolved once all are known. */
final class StageDraft {
    final int index;
    final int fromLine;
    final String name;
    final String baseImage;
    final String platform;
    final List<Instruction> instructions = new ArrayList<>();

    StageDraft(int index, int fromLine, String name, String baseImage, String platform) {
        this.index = index;
        this.fromLine = fromLine;
        this.name = name;
        this.baseImage = baseImage;
        this.platform = platform;
    }

    String id() {
        return Stage.idOf(index, name);
    }

    Stage toStage(Set<String> dependencies) {
        return new Stage(index, name, baseImage, platform, instructions, dependencies);
    }
}
