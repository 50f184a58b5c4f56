package io.jenkins.plugins.cacheddockerbuild.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Classes stay short: no main source file of the engine or the command line exceeds 400 lines. */
class SourceFileLengthTest {
    private static final int MAX_LINES = 400;

    @Test
    void noMainSourceFileExceeds400Lines() throws IOException {
        Path engine = Path.of("src/main/java");
        Path cli = Path.of("../cli/src/main/java");
        assertThat(engine).isDirectory();
        assertThat(cli).isDirectory();

        List<String> tooLong = Stream.concat(sources(engine), sources(cli))
                .filter(file -> lines(file) > MAX_LINES)
                .map(file -> file.normalize() + " (" + lines(file) + " lines)")
                .toList();

        assertThat(tooLong).as("main source files longer than %d lines", MAX_LINES).isEmpty();
    }

    private static Stream<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> java = files.filter(file -> file.toString().endsWith(".java")).toList();
            assertThat(java).isNotEmpty();
            return java.stream();
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
