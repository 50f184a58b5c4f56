package io.jenkins.plugins.cacheddockerbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table at the end of a build says which builder ran and why. */
class SummaryTableTest {

    private static BuildReport report(String reason) {
        StageReport app = new StageReport("app", true, 1, 1, "registry:5000/team/app:main", null, null, null, 0.1,
                List.of(new StepRecord("RUN make", true, 0)), null);
        return new BuildReport(BuildReport.SCHEMA_VERSION, "registry:5000/team/app", "main", "buildkit", reason, null,
                List.of(app), new PhaseTimes(0.2, 0, 1.5, 0.4), List.of(), List.of(), List.of(), Map.of(), null, null,
                null);
    }

    private static String printed(BuildReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SummaryTable.print(report, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void namesTheBuilderAndWhyItWasChosen() {
        String reason = "auto: registry not available: docker client 20.10.24 at 'docker' has no buildx";

        assertThat(printed(report(reason))).contains("phases: resolve 0.2 s, pull 0.0 s, build 1.5 s, push 0.4 s\n")
                .contains("builder: buildkit (" + reason + ")\n");
    }

    @Test
    void namesTheBuilderAloneWhenTheReportHasNoReason() {
        assertThat(printed(report(null))).contains("builder: buildkit\n");
    }
}
