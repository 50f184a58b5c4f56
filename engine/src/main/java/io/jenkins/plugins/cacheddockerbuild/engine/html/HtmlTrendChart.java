package io.jenkins.plugins.cacheddockerbuild.engine.html;

import static io.jenkins.plugins.cacheddockerbuild.engine.html.Html.num;
import static io.jenkins.plugins.cacheddockerbuild.engine.html.Html.text;

import io.jenkins.plugins.cacheddockerbuild.engine.analysis.SecondsFormat;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The trend over the history, oldest build left, this build right: a stacked bar of phase times per build
 * (left axis, seconds) and the hit ratio as a line (right axis, percent); the same numbers as a table.
 */
final class HtmlTrendChart {

    static final int MAX_BUILDS = 20;

    private static final double LEFT = 48;
    private static final double RIGHT = 516;
    private static final double TOP = 16;
    private static final double BOTTOM = 206;
    private static final String[] COLORS = {HtmlStyle.RESOLVE, HtmlStyle.PULL, HtmlStyle.BUILD, HtmlStyle.PUSH};
    private static final String[] PHASES = {"resolve", "pull", "build", "push"};

    private HtmlTrendChart() {
    }

    static void append(StringBuilder html, BuildReport current, List<BuildReport> earlierNewestFirst) {
        List<BuildReport> builds = new ArrayList<>(earlierNewestFirst.subList(0,
                Math.min(earlierNewestFirst.size(), MAX_BUILDS - 1)));
        Collections.reverse(builds);
        builds.add(current);
        html.append("<section id=\"trend\">\n<h2>Trend over the last ").append(builds.size())
                .append(builds.size() == 1 ? " build" : " builds").append("</h2>\n");
        if (builds.size() == 1) {
            html.append("<p class=\"none\">No earlier builds in the history yet; the trend starts with this one.</p>\n");
        }
        legend(html);
        chart(html, builds);
        table(html, builds);
        html.append("</section>\n");
    }

    private static void legend(StringBuilder html) {
        html.append("<p class=\"legend\">");
        for (int i = 0; i < PHASES.length; i++) {
            html.append("<span><i style=\"background:").append(COLORS[i]).append("\"></i>").append(PHASES[i])
                    .append("</span>");
        }
        html.append("<span><i style=\"background:#1f2933;height:3px;vertical-align:middle\"></i>hit ratio</span></p>\n");
    }

    private static void chart(StringBuilder html, List<BuildReport> builds) {
        double maxSeconds = niceCeiling(builds.stream().mapToDouble(b -> b.phases().totalSeconds()).max().orElse(0));
        double slot = (RIGHT - LEFT) / builds.size();
        double barWidth = Math.min(36, slot * 0.6);
        html.append("<svg id=\"trend-chart\" width=\"100%\" viewBox=\"0 0 560 236\" role=\"img\"")
                .append(" aria-label=\"phase times and hit ratio per build\">");
        axes(html, maxSeconds);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < builds.size(); i++) {
            BuildReport build = builds.get(i);
            double center = LEFT + slot * (i + 0.5);
            bar(html, build, i, center - barWidth / 2, barWidth, maxSeconds, i == builds.size() - 1);
            double y = BOTTOM - (BOTTOM - TOP) * build.hitRatio();
            line.append(line.length() == 0 ? "" : " ").append(num(center)).append(',').append(num(y));
            html.append("<circle data-build=\"").append(i).append("\" cx=\"").append(num(center)).append("\" cy=\"")
                    .append(num(y)).append("\" r=\"3.5\" fill=\"#1f2933\"><title>").append(title(build))
                    .append("</title></circle>");
            html.append("<text x=\"").append(num(center)).append("\" y=\"222\" text-anchor=\"middle\">")
                    .append(i == builds.size() - 1 ? "this" : "#" + (i + 1)).append("</text>");
        }
        html.append("<polyline fill=\"none\" stroke=\"#1f2933\" stroke-width=\"2\" points=\"").append(line)
                .append("\"></polyline></svg>\n");
    }

    private static void axes(StringBuilder html, double maxSeconds) {
        for (int tick = 0; tick <= 4; tick++) {
            double y = BOTTOM - (BOTTOM - TOP) * tick / 4;
            html.append("<line x1=\"").append(num(LEFT)).append("\" x2=\"").append(num(RIGHT)).append("\" y1=\"")
                    .append(num(y)).append("\" y2=\"").append(num(y)).append("\" stroke=\"#d9e2ec\"")
                    .append(tick == 0 ? "" : " stroke-dasharray=\"3 3\"").append("></line>")
                    .append("<text x=\"").append(num(LEFT - 6)).append("\" y=\"").append(num(y + 4))
                    .append("\" text-anchor=\"end\">").append(tickLabel(maxSeconds * tick / 4))
                    .append("</text><text x=\"").append(num(RIGHT + 6)).append("\" y=\"").append(num(y + 4))
                    .append("\">").append(tick * 25).append("%</text>");
        }
    }

    private static String tickLabel(double seconds) {
        return seconds == Math.rint(seconds) ? (long) seconds + " s" : SecondsFormat.seconds(seconds);
    }

    private static void bar(StringBuilder html, BuildReport build, int index, double x, double width,
            double maxSeconds, boolean current) {
        double[] seconds = phases(build.phases());
        html.append("<g data-build=\"").append(index).append('"').append(current ? " data-current=\"true\"" : "")
                .append("><title>").append(title(build)).append("</title>");
        double y = BOTTOM;
        for (int p = 0; p < seconds.length; p++) {
            double height = maxSeconds <= 0 ? 0 : (BOTTOM - TOP) * Math.max(0, seconds[p]) / maxSeconds;
            y -= height;
            html.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                    .append(num(width)).append("\" height=\"").append(num(height)).append("\" fill=\"")
                    .append(COLORS[p]).append("\"></rect>");
        }
        html.append("</g>");
    }

    private static void table(StringBuilder html, List<BuildReport> builds) {
        html.append("<details><summary>Numbers per build</summary><table id=\"trend-table\">\n<thead><tr><th>Build</th>")
                .append("<th>Started</th><th class=\"n\">Hit ratio</th>");
        for (String phase : PHASES) {
            html.append("<th class=\"n\">").append(phase).append("</th>");
        }
        html.append("<th class=\"n\">Total</th><th>Payoff</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < builds.size(); i++) {
            BuildReport build = builds.get(i);
            html.append("<tr data-build=\"").append(i).append("\"><td>")
                    .append(i == builds.size() - 1 ? "this build" : "#" + (i + 1)).append("</td><td class=\"mono\">")
                    .append(text(build.startedAt())).append("</td><td class=\"n\" data-field=\"hitRatio\" data-value=\"")
                    .append(num(build.hitRatio())).append("\">").append(SecondsFormat.percent(build.hitRatio()))
                    .append("</td>");
            for (double seconds : phases(build.phases())) {
                html.append("<td class=\"n\">").append(SecondsFormat.seconds(seconds)).append("</td>");
            }
            html.append("<td class=\"n\" data-field=\"totalSeconds\" data-value=\"")
                    .append(num(build.phases().totalSeconds())).append("\">")
                    .append(SecondsFormat.seconds(build.phases().totalSeconds())).append("</td><td>")
                    .append(build.payoff() == null ? "" : text(build.payoff().summary())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table></details>\n");
    }

    private static String title(BuildReport build) {
        PhaseTimes p = build.phases();
        return text(build.startedAt()) + ": " + SecondsFormat.percent(build.hitRatio()) + " of steps from cache; resolve "
                + SecondsFormat.seconds(p.resolveSeconds()) + ", pull " + SecondsFormat.seconds(p.pullSeconds())
                + ", build " + SecondsFormat.seconds(p.buildSeconds()) + ", push "
                + SecondsFormat.seconds(p.pushSeconds());
    }

    private static double[] phases(PhaseTimes p) {
        return new double[] {p.resolveSeconds(), p.pullSeconds(), p.buildSeconds(), p.pushSeconds()};
    }

    /** The smallest round axis maximum at or above {@code value}, so that its quarter ticks read as round numbers. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        // Each candidate divides into four round ticks: 120 s gives 30, 60, 90, 120.
        for (double step : new double[] {1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10}) {
            double candidate = BigDecimal.valueOf(step).multiply(BigDecimal.valueOf(magnitude))
                    .round(new MathContext(3)).doubleValue();
            if (candidate >= value) {
                return candidate;
            }
        }
        return 10 * magnitude;
    }
}
