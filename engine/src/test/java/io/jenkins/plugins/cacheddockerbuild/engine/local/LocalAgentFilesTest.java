package io.jenkins.plugins.cacheddockerbuild.engine.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class LocalAgentFilesTest {
    @TempDir
    Path dir;
    private final LocalAgentFiles files = new LocalAgentFiles();

    @Test
    void aLockIsExclusiveUntilReleased() throws Exception {
        String lockFile = dir.resolve(".lock").toString();

        try (AgentFiles.FileLockHandle first = files.lock(lockFile, 1000)) {
            assertThat(first).isNotNull();
            long start = System.nanoTime();
            AgentFiles.FileLockHandle second = CompletableFuture.supplyAsync(() -> lockQuietly(lockFile, 500))
                    .get(10, TimeUnit.SECONDS);
            assertThat(second).isNull();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(450);
        }

        try (AgentFiles.FileLockHandle again = files.lock(lockFile, 1000)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aWaitingLockIsGrantedWhenTheHolderReleases() throws Exception {
        String lockFile = dir.resolve(".lock").toString();
        AgentFiles.FileLockHandle first = files.lock(lockFile, 1000);
        CompletableFuture<AgentFiles.FileLockHandle> waiting = CompletableFuture.supplyAsync(
                () -> lockQuietly(lockFile, 10_000));
        Thread.sleep(400);
        assertThat(waiting).isNotDone();

        first.close();

        try (AgentFiles.FileLockHandle second = waiting.get(5, TimeUnit.SECONDS)) {
            assertThat(second).isNotNull();
        }
    }

    @Test
    void temporaryDirectoriesAreFreshAndOnlyForTheirOwner() throws Exception {
        String one = files.temporaryDirectory("cdb-test-");
        String two = files.temporaryDirectory("cdb-test-");
        try {
            assertThat(one).isNotEqualTo(two);
            assertThat(Path.of(one).getFileName().toString()).startsWith("cdb-test-");
            assertThat(Files.getPosixFilePermissions(Path.of(one))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        } finally {
            files.deleteRecursively(one);
            files.deleteRecursively(two);
        }
        assertThat(Path.of(one)).doesNotExist();
    }

    @Test
    void listsRegularFilesWithTheSuffixOnly() throws Exception {
        Files.writeString(dir.resolve("a.tar"), "12345");
        Files.writeString(dir.resolve(".save-1.tar.part"), "1");
        Files.createDirectories(dir.resolve("sub.tar"));

        assertThat(files.list(dir.toString(), ".tar")).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.path()).isEqualTo(dir.resolve("a.tar").toString());
                    assertThat(entry.size()).isEqualTo(5);
                });
        assertThat(files.list(dir.resolve("missing").toString(), ".tar")).isEmpty();
    }

    @Test
    void movesAtomicallyOverAnExistingFile() throws Exception {
        Files.writeString(dir.resolve("target"), "old");
        Files.writeString(dir.resolve("source"), "new");

        files.moveAtomically(dir.resolve("source").toString(), dir.resolve("target").toString());

        assertThat(dir.resolve("target")).hasContent("new");
        assertThat(dir.resolve("source")).doesNotExist();
    }

    @Test
    void deletesATreeAndToleratesOneThatIsGone() throws Exception {
        Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(dir.resolve("tree/a/b/file"), "x");

        files.deleteRecursively(dir.resolve("tree").toString());
        files.deleteRecursively(dir.resolve("tree").toString());

        assertThat(dir.resolve("tree")).doesNotExist();
    }

    @Test
    void canonicalResolvesSymbolicLinks() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        assertThat(files.canonical(link.toString())).isEqualTo(real.toRealPath().toString());
    }

    private AgentFiles.FileLockHandle lockQuietly(String lockFile, long timeoutMillis) {
        try {
            return files.lock(lockFile, timeoutMillis);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
