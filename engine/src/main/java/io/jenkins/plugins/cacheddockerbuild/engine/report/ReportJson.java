package io.jenkins.plugins.cacheddockerbuild.engine.report;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonSyntaxException;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonText;

/**
 * The JSON report file ({@code --report FILE}), as documented in {@code docs/report.md} and
 * {@code docs/report.schema.json}.
 *
 * <p>Writing adds the derived totals ({@code totalSteps}, {@code cachedSteps}, {@code hitRatio},
 * {@code phases.totalSeconds}) for readers that do not compute them; reading ignores them and every
 * other member it does not know, so reports of a newer minor version stay readable. A report of a newer
 * {@code schemaVersion} is rejected, since its meaning may have changed.
 */
public final class ReportJson {

    private ReportJson() {
    }

    /** The report as indented JSON, {@code schemaVersion} first. Seconds are rounded to milliseconds. */
    public static String write(BuildReport report) {
        return JsonText.write(ReportJsonWriter.toTree(report));
    }

    /**
     * Reads a report written by {@link #write} (or by any writer following the schema).
     *
     * @throws ReportFormatException if the text is not JSON, not a report, has a member of the wrong type,
     *     or was written for a newer schema version than {@link BuildReport#SCHEMA_VERSION}
     */
    public static BuildReport read(String json) throws ReportFormatException {
        if (json == null || json.isBlank()) {
            throw new ReportFormatException("the report is empty");
        }
        try {
            return ReportJsonReader.fromTree(JsonText.parse(json));
        } catch (JsonSyntaxException e) {
            throw new ReportFormatException(e.getMessage());
        }
    }
}
