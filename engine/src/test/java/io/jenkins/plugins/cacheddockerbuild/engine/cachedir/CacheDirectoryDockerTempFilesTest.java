package io.jenkins.plugins.cacheddockerbuild.engine.cachedir;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.local.LocalAgentFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code docker save --output F} writes a temporary file beside F (docker 20: {@code .docker_temp_*},
 * docker 28: {@code .tmp-F<random>}) and renames it at the end; a writer killed mid-save leaves it behind.
 */
class CacheDirectoryDockerTempFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {".docker_temp_368789878", ".tmp-.save-0cfeba24-5db.tar.part1999144371", ".save-run.tar.part"})
    void recognisesWhatAKilledSaveLeaves(String name) {
        assertThat(CacheDirectory.isPartial(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry-5000-app-1a2b3c4d--main.tar", ".lock", "notes.txt", ".tmp-unrelated"})
    void leavesEverythingElseAlone(String name) {
        assertThat(CacheDirectory.isPartial(name)).isFalse();
    }

    @Test
    void publishingRemovesStaleTemporaryFilesOfDockerSave() throws Exception {
        CacheDirectory cache = new CacheDirectory(new LocalAgentFiles(), dir.toString(), Long.MAX_VALUE);
        Path stale = aged(dir.resolve(".docker_temp_1"), Duration.ofHours(2));
        Path staleNewDocker = aged(dir.resolve(".tmp-.save-old.tar.part42"), Duration.ofHours(2));
        Path running = aged(dir.resolve(".docker_temp_2"), Duration.ofMinutes(5));
        String partial = cache.partialFile("run");
        Files.writeString(Path.of(partial), "archive");

        cache.publish(partial, cache.archive("registry:5000/app", "main"));

        assertThat(stale).doesNotExist();
        assertThat(staleNewDocker).doesNotExist();
        assertThat(running).as("another build may still be saving").exists();
    }

    private static Path aged(Path file, Duration age) throws Exception {
        Files.writeString(file, "half an archive");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - age.toMillis()));
        return file;
    }
}
