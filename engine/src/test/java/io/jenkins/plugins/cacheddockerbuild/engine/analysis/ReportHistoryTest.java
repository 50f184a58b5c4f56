package io.jenkins.plugins.cacheddockerbuild.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.report.ReportFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportHistoryTest {

    @TempDir
    Path dir;

    private static BuildReport build(String image, String branch, int n) {
        return new BuildReport(1, image, branch, "classic", "asked for", "2025-01-01T10:00:0" + n + "Z", List.of(),
                new PhaseTimes(n, 0, 0, 0), List.of(), List.of(), List.of(), Map.of(), null, null, null);
    }

    @Test
    void loadsTheStoredReportsNewestFirst() {
        ReportHistory history = new ReportHistory(dir.resolve("new/sub"), 5);
        history.store(ReportFixtures.coldMain());
        history.store(ReportFixtures.warmMain());

        assertThat(history.load(ReportFixtures.IMAGE, "main")).containsExactly(ReportFixtures.warmMain(),
                ReportFixtures.coldMain());
        assertThat(history.warnings()).isEmpty();
    }

    @Test
    void keepsOnlyTheLastNPerImageAndBranch() throws IOException {
        ReportHistory history = new ReportHistory(dir, 3);
        for (int n = 1; n <= 5; n++) {
            history.store(build("app", "main", n));
        }
        history.store(build("app", "feature", 9));

        assertThat(history.load("app", "main")).extracting(r -> r.phases().resolveSeconds())
                .containsExactly(5.0, 4.0, 3.0);
        assertThat(history.load("app", "feature")).hasSize(1);
        assertThat(jsonFiles()).hasSize(4);
    }

    @Test
    void fileNamesAreSafeForAnyImageAndBranch() throws IOException {
        ReportHistory history = new ReportHistory(dir, 2);
        String image = "../../etc/passwd";
        String branch = "feature/<script>:*?\"|\\ \u0000 é/" + "x".repeat(300);

        history.store(build(image, branch, 1));

        assertThat(history.load(image, branch)).hasSize(1);
        assertThat(history.load(image, "feature")).isEmpty();
        assertThat(jsonFiles()).singleElement().satisfies(file -> {
            assertThat(file.getParent()).isEqualTo(dir);
            assertThat(file.getFileName().toString()).matches("[a-z0-9._-]+\\.json").hasSizeLessThan(100);
        });
    }

    @Test
    void storesAtomicallyLeavingNoTemporaryFile() throws IOException {
        ReportHistory history = new ReportHistory(dir, 2);

        history.store(ReportFixtures.coldMain());

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).singleElement()
                    .satisfies(name -> assertThat(name).doesNotStartWith(".tmp-").endsWith(".json"));
        }
    }

    @Test
    void ignoresAHalfWrittenTemporaryFileAndCleansUpStaleOnes() throws IOException {
        ReportHistory history = new ReportHistory(dir, 2);
        history.store(ReportFixtures.coldMain());
        String prefix = ReportHistory.prefix(ReportFixtures.IMAGE, "main");
        Path crashed = Files.writeString(dir.resolve(".tmp-" + prefix + "123.json"), "{\"schemaVersion\": 1, \"ima");
        Files.setLastModifiedTime(crashed, FileTime.from(Instant.now().minusSeconds(7200)));

        assertThat(history.load(ReportFixtures.IMAGE, "main")).containsExactly(ReportFixtures.coldMain());
        assertThat(history.warnings()).isEmpty();

        history.store(ReportFixtures.warmMain());
        assertThat(crashed).doesNotExist();
    }

    @Test
    void skipsAnUnreadableReportWithAWarning() throws IOException {
        ReportHistory history = new ReportHistory(dir, 5);
        history.store(ReportFixtures.coldMain());
        history.store(ReportFixtures.warmMain());
        Path newest = jsonFiles().stream().sorted().reduce((a, b) -> b).orElseThrow();
        Files.writeString(newest, "{ this is not json");

        List<BuildReport> loaded = history.load(ReportFixtures.IMAGE, "main");

        assertThat(loaded).containsExactly(ReportFixtures.coldMain());
        assertThat(history.warnings()).singleElement().asString().contains("skipped unreadable history report",
                newest.getFileName().toString(), "not valid JSON");
    }

    @Test
    void aMissingDirectoryIsAnEmptyHistory() {
        ReportHistory history = new ReportHistory(dir.resolve("absent"), 5);

        assertThat(history.load("app", "main")).isEmpty();
        assertThat(history.warnings()).isEmpty();
    }

    @Test
    void anUnwritableDirectoryIsAWarningNotAFailure() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        ReportHistory history = new ReportHistory(notADirectory, 5);

        history.store(ReportFixtures.coldMain());

        assertThat(history.warnings()).singleElement().asString().contains("could not store the report");
    }

    @Test
    void keepMustBePositive() {
        assertThatThrownBy(() -> new ReportHistory(dir, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private List<Path> jsonFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).toList();
        }
    }
}
