package io.jenkins.plugins.cacheddockerbuild.engine.cachedir;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.TagSanitizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A shared directory of {@code docker save} archives, one per cache repository and branch:
 * {@code DIR/<repo>-<hash>--<branch>.tar}. Archives are written to a temporary file and renamed into place
 * under a lock, so a reader never sees half an archive and a crash (even {@code kill -9}) leaves the
 * previous archive intact. Beyond the size cap the least recently used archives are evicted.
 */
public final class CacheDirectory {
    static final String SUFFIX = ".tar";
    static final String PARTIAL_PREFIX = ".save-";
    static final String PARTIAL_SUFFIX = ".tar.part";
    static final String DOCKER_TEMP_PREFIX = ".docker_temp_";
    private static final long LOCK_TIMEOUT_MILLIS = 10 * 60 * 1000L;
    private static final long STALE_PARTIAL_MILLIS = 60 * 60 * 1000L;
    private final AgentFiles files;
    private final String dir;
    private final long maxBytes;
    private final long lockTimeoutMillis;

    public CacheDirectory(AgentFiles files, String dir, long maxBytes) {
        this(files, dir, maxBytes, LOCK_TIMEOUT_MILLIS);
    }

    CacheDirectory(AgentFiles files, String dir, long maxBytes, long lockTimeoutMillis) {
        this.files = files;
        this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        this.maxBytes = maxBytes;
        this.lockTimeoutMillis = lockTimeoutMillis;
    }

    /** The archive for a cache repository and an already sanitised branch tag. */
    public String archive(String cacheRepo, String branchTag) {
        String slug = cacheRepo.replaceAll("[^A-Za-z0-9_.-]+", "-");
        if (slug.length() > 60) {
            slug = slug.substring(slug.length() - 60);
        }
        return dir + "/" + slug + "-" + TagSanitizer.shortHash(cacheRepo) + "--" + branchTag + SUFFIX;
    }

    /** A fresh temporary file to save into; moved into place by {@link #publish}. */
    public String partialFile(String runId) throws IOException, InterruptedException {
        files.createDirectories(dir);
        return dir + "/" + PARTIAL_PREFIX + runId + PARTIAL_SUFFIX;
    }

    public boolean exists(String archive) throws IOException, InterruptedException {
        return files.exists(archive);
    }

    /** Marks an archive as just used, so eviction keeps it longest. */
    public void touch(String archive) throws IOException, InterruptedException {
        files.touch(archive);
    }

    /**
     * Moves a finished temporary file into place, evicts beyond the cap and removes stale temporary files
     * of crashed writers, all under the directory's lock.
     *
     * @return the archives evicted
     * @throws IOException when the lock could not be had in time
     */
    public List<String> publish(String partial, String archive) throws IOException, InterruptedException {
        try (AgentFiles.FileLockHandle lock = files.lock(dir + "/.lock", lockTimeoutMillis)) {
            if (lock == null) {
                throw new IOException("cache directory " + dir + " stayed locked by another build for "
                        + lockTimeoutMillis / 1000 + " s");
            }
            files.moveAtomically(partial, archive);
            removeStalePartials();
            return evict(archive);
        }
    }

    /** Deletes a temporary file of this run (after a failed save). */
    public void discard(String partial) throws IOException, InterruptedException {
        files.deleteIfExists(partial);
    }

    private void removeStalePartials() throws IOException, InterruptedException {
        long now = System.currentTimeMillis();
        for (AgentFiles.Entry entry : files.list(dir, "")) {
            if (isPartial(fileName(entry.path())) && now - entry.lastModifiedMillis() > STALE_PARTIAL_MILLIS) {
                files.deleteIfExists(entry.path());
            }
        }
    }

    // "docker save --output F" writes a temporary file beside F and renames it to F at the end (docker 20
    // calls it .docker_temp_*, docker 28 .tmp-F*). A writer killed mid-save leaves that file, as big as the
    // images, and nothing else would ever remove it.
    static boolean isPartial(String name) {
        return name.contains(PARTIAL_PREFIX) && name.contains(PARTIAL_SUFFIX) || name.startsWith(DOCKER_TEMP_PREFIX);
    }

    private List<String> evict(String keep) throws IOException, InterruptedException {
        List<AgentFiles.Entry> archives = new ArrayList<>(files.list(dir, SUFFIX));
        archives.sort(Comparator.comparingLong(AgentFiles.Entry::lastModifiedMillis));
        long total = archives.stream().mapToLong(AgentFiles.Entry::size).sum();
        List<String> evicted = new ArrayList<>();
        for (AgentFiles.Entry entry : archives) {
            if (total <= maxBytes) {
                break;
            }
            // By name: the listing may spell the directory differently (normalised slashes, another root).
            if (!fileName(entry.path()).equals(fileName(keep))) {
                files.deleteIfExists(entry.path());
                total -= entry.size();
                evicted.add(entry.path());
            }
        }
        return evicted;
    }

    private static String fileName(String path) {
        return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    }
}
