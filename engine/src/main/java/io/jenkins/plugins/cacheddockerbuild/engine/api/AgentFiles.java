package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.io.IOException;
import java.util.List;

/**
 * The files on the machine where docker runs (the agent), addressed by absolute path strings. The
 * command line uses the local file system; the Jenkins plugin goes through {@code FilePath}.
 */
public interface AgentFiles {

    /** A file in a directory listing. */
    record Entry(String path, long size, long lastModifiedMillis) {
    }

    boolean exists(String path) throws IOException, InterruptedException;

    boolean isDirectory(String path) throws IOException, InterruptedException;

    /** The canonical absolute form of {@code path} (symbolic links resolved). */
    String canonical(String path) throws IOException, InterruptedException;

    String readText(String path) throws IOException, InterruptedException;

    void writeText(String path, String text) throws IOException, InterruptedException;

    void createDirectories(String path) throws IOException, InterruptedException;

    /** Regular files directly inside {@code dir} whose names end with {@code suffix}. */
    List<Entry> list(String dir, String suffix) throws IOException, InterruptedException;

    /** Atomically replaces {@code target} with {@code source} (same directory). */
    void moveAtomically(String source, String target) throws IOException, InterruptedException;

    void deleteIfExists(String path) throws IOException, InterruptedException;

    /** Sets a file's modification time, used to mark a cache archive as recently used. */
    void touch(String path) throws IOException, InterruptedException;

    /**
     * Takes an exclusive lock on {@code lockFile}, waiting at most {@code timeoutMillis}. The lock must be
     * released if the process holding it dies.
     *
     * @return the held lock, or {@code null} if it could not be had in time
     */
    FileLockHandle lock(String lockFile, long timeoutMillis) throws IOException, InterruptedException;

    /** A held lock. */
    interface FileLockHandle extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /**
     * Creates a fresh temporary directory on the agent that only the current user can enter: it will hold
     * registry credentials.
     *
     * @return its absolute path
     */
    String temporaryDirectory(String prefix) throws IOException, InterruptedException;

    /** The home directory of the user docker runs as (where {@code .docker/config.json} lives). */
    String userHome() throws IOException, InterruptedException;

    /** Deletes a directory and everything below it. */
    void deleteRecursively(String dir) throws IOException, InterruptedException;
}
