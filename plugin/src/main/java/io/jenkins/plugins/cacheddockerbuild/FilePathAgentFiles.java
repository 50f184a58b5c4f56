package io.jenkins.plugins.cacheddockerbuild;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The engine's file port on Jenkins: every path is on the agent and reached through {@link FilePath}, so
 * the Dockerfile, the shared cache directory and the temporary docker config are where docker runs.
 * Temporary directories go below the workspace's {@code @tmp} sibling rather than the agent JVM's temporary
 * directory: inside a Kubernetes {@code container()} block docker runs in another container of the pod, which
 * shares the workspace volume but not the agent container's {@code /tmp}.
 */
final class FilePathAgentFiles implements AgentFiles {
    private final VirtualChannel channel;
    private final FilePath temporaryRoot;

    /**
     * @param channel the agent's channel; {@code null} means the controller itself
     * @param temporaryRoot where temporary directories are created, e.g. {@code WorkspaceList.tempDir(workspace)}
     */
    FilePathAgentFiles(VirtualChannel channel, FilePath temporaryRoot) {
        this.channel = channel;
        this.temporaryRoot = temporaryRoot;
    }

    private FilePath file(String path) {
        return new FilePath(channel, path);
    }

    @Override
    public boolean exists(String path) throws IOException, InterruptedException {
        return file(path).exists();
    }

    @Override
    public boolean isDirectory(String path) throws IOException, InterruptedException {
        return file(path).isDirectory();
    }

    @Override
    public String canonical(String path) throws IOException, InterruptedException {
        return file(path).act(new AgentFileCallables.Canonical());
    }

    @Override
    public String readText(String path) throws IOException, InterruptedException {
        return file(path).readToString();
    }

    @Override
    public void writeText(String path, String text) throws IOException, InterruptedException {
        file(path).write(text, StandardCharsets.UTF_8.name());
    }

    @Override
    public void createDirectories(String path) throws IOException, InterruptedException {
        file(path).mkdirs();
    }

    @Override
    public List<Entry> list(String dir, String suffix) throws IOException, InterruptedException {
        List<Entry> entries = new ArrayList<>();
        FilePath directory = file(dir);
        if (!directory.isDirectory()) {
            return entries;
        }
        for (FilePath child : directory.list()) {
            if (child.getName().endsWith(suffix) && !child.isDirectory()) {
                entries.add(new Entry(child.getRemote(), child.length(), child.lastModified()));
            }
        }
        return entries;
    }

    @Override
    public void moveAtomically(String source, String target) throws IOException, InterruptedException {
        file(source).act(new AgentFileCallables.AtomicMove(target));
    }

    @Override
    public void deleteIfExists(String path) throws IOException, InterruptedException {
        file(path).delete();
    }

    @Override
    public void touch(String path) throws IOException, InterruptedException {
        file(path).touch(System.currentTimeMillis());
    }

    @Override
    public FileLockHandle lock(String lockFile, long timeoutMillis) throws IOException, InterruptedException {
        FilePath lock = file(lockFile);
        String token = UUID.randomUUID().toString();
        FileLockHandle handle = () -> unlock(lock, token, lockFile);
        Boolean held = null;
        try {
            held = lock.act(new AgentFileCallables.Lock(token, timeoutMillis));
            return held ? handle : null;
        } finally {
            if (held == null) {
                // the call did not come back (interrupted, channel trouble): the agent may still take the lock
                unlockQuietly(handle);
            }
        }
    }

    private static void unlock(FilePath lock, String token, String lockFile) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            lock.act(new AgentFileCallables.Unlock(token));
        } catch (InterruptedException e) {
            interrupted = true;
            throw new IOException("interrupted while releasing " + lockFile, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void unlockQuietly(FileLockHandle handle) {
        try {
            handle.close();
        } catch (Exception e) {
            // the agent is gone or the channel closed: the kernel or AgentLocks has let the lock go
        }
    }

    @Override
    public String temporaryDirectory(String prefix) throws IOException, InterruptedException {
        return temporaryRoot.act(new AgentFileCallables.TemporaryDirectory(prefix));
    }

    @Override
    public String userHome() throws IOException, InterruptedException {
        return file("/").act(new AgentFileCallables.UserHome());
    }

    @Override
    public void deleteRecursively(String dir) throws IOException, InterruptedException {
        file(dir).deleteRecursive();
    }
}
