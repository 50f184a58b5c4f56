package io.jenkins.plugins.cacheddockerbuild.engine.local;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.FileLocks;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@link AgentFiles} on the local file system: the command line runs where docker runs. */
public final class LocalAgentFiles implements AgentFiles {
    private final Path temporaryRoot;

    /** Files of this machine; temporary directories in {@code java.io.tmpdir}. */
    public LocalAgentFiles() {
        this(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Files of this machine; temporary directories in {@code temporaryRoot}. */
    public LocalAgentFiles(Path temporaryRoot) {
        this.temporaryRoot = temporaryRoot;
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(Path.of(path));
    }

    @Override
    public boolean isDirectory(String path) {
        return Files.isDirectory(Path.of(path));
    }

    @Override
    public String canonical(String path) throws IOException {
        return Path.of(path).toRealPath().toString();
    }

    @Override
    public String readText(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    @Override
    public void writeText(String path, String text) throws IOException {
        Files.writeString(Path.of(path), text, StandardCharsets.UTF_8);
    }

    @Override
    public void createDirectories(String path) throws IOException {
        Files.createDirectories(Path.of(path));
    }

    @Override
    public List<Entry> list(String dir, String suffix) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Path directory = Path.of(dir);
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + suffix)) {
            for (Path file : files) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    entries.add(new Entry(file.toString(), attributes.size(), attributes.lastModifiedTime().toMillis()));
                }
            }
        }
        return entries;
    }

    @Override
    public void moveAtomically(String source, String target) throws IOException {
        Files.move(Path.of(source), Path.of(target), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void deleteIfExists(String path) throws IOException {
        Files.deleteIfExists(Path.of(path));
    }

    @Override
    public void touch(String path) throws IOException {
        Files.setLastModifiedTime(Path.of(path), FileTime.fromMillis(System.currentTimeMillis()));
    }

    @Override
    public FileLockHandle lock(String lockFile, long timeoutMillis) throws IOException, InterruptedException {
        FileChannel held = FileLocks.acquire(Path.of(lockFile), timeoutMillis);
        return held == null ? null : held::close;
    }

    @Override
    public String temporaryDirectory(String prefix) throws IOException {
        // On POSIX file systems the JDK creates it rwx------.
        return Files.createTempDirectory(temporaryRoot, prefix).toString();
    }

    @Override
    public String userHome() {
        return System.getProperty("user.home");
    }

    @Override
    public void deleteRecursively(String dir) throws IOException {
        Path root = Path.of(dir);
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
