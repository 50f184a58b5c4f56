package io.jenkins.plugins.cacheddockerbuild;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.cacheddockerbuild.engine.api.FileLocks;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
     * If the agent dies, the kernel releases the lock.
     */
    static final class Lock extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;
        static final Map<String, FileChannel> HELD = new ConcurrentHashMap<>();
        private final long timeoutMillis;

        Lock(long timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public String invoke(File f, VirtualChannel channel) throws IOException, InterruptedException {
            FileChannel held = FileLocks.acquire(f.toPath(), timeoutMillis);
            if (held == null) {
                return null;
            }
            String token = UUID.randomUUID().toString();
            HELD.put(token, held);
            return token;
        }
    }

    /** Releases a lock taken by {@link Lock}. */
    static final class Unlock extends MasterToSlaveFileCallable<Void> {
        private static final long serialVersionUID = 1L;
        private final String token;

        Unlock(String token) {
            this.token = token;
        }

        @Override
        public Void invoke(File f, VirtualChannel channel) throws IOException {
            FileChannel file = Lock.HELD.remove(token);
            if (file != null) {
                file.close();
            }
            return null;
        }
    }
}
