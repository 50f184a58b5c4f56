package io.jenkins.plugins.cacheddockerbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hidden run the launcher builds its class-data archive from. */
class ClassDataTrainingTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void simulatedBuildsSucceedSilently() {
        int exit = Main.run(new String[] {"train-class-data"}, Map.of(), print(out), print(err));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws Exception {
        List<Path> before = trainingDirectories();

        assertThat(Main.run(new String[] {"train-class-data"}, Map.of(), print(out), print(err))).isZero();

        assertThat(trainingDirectories()).isSubsetOf(before);
    }

    @Test
    void isNotOfferedInTheUsage() {
        Main.run(new String[] {"--help"}, Map.of(), print(out), print(err));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("build").doesNotContain("train-class-data");
    }

    private static List<Path> trainingDirectories() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(path -> path.getFileName().toString().startsWith("cached-docker-build-training-"))
                    .toList();
        }
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
