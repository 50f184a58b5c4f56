package io.jenkins.plugins.cacheddockerbuild;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.cacheddockerbuild.engine.api.FileLocks;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import jenkins.MasterToSlaveFileCallable;

/** The file operations {@code FilePath} has no method for, run on the agent. */
final class AgentFileCallables {
    private AgentFileCallables() {
    }

    /** Symbolic links resolved, so "inside the build context" can be checked. */
    static final class Canonical extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String invoke(File f, VirtualChannel channel) throws IOException {
            return f.toPath().toRealPath().toString();
        }
    }

    /** Renames atomically, replacing the target: readers never see half an archive. */
    static final class AtomicMove extends MasterToSlaveFileCallable<Void> {
        private static final long serialVersionUID = 1L;
        private final String target;

        AtomicMove(String target) {
            this.target = target;
        }

        @Override
        public Void invoke(File f, VirtualChannel channel) throws IOException {
            Files.move(f.toPath(), new File(target).toPath(), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return null;
        }
    }

    /**
     * Creates a fresh directory inside the one it is invoked on, that only the agent's user can enter (the JDK
     * creates temporary directories {@code rwx------} on POSIX file systems): it will hold registry credentials.
     */
    static final class TemporaryDirectory extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;
        private final String prefix;

        TemporaryDirectory(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public String invoke(File f, VirtualChannel channel) throws IOException {
            Files.createDirectories(f.toPath());
            return Files.createTempDirectory(f.toPath(), prefix).toString();
        }
    }

    /** The agent user's home directory. */
    static final class UserHome extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String invoke(File f, VirtualChannel channel) {
            return System.getProperty("user.home");
        }
    }

    /**
     * Takes an {@code fcntl} lock in the agent's JVM and keeps it there under a token until {@link Unlock}.
     * The controller chooses the token before the call, so it can always send the {@link Unlock}, even when its
     * wait for this call was interrupted while the agent went on and took the lock. An {@link Unlock} that arrives
     * first leaves the token released, and a lock taken afterwards is let go at once. If the agent dies, the
     * kernel releases the lock; if the channel to the controller closes, the agent releases it.
     */
    static final class Lock extends MasterToSlaveFileCallable<Boolean> {
        private static final long serialVersionUID = 1L;
        private final String token;
        private final long timeoutMillis;

        Lock(String token, long timeoutMillis) {
            this.token = token;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public Boolean invoke(File f, VirtualChannel channel) throws IOException, InterruptedException {
            FileChannel held = FileLocks.acquire(f.toPath(), timeoutMillis);
            return held != null && AgentLocks.keep(token, held, channel);
        }
    }

    /** Releases a lock taken by {@link Lock}, or makes sure one still being taken under that token is let go. */
    static final class Unlock extends MasterToSlaveFileCallable<Void> {
        private static final long serialVersionUID = 1L;
        private final String token;

        Unlock(String token) {
            this.token = token;
        }

        @Override
        public Void invoke(File f, VirtualChannel channel) throws IOException {
            AgentLocks.release(token);
            return null;
        }
    }
}
