package io.jenkins.plugins.cacheddockerbuild.engine.analysis;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.report.ReportFormatException;
import io.jenkins.plugins.cacheddockerbuild.engine.report.ReportJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The last N reports per image and branch, kept as JSON files in one directory ({@code --history DIR}).
 *
 * <p>A file is named {@code <readable slug>--<hash of image and branch>--<sequence>-<random>.json}: the
 * hash makes any image or branch string a safe file name, the sequence orders the builds, the random part
 * lets two agents store at once. Files are written to a temporary file and renamed, so a reader never sees
 * half a report. Nothing here throws for a broken or unwritable directory: history is an aid, not a
 * reason to fail a build, so problems are collected in {@link #warnings()}.
 */
public final class ReportHistory {

    private static final String TEMP_PREFIX = ".tmp-";
    private static final Duration STALE_TEMP = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final int keep;
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param dir the history directory; created on the first {@link #store}
     * @param keep how many reports to keep per image and branch, at least 1
     */
    public ReportHistory(Path dir, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, was " + keep);
        }
        this.dir = Objects.requireNonNull(dir, "dir");
        this.keep = keep;
    }

    /** The earlier reports of {@code image} on {@code branch}, newest first; unreadable files are skipped. */
    public synchronized List<BuildReport> load(String image, String branch) {
        warnings.clear();
        List<BuildReport> reports = new ArrayList<>();
        for (Path file : filesNewestFirst(prefix(image, branch))) {
            if (reports.size() == keep) {
                break;
            }
            try {
                BuildReport report = ReportJson.read(Files.readString(file, StandardCharsets.UTF_8));
                if (Objects.equals(report.image(), image) && Objects.equals(report.branch(), branch)) {
                    reports.add(report);
                }
            } catch (IOException | ReportFormatException | RuntimeException e) {
                warnings.add("skipped unreadable history report " + file + ": " + e.getMessage());
            }
        }
        return reports;
    }

    /** Adds {@code report} to its image's and branch's history and drops the oldest beyond the limit. */
    public synchronized void store(BuildReport report) {
        warnings.clear();
        String prefix = prefix(report.image(), report.branch());
        Path temp = null;
        try {
            Files.createDirectories(dir);
            List<Path> existing = filesNewestFirst(prefix);
            long next = existing.isEmpty() ? 1 : sequenceOf(existing.get(0), prefix) + 1;
            Path target = dir.resolve(String.format(Locale.ROOT, "%s%010d-%08x.json", prefix, next, RANDOM.nextInt()));
            temp = Files.createTempFile(dir, TEMP_PREFIX + prefix, ".json");
            writeDurably(temp, ReportJson.write(report));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException | RuntimeException e) {
            warnings.add("could not store the report in history directory " + dir + ": " + e);
            return;
        } finally {
            deleteQuietly(temp);
        }
        prune(prefix);
    }

    /** Problems met by the last {@link #load} or {@link #store}, for the front end to show. */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void prune(String prefix) {
        List<Path> files = filesNewestFirst(prefix);
        for (int i = keep; i < files.size(); i++) {
            deleteQuietly(files.get(i));
        }
        Instant staleBefore = Instant.now().minus(STALE_TEMP);
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX + prefix))
                    .filter(p -> lastModified(p).isBefore(staleBefore)).forEach(this::deleteQuietly);
        } catch (IOException | RuntimeException e) {
            warnings.add("could not clean up history directory " + dir + ": " + e);
        }
    }

    private List<Path> filesNewestFirst(String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> isReportFile(p, prefix))
                    .sorted(Comparator.comparingLong((Path p) -> sequenceOf(p, prefix))
                            .thenComparing(p -> p.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException | RuntimeException e) {
            warnings.add("could not list history directory " + dir + ": " + e);
            return List.of();
        }
    }

    private static boolean isReportFile(Path file, String prefix) {
        String name = file.getFileName().toString();
        return name.startsWith(prefix) && name.endsWith(".json") && sequenceOf(file, prefix) >= 0;
    }

    /** The sequence number in the file's name, or -1 if the name is not one of ours. */
    private static long sequenceOf(Path file, String prefix) {
        String rest = file.getFileName().toString().substring(prefix.length());
        int dash = rest.indexOf('-');
        try {
            return dash == 10 ? Long.parseLong(rest.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code <slug>--<16 hex of SHA-256(image NUL branch)>--}: safe for any strings, readable for people. */
    static String prefix(String image, String branch) {
        String key = Objects.toString(image, "") + '\0' + Objects.toString(branch, "");
        String slug = (Objects.toString(image, "") + "-" + Objects.toString(branch, "")).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._]+", "-");
        slug = slug.substring(0, Math.min(slug.length(), 40)).replaceAll("^[-.]+|-+$", "");
        return (slug.isEmpty() ? "report" : slug) + "--" + sha256(key).substring(0, 16) + "--";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void writeDurably(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static Instant lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }

    private void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            warnings.add("could not delete " + file + ": " + e);
        }
    }
}
