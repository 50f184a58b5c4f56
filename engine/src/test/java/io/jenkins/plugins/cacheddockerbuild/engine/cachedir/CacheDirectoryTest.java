package io.jenkins.plugins.cacheddockerbuild.engine.cachedir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.TagSanitizer;
import io.jenkins.plugins.cacheddockerbuild.engine.local.LocalAgentFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared cache directory on the local file system. */
class CacheDirectoryTest {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final String REPO = "registry:5000/team/app";

    @TempDir
    Path root;
    private Path dir;
    private final LocalAgentFiles files = new LocalAgentFiles();

    @BeforeEach
    void createDirectory() throws Exception {
        dir = Files.createDirectories(root.resolve("cache"));
    }

    @Test
    void namesArchivesByRepositoryHashAndBranchTag() {
        CacheDirectory cache = new CacheDirectory(files, dir + "/", 1000);

        assertThat(cache.archive(REPO, "feature-login")).isEqualTo(
                dir + "/registry-5000-team-app-" + TagSanitizer.shortHash(REPO) + "--feature-login.tar");
    }

    @Test
    void keepsTheTailOfLongRepositoryNamesAndTellsLookAlikesApart() {
        CacheDirectory cache = new CacheDirectory(files, dir.toString(), 1000);
        String longRepo = "registry:5000/" + "team/".repeat(20) + "app";

        String archive = cache.archive(longRepo, "main");
        String name = archive.substring(archive.lastIndexOf('/') + 1);

        assertThat(name).endsWith("team-team-app-" + TagSanitizer.shortHash(longRepo) + "--main.tar")
                .hasSize(60 + 1 + 8 + "--main.tar".length());
        assertThat(cache.archive("r:5000/a.b/c", "main")).isNotEqualTo(cache.archive("r:5000/a.b-c", "main"));
    }

    @Test
    void partialFilesAreHiddenInTheDirectoryWhichIsCreatedOnDemand() throws Exception {
        CacheDirectory cache = new CacheDirectory(files, root.resolve("new/cache").toString(), 1000);

        String partial = cache.partialFile("run42");

        assertThat(partial).isEqualTo(root.resolve("new/cache") + "/.save-run42.tar.part");
        assertThat(root.resolve("new/cache")).isDirectory();
    }

    @Test
    void publishReplacesTheArchiveAtomicallyAndLeavesNoPartialBehind() throws Exception {
        CacheDirectory cache = new CacheDirectory(files, dir.toString(), 1000);
        String archive = cache.archive(REPO, "main");
        Files.writeString(Path.of(archive), "old");
        String partial = cache.partialFile("run1");
        Files.writeString(Path.of(partial), "new");

        List<String> evicted = cache.publish(partial, archive);

        assertThat(evicted).isEmpty();
        assertThat(Path.of(archive)).hasContent("new");
        assertThat(Path.of(partial)).doesNotExist();
        assertThat(cache.exists(archive)).isTrue();
    }

    @Test
    void evictsTheLeastRecentlyUsedArchivesBeyondTheCap() throws Exception {
        CacheDirectory cache = new CacheDirectory(files, dir.toString(), 250);
        long now = System.currentTimeMillis();
        String a = archive(cache, "a", 100, now - 3 * HOUR);
        String b = archive(cache, "b", 100, now - 2 * HOUR);
        String c = archive(cache, "c", 100, now - HOUR);
        String partial = partial(cache, "run1", 100, now);
        String fresh = cache.archive(REPO, "fresh");

        List<String> evicted = cache.publish(partial, fresh);

        assertThat(evicted).containsExactly(a, b);
        assertThat(Path.of(a)).doesNotExist();
        assertThat(Path.of(b)).doesNotExist();
        assertThat(Path.of(c)).exists();
        assertThat(Path.of(fresh)).exists();
    }

    @Test
    void touchingAnArchiveSavesItFromEviction() throws Exception {
        CacheDirectory cache = new CacheDirectory(files, dir.toString(), 250);
        long now = System.currentTimeMillis();
        String a = archive(cache, "a", 100, now - 3 * HOUR);
        String b = archive(cache, "b", 100, now - 2 * HOUR);
        cache.touch(a);

        List<String> evicted = cache.publish(partial(cache, "run1", 100, now - HOUR), cache.archive(REPO, "c"));

        assertThat(evicted).containsExactly(b);
        assertThat(Path.of(a)).exists();
    }

    @Test
    void neverEvictsTheArchiveJustWrittenEvenWhenItIsOldestAndAloneOverTheCap() throws Exception {
        CacheDirectory cache = new CacheDirectory(files, dir.toString(), 50);
        long now = System.currentTimeMillis();
        String other = archive(cache, "other", 100, now - HOUR);
        String fresh = cache.archive(REPO, "fresh");

        List<String> evicted = cache.publish(partial(cache, "run1", 100, now - 10 * HOUR), fresh);

        assertThat(evicted).containsExactly(other);
        assertThat(Path.of(fresh)).hasContent("x".repeat(100));
    }

    @Test
    void neverEvictsTheArchiveJustWrittenWhateverTheDirectorysSpelling() throws Exception {
        CacheDirectory cache = new CacheDirectory(files, root + "//cache", 50);
        String fresh = cache.archive(REPO, "fresh");

        cache.publish(partial(cache, "run1", 100, System.currentTimeMillis() - HOUR), fresh);

        assertThat(Path.of(fresh)).exists();
    }

    @Test
    void removesStalePartialFilesOfCrashedWritersButNotFreshOnes() throws Exception {
        CacheDirectory cache = new CacheDirectory(files, dir.toString(), 1000);
        long now = System.currentTimeMillis();
        String stale = partial(cache, "crashed", 10, now - 2 * HOUR);
        String inProgress = partial(cache, "running", 10, now - 5 * 60_000);

        cache.publish(partial(cache, "run1", 10, now), cache.archive(REPO, "main"));

        assertThat(Path.of(stale)).doesNotExist();
        assertThat(Path.of(inProgress)).exists();
    }

    @Test
    void publishWaitsForALockHeldByAnotherBuild() throws Exception {
        CacheDirectory cache = new CacheDirectory(files, dir.toString(), 1000);
        String partial = partial(cache, "run1", 10, System.currentTimeMillis());
        String archive = cache.archive(REPO, "main");
        AgentFiles.FileLockHandle held = files.lock(dir + "/.lock", 1000);
        CompletableFuture<List<String>> publish;
        try {
            publish = CompletableFuture.supplyAsync(() -> {
                try {
                    return cache.publish(partial, archive);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(600);
            assertThat(publish).isNotDone();
            assertThat(Path.of(archive)).doesNotExist();
        } finally {
            held.close();
        }

        assertThat(publish.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(Path.of(archive)).exists();
    }

    @Test
    void givesUpWhenTheLockStaysTaken() throws Exception {
        CacheDirectory cache = new CacheDirectory(files, dir.toString(), 1000, 300);
        String partial = partial(cache, "run1", 10, System.currentTimeMillis());

        try (AgentFiles.FileLockHandle held = files.lock(dir + "/.lock", 1000)) {
            assertThat(held).isNotNull();
            assertThatThrownBy(() -> cache.publish(partial, cache.archive(REPO, "main")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("stayed locked by another build");
        }
        assertThat(Path.of(partial)).exists();
    }

    @Test
    void discardRemovesThePartialFile() throws Exception {
        CacheDirectory cache = new CacheDirectory(files, dir.toString(), 1000);
        String partial = partial(cache, "run1", 10, System.currentTimeMillis());

        cache.discard(partial);
        cache.discard(partial);

        assertThat(Path.of(partial)).doesNotExist();
    }

    private String archive(CacheDirectory cache, String branch, int size, long mtime) throws IOException {
        return write(cache.archive(REPO, branch), size, mtime);
    }

    private String partial(CacheDirectory cache, String runId, int size, long mtime) throws Exception {
        return write(cache.partialFile(runId), size, mtime);
    }

    private static String write(String path, int size, long mtime) throws IOException {
        Files.writeString(Path.of(path), "x".repeat(size));
        Files.setLastModifiedTime(Path.of(path), FileTime.fromMillis(mtime));
        return path;
    }
}
