package io.jenkins.plugins.cacheddockerbuild.engine.credentials;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import java.io.IOException;

/**
 * A temporary docker config holds credentials, so one left behind by a run killed with {@code kill -9}
 * (or an agent lost mid-build) must not stay until someone notices. Each config directory has a lock file
 * beside it, {@code <directory>.lock}, that its run holds while it lives: an {@code fcntl} lock, which the
 * kernel releases when the process dies. A run that creates its config removes every other config directory
 * whose lock it can take, since no live run is using it.
 */
final class AbandonedConfigs {
    static final String PREFIX = "cached-docker-build-config-";
    static final String LOCK_SUFFIX = ".lock";
    // A run locks its file right after creating it; a younger file may belong to a run about to lock it.
    static final long MIN_AGE_MILLIS = 60_000;

    private AbandonedConfigs() {
    }

    /**
     * Removes the abandoned config directories in {@code root} other than {@code own}.
     *
     * @return how many were removed
     */
    static int remove(AgentFiles files, String root, String own, long nowMillis)
            throws IOException, InterruptedException {
        int removed = 0;
        for (AgentFiles.Entry entry : files.list(root, LOCK_SUFFIX)) {
            String lockFile = entry.path();
            String name = lockFile.substring(lockFile.lastIndexOf('/') + 1);
            if (!name.startsWith(PREFIX) || lockFile.equals(own + LOCK_SUFFIX)
                    || nowMillis - entry.lastModifiedMillis() < MIN_AGE_MILLIS) {
                continue;
            }
            AgentFiles.FileLockHandle lock = files.lock(lockFile, 0);
            if (lock == null) {
                continue;  // its run is alive
            }
            try (lock) {
                files.deleteRecursively(lockFile.substring(0, lockFile.length() - LOCK_SUFFIX.length()));
                files.deleteIfExists(lockFile);
                removed++;
            }
        }
        return removed;
    }
}
