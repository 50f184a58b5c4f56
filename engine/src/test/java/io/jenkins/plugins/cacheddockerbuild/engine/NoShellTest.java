package io.jenkins.plugins.cacheddockerbuild.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No shell anywhere: every docker call is an argument list handed to the kernel, so no branch name, tag or
 * build arg is ever interpreted by a shell. Checked on the main sources of the engine, the command line and
 * the plugin.
 */
class NoShellTest {
    private static final Pattern SHELL = Pattern.compile(
            "\"(/bin/)?(ba|z|da)?sh\"|\"-c\"|/bin/sh|cmd\\.exe|Runtime\\.getRuntime\\(\\)\\.exec|\\.exec\\(\\s*\"");

    @Test
    void noMainSourceStartsAShell() throws IOException {
        List<Path> roots = Stream.of("../engine/src/main/java", "../cli/src/main/java", "../plugin/src/main/java")
                .map(Path::of).filter(Files::isDirectory).toList();
        assertThat(roots).as("source roots found").hasSizeGreaterThanOrEqualTo(2);

        List<String> shells = roots.stream().flatMap(NoShellTest::javaFiles)
                .filter(file -> SHELL.matcher(read(file)).find()).map(Path::toString).toList();

        assertThat(shells).as("main sources that start a shell").isEmpty();
    }

    private static Stream<Path> javaFiles(Path root) {
        try {
            return Files.walk(root).filter(file -> file.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
