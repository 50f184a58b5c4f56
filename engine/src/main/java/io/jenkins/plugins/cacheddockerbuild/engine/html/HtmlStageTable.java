package io.jenkins.plugins.cacheddockerbuild.engine.html;

import static io.jenkins.plugins.cacheddockerbuild.engine.html.Html.num;
import static io.jenkins.plugins.cacheddockerbuild.engine.html.Html.text;

import io.jenkins.plugins.cacheddockerbuild.engine.analysis.SecondsFormat;
import io.jenkins.plugins.cacheddockerbuild.engine.analysis.StepCostHistory;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.FirstMiss;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.List;

/**
 * One row per built stage: steps, cached, ran, cache source, time, and two bars setting the time the
 * stage took against what its cached steps took when they last ran. Also the first-miss table.
 */
final class HtmlStageTable {

    private static final int BAR_WIDTH = 180;

    private HtmlStageTable() {
    }

    static void append(StringBuilder html, BuildReport report, List<BuildReport> earlier) {
        StepCostHistory costs = StepCostHistory.from(earlier);
        double scale = 0;
        for (StageReport stage : report.stages()) {
            scale = Math.max(scale, Math.max(stage.seconds(), costs.estimatedCachedSeconds(stage)));
        }
        html.append("<section id=\"stages\">\n<h2>Stages</h2>\n<p class=\"legend\"><span><i style=\"background:")
                .append(HtmlStyle.RAN).append("\"></i>time the stage took</span><span><i style=\"background:")
                .append(HtmlStyle.CACHED).append("\"></i>its cached steps, as they took when they last ran</span></p>\n")
                .append("<table id=\"stage-table\">\n<thead><tr><th>Stage</th><th class=\"n\">Steps</th>")
                .append("<th class=\"n\">Cached</th><th class=\"n\">Ran</th><th>Cache source</th>")
                .append("<th class=\"n\">Time</th><th>Ran vs cached</th></tr></thead>\n<tbody>\n");
        for (StageReport stage : report.stages()) {
            row(html, stage, costs.estimatedCachedSeconds(stage), scale);
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private static void row(StringBuilder html, StageReport stage, double cachedEstimate, double scale) {
        String name = text(stage.name());
        html.append("<tr data-stage=\"").append(name).append("\">\n<td><b>").append(name).append("</b>")
                .append(stage.finalStage() ? "<span class=\"badge final\">final</span>" : "");
        steps(html, stage);
        html.append("</td>\n");
        cell(html, "steps", name, String.valueOf(stage.steps()));
        cell(html, "cachedSteps", name, String.valueOf(stage.cachedSteps()));
        cell(html, "ranSteps", name, String.valueOf(stage.ranSteps()));
        html.append("<td class=\"mono\" data-field=\"cacheSource\" data-stage=\"").append(name).append("\">");
        if (stage.cacheSource() != null) {
            html.append(text(stage.cacheSource()));
        } else {
            html.append("<span class=\"none\">none</span>");
            if (stage.noCacheReason() != null) {
                html.append("<br><span class=\"none\">").append(text(stage.noCacheReason())).append("</span>");
            }
        }
        html.append("</td>\n<td class=\"n\" data-field=\"seconds\" data-stage=\"").append(name).append("\" data-value=\"")
                .append(num(stage.seconds())).append("\">").append(SecondsFormat.seconds(stage.seconds()))
                .append("</td>\n<td>");
        bars(html, stage, cachedEstimate, scale);
        html.append("</td>\n</tr>\n");
    }

    private static void cell(StringBuilder html, String field, String escapedStage, String value) {
        html.append("<td class=\"n\" data-field=\"").append(field).append("\" data-stage=\"").append(escapedStage)
                .append("\">").append(value).append("</td>\n");
    }

    private static void steps(StringBuilder html, StageReport stage) {
        if (stage.stepRecords().isEmpty()) {
            return;
        }
        int miss = stage.firstMiss() == null ? -1 : stage.firstMiss().stepIndex();
        html.append("<details><summary>").append(stage.stepRecords().size()).append(" steps</summary><ol class=\"steps\">");
        for (int i = 0; i < stage.stepRecords().size(); i++) {
            StepRecord step = stage.stepRecords().get(i);
            String kind = i == miss ? "miss" : step.cached() ? "cached" : "ran";
            html.append("<li class=\"").append(kind).append("\"><code>").append(text(step.instruction()))
                    .append("</code> — ").append(step.cached() ? "cached" : SecondsFormat.seconds(step.seconds()))
                    .append("</li>");
        }
        html.append("</ol></details>");
    }

    private static void bars(StringBuilder html, StageReport stage, double cachedEstimate, double scale) {
        double ranWidth = scale <= 0 ? 0 : BAR_WIDTH * stage.seconds() / scale;
        double cachedWidth = scale <= 0 ? 0 : BAR_WIDTH * cachedEstimate / scale;
        String name = text(stage.name());
        html.append("<svg class=\"bars\" width=\"300\" height=\"30\" viewBox=\"0 0 300 30\" role=\"img\"")
                .append(" data-stage=\"").append(name).append("\" aria-label=\"").append(name).append(": took ")
                .append(SecondsFormat.seconds(stage.seconds())).append(", cached steps ")
                .append(SecondsFormat.seconds(cachedEstimate)).append(" when last run\">")
                .append("<rect x=\"0\" y=\"2\" height=\"11\" rx=\"2\" fill=\"").append(HtmlStyle.RAN)
                .append("\" width=\"").append(num(Math.max(ranWidth, 1))).append("\"><title>").append(name)
                .append(": the stage took ").append(SecondsFormat.seconds(stage.seconds())).append("</title></rect>")
                .append("<text x=\"").append(num(ranWidth + 5)).append("\" y=\"11\">")
                .append(SecondsFormat.seconds(stage.seconds())).append("</text>")
                .append("<rect x=\"0\" y=\"16\" height=\"11\" rx=\"2\" fill=\"").append(HtmlStyle.CACHED)
                .append("\" width=\"").append(num(Math.max(cachedWidth, stage.cachedSteps() > 0 ? 1 : 0)))
                .append("\"><title>").append(name).append(": ").append(stage.cachedSteps())
                .append(" cached step(s) took ").append(SecondsFormat.seconds(cachedEstimate))
                .append(" when they last ran</title></rect>")
                .append("<text x=\"").append(num(cachedWidth + 5)).append("\" y=\"25\">")
                .append(stage.cachedSteps() == 0 ? "nothing cached" : cachedEstimate > 0
                        ? "would take ≈ " + SecondsFormat.seconds(cachedEstimate) : "no estimate")
                .append("</text></svg>");
    }

    static void appendFirstMisses(StringBuilder html, BuildReport report) {
        html.append("<section id=\"first-misses\">\n<h2>First miss per stage</h2>\n");
        List<StageReport> missed = report.stages().stream().filter(s -> s.firstMiss() != null).toList();
        if (missed.isEmpty()) {
            html.append("<p class=\"none\">")
                    .append(report.totalSteps() > 0 && report.cachedSteps() == report.totalSteps()
                            ? "Every step of every stage came from cache." : "No first miss was determined.")
                    .append("</p>\n</section>\n");
            return;
        }
        html.append("<table>\n<thead><tr><th>Stage</th><th class=\"n\">Step</th><th>Instruction</th>")
                .append("<th>Likely cause</th></tr></thead>\n<tbody>\n");
        for (StageReport stage : missed) {
            FirstMiss miss = stage.firstMiss();
            String name = text(stage.name());
            html.append("<tr data-stage=\"").append(name).append("\" data-cause=\"").append(text(miss.cause()))
                    .append("\"><td><b>").append(name).append("</b></td><td class=\"n\" data-field=\"stepIndex\" data-value=\"")
                    .append(miss.stepIndex()).append("\">").append(miss.stepIndex() + 1).append("</td><td><code>").append(text(miss.instruction()))
                    .append("</code></td><td><span class=\"cause\" data-field=\"cause\">").append(text(miss.cause()))
                    .append("</span><br>").append(text(miss.explanation())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }
}
