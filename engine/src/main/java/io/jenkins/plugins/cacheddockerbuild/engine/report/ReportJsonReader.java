package io.jenkins.plugins.cacheddockerbuild.engine.report;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.FirstMiss;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Payoff;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a report from a parsed JSON tree. Required members are those without which a report means
 * nothing ({@code schemaVersion}, {@code image}, {@code stages}, {@code phases}, and per stage its name and
 * counts); absent optional members read as null or empty. Derived totals in the file are ignored.
 */
final class ReportJsonReader {

    private ReportJsonReader() {
    }

    static BuildReport fromTree(Object tree) throws ReportFormatException {
        ReportObject json = ReportObject.of(tree, "");
        checkVersion(json);
        List<StageReport> stages = new ArrayList<>();
        for (ReportObject stage : json.requiredObjects("stages")) {
            stages.add(stage(stage));
        }
        List<PushedRef> pushed = new ArrayList<>();
        for (ReportObject ref : json.objects("pushed")) {
            pushed.add(new PushedRef(ref.string("ref"), ref.optionalString("digest"), ref.optionalString("kind"),
                    ref.bool("kept", false)));
        }
        return new BuildReport(json.integer("schemaVersion"), json.string("image"), json.optionalString("branch"),
                json.optionalString("builder"), json.optionalString("builderReason"), json.optionalString("startedAt"),
                stages, phases(json.object("phases")), pushed, json.strings("notPushed"), json.strings("warnings"), json.stringMap("buildArgDigests"),
                json.optionalLong("bytesPulled"), json.optionalLong("bytesPushed"),
                json.has("payoff") ? payoff(json.object("payoff")) : null);
    }

    private static void checkVersion(ReportObject json) throws ReportFormatException {
        if (!json.has("schemaVersion")) {
            throw new ReportFormatException("not a cached-docker-build report: it has no schemaVersion");
        }
        int version = json.integer("schemaVersion");
        if (version > BuildReport.SCHEMA_VERSION) {
            throw new ReportFormatException("the report has schemaVersion " + version
                    + ", newer than the " + BuildReport.SCHEMA_VERSION
                    + " this version of cached-docker-build reads; upgrade cached-docker-build to read it");
        }
        if (version < 1) {
            throw new ReportFormatException("schemaVersion: " + version + " is not a valid version (the first is 1)");
        }
    }

    private static StageReport stage(ReportObject json) throws ReportFormatException {
        List<StepRecord> steps = new ArrayList<>();
        for (ReportObject step : json.objects("stepRecords")) {
            steps.add(new StepRecord(step.string("instruction"), step.bool("cached", false),
                    step.has("seconds") ? step.number("seconds") : 0));
        }
        return new StageReport(json.string("name"), json.bool("finalStage", false), json.integer("steps"),
                json.integer("cachedSteps"), json.optionalString("cacheSource"), json.optionalString("noCacheReason"),
                json.optionalString("baseImage"), json.optionalString("baseImageId"), json.number("seconds"), steps,
                json.has("firstMiss") ? firstMiss(json.object("firstMiss")) : null);
    }

    private static FirstMiss firstMiss(ReportObject json) throws ReportFormatException {
        return new FirstMiss(json.integer("stepIndex"), json.optionalString("instruction"), json.string("cause"),
                json.optionalString("explanation"));
    }

    private static PhaseTimes phases(ReportObject json) throws ReportFormatException {
        return new PhaseTimes(json.number("resolveSeconds"), json.number("pullSeconds"), json.number("buildSeconds"),
                json.number("pushSeconds"));
    }

    private static Payoff payoff(ReportObject json) throws ReportFormatException {
        return new Payoff(json.string("verdict"), json.optionalString("summary"),
                json.optionalNumber("estimatedUncachedSeconds"), json.number("cacheCostSeconds"),
                json.optionalNumber("savedSeconds"), json.optionalNumber("speedup"), json.strings("reasoning"));
    }
}
