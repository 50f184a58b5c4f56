package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock {@link AgentFiles#lock} promises, for its implementations (the command line's local
 * files, the plugin's agent-side callable). It is an {@code fcntl} lock: the kernel releases it when its
 * process dies, so a {@code kill -9} never leaves the directory locked.
 */
public final class FileLocks {
    private static final long POLL_MILLIS = 200;

    private FileLocks() {
    }

    /**
     * Takes the lock on {@code lockFile} (created if missing), waiting up to {@code timeoutMillis}.
     *
     * @return the open channel that holds the lock (closing it releases the lock), or {@code null} if another
     *     holder kept it that long
     */
    public static FileChannel acquire(Path lockFile, long timeoutMillis) throws IOException, InterruptedException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            while (tryLock(channel) == null) {
                if (System.currentTimeMillis() >= deadline) {
                    channel.close();
                    return null;
                }
                Thread.sleep(POLL_MILLIS);
            }
            return channel;
        } catch (IOException | InterruptedException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            return null;
        }
    }
}
