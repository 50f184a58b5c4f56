package io.jenkins.plugins.cacheddockerbuild.engine.html;

import static io.jenkins.plugins.cacheddockerbuild.engine.html.Html.num;

import io.jenkins.plugins.cacheddockerbuild.engine.analysis.SecondsFormat;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;

/** Where the time went: one stacked bar of the four phases and a table of their seconds. */
final class HtmlPhaseChart {

    private static final double WIDTH = 1000;

    private HtmlPhaseChart() {
    }

    static void append(StringBuilder html, PhaseTimes phases) {
        double[] seconds = {phases.resolveSeconds(), phases.pullSeconds(), phases.buildSeconds(), phases.pushSeconds()};
        String[] fields = {"resolveSeconds", "pullSeconds", "buildSeconds", "pushSeconds"};
        String[] labels = {"Resolve cache sources", "Pull cache images", "Build", "Push"};
        String[] colors = {HtmlStyle.RESOLVE, HtmlStyle.PULL, HtmlStyle.BUILD, HtmlStyle.PUSH};
        double total = phases.totalSeconds();
        html.append("<section id=\"phases\">\n<h2>Where the time went</h2>\n")
                .append("<svg id=\"phase-chart\" width=\"100%\" height=\"28\" viewBox=\"0 0 1000 28\"")
                .append(" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"time per phase\">");
        double x = 0;
        for (int i = 0; i < seconds.length; i++) {
            double width = total <= 0 ? 0 : WIDTH * Math.max(0, seconds[i]) / total;
            html.append("<rect data-phase=\"").append(fields[i]).append("\" x=\"").append(num(x))
                    .append("\" y=\"0\" height=\"28\" width=\"").append(num(width)).append("\" fill=\"").append(colors[i])
                    .append("\"><title>").append(labels[i]).append(": ").append(SecondsFormat.seconds(seconds[i]))
                    .append("</title></rect>");
            x += width;
        }
        html.append("</svg>\n<table id=\"phase-table\">\n<thead><tr><th>Phase</th><th class=\"n\">Seconds</th>")
                .append("<th class=\"n\">Share</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < seconds.length; i++) {
            html.append("<tr><td><span class=\"legend\"><span><i style=\"background:").append(colors[i])
                    .append("\"></i></span></span>").append(labels[i]).append("</td><td class=\"n\" data-field=\"")
                    .append(fields[i]).append("\" data-value=\"").append(num(seconds[i])).append("\">")
                    .append(SecondsFormat.seconds(seconds[i])).append("</td><td class=\"n\">")
                    .append(total <= 0 ? "–" : SecondsFormat.percent(seconds[i] / total)).append("</td></tr>\n");
        }
        html.append("<tr><td><b>Total</b></td><td class=\"n\" data-field=\"totalSeconds\" data-value=\"")
                .append(num(total)).append("\"><b>").append(SecondsFormat.seconds(total))
                .append("</b></td><td class=\"n\">100%</td></tr>\n</tbody>\n</table>\n</section>\n");
    }
}
