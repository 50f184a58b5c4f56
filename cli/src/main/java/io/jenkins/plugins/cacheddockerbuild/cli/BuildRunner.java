package io.jenkins.plugins.cacheddockerbuild.cli;

import io.jenkins.plugins.cacheddockerbuild.engine.CachedDockerBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.analysis.ReportAnalyzer;
import io.jenkins.plugins.cacheddockerbuild.engine.analysis.ReportHistory;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildListener;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.html.HtmlReport;
import io.jenkins.plugins.cacheddockerbuild.engine.report.ReportJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Runs a parsed {@code build} command: the engine, then the analysis, the report files and the table. */
final class BuildRunner {
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Function<BuildListener, CachedDockerBuild> engines;

    BuildRunner(Map<String, String> env, PrintStream out, PrintStream err,
            Function<BuildListener, CachedDockerBuild> engines) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.engines = engines;
    }

    int run(BuildCommand command) throws InterruptedException {
        try {
            BuildRequest request = command.toRequest(env);
            BuildReport report;
            int exit = 0;
            try {
                report = engines.apply(new ConsoleRenderer(out, command.verbose)).build(request);
            } catch (PushFailedException e) {
                report = e.report();
                exit = ErrorTranslator.translate(e, err);
            }
            report = finish(command, report);
            SummaryTable.print(report, out);
            return exit;
        } catch (CachedBuildException e) {
            return ErrorTranslator.translate(e, err);
        }
    }

    private BuildReport finish(BuildCommand command, BuildReport report) {
        ReportHistory history = command.history == null ? null : new ReportHistory(command.history, command.historyKeep);
        List<BuildReport> earlier = history == null ? List.of() : history.load(report.image(), report.branch());
        BuildReport analysed = ReportAnalyzer.analyze(report, earlier);
        if (history != null) {
            history.store(analysed);
            history.warnings().forEach(warning -> err.println("warning: " + warning));
        }
        write(command.report, ReportJson.write(analysed));
        write(command.html, HtmlReport.render(analysed, earlier));
        return analysed;
    }

    private void write(Path file, String text) {
        if (file == null) {
            return;
        }
        try {
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path temp = Files.createTempFile(absolute.getParent(), ".report", ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            err.println("warning: could not write " + file + ": " + e.getMessage());
        }
    }
}
