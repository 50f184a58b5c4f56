package io.jenkins.plugins.cacheddockerbuild.engine.html;

/** The report's inline style sheet: system fonts only, so the file needs nothing from the network. */
final class HtmlStyle {

    /** Colours of the four phases, shared by the phase bar, the trend chart and their legends. */
    static final String RESOLVE = "#8e7cc3";
    static final String PULL = "#3d85c6";
    static final String BUILD = "#e69138";
    static final String PUSH = "#6aa84f";
    static final String CACHED = "#2f9e63";
    static final String RAN = "#4a5568";

    static final String CSS = """
            :root { --fg: #1f2933; --muted: #616e7c; --line: #d9e2ec; --bg: #f5f7fa; --card: #fff; }
            * { box-sizing: border-box; }
            body { margin: 0; padding: 24px 32px 48px; background: var(--bg); color: var(--fg);
              font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            h1 { font-size: 22px; margin: 0 0 4px; }
            h2 { font-size: 17px; margin: 0 0 12px; }
            h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); }
            header .meta { color: var(--muted); margin: 0 0 20px; overflow-wrap: anywhere; }
            header .meta b { color: var(--fg); font-weight: 600; }
            section { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
              padding: 16px 20px; margin: 0 0 18px; }
            .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 0 18px; }
            .pair > section { min-width: 0; }
            .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 14px;
              background: none; border: 0; padding: 0; }
            .tile { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
            .tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
            .tile .value { font-size: 26px; font-weight: 650; margin: 2px 0; }
            .tile .sub { color: var(--muted); font-size: 13px; }
            .verdict-saved { border-left: 6px solid #2f9e63; }
            .verdict-cost { border-left: 6px solid #d64545; }
            .verdict-unknown { border-left: 6px solid #9aa5b1; }
            #verdict-summary { font-size: 18px; font-weight: 600; margin: 0 0 10px; }
            dl.numbers { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 0; }
            dl.numbers dt { color: var(--muted); }
            dl.numbers dd { margin: 0; font-variant-numeric: tabular-nums; }
            ol.reasoning { margin: 0; font-size: 13px; }
            ol.reasoning li { margin: 2px 0; }
            table { border-collapse: collapse; width: 100%; }
            th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
            th { font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; }
            td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px;
              overflow-wrap: anywhere; }
            .badge { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 9px;
              background: #e4e7eb; color: var(--fg); margin-left: 6px; }
            .badge.final { background: #dbeafe; }
            .none { color: var(--muted); font-style: italic; }
            details summary { cursor: pointer; color: var(--muted); font-size: 12px; }
            ol.steps { margin: 6px 0 0; padding-left: 22px; }
            ol.steps li.ran { color: var(--fg); }
            ol.steps li.cached { color: #2f7a52; }
            ol.steps li.miss { font-weight: 600; color: #b42318; }
            .cause { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; padding: 1px 6px;
              border-radius: 4px; background: #fff4e5; white-space: nowrap; }
            ul.warnings li { color: #8a4b00; }
            .legend span { display: inline-block; margin-right: 14px; color: var(--muted); font-size: 12px; }
            .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; }
            svg text { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: #52606d; }
            footer { color: var(--muted); font-size: 12px; }
            """;

    private HtmlStyle() {
    }
}
