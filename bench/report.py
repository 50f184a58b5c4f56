"""Turns the benchmark's runs into results.json, results.md and a chart (SVG written by hand, no libraries)."""
import json
import os
import statistics
from xml.sax.saxutils import escape

from contenders import NAMES as CONTENDER_ORDER

PHASES = ["startup+plan", "resolve", "pull", "build", "push"]
PHASE_COLOURS = {"startup+plan": "#8c564b", "resolve": "#9467bd", "pull": "#1f77b4", "build": "#ff7f0e",
                 "push": "#2ca02c", "other": "#c7c7c7"}
CONTENDER_LABEL = {"cold": "cold build (no cache)", "recipe": "articles' recipe (classic)",
                   "hand-buildkit": "same strategy by hand (BuildKit)", "engine-classic": "engine --builder classic",
                   "engine-buildkit": "engine --builder buildkit", "hand-buildah": "same strategy by hand (buildah)",
                   "engine-buildah": "engine --builder buildah", "warm-local": "warm local rebuild (lower bound)",
                   "buildx-registry": "buildx one-liner, registry cache (Docker 26, containerd store)",
                   "engine26-buildkit": "engine --builder buildkit on Docker 26 (containerd store)",
                   "engine26-registry": "engine --builder registry on Docker 26 (containerd store)"}
CHANGE_LABEL = {"none": "no change", "source": "source-only change", "deps": "dependency change"}
APP_LABEL = {"multi": "multi-stage app", "single": "single-stage app"}
TARGET_CELL = ("multi", "shaped", "fresh", "source")


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 3) if values else None


def spread(values):
    values = [v for v in values if v is not None]
    return (round(min(values), 3), round(max(values), 3)) if values else (None, None)


def summarize(rows):
    ok = [r for r in rows if r["ok"]]
    seconds = [r["seconds"] for r in ok]
    lo, hi = spread(seconds)
    phases = {}
    for p in PHASES:
        vals = [r["phases"].get(p) for r in ok if p in r.get("phases", {})]
        if vals:
            phases[p] = median(vals)
    out = {
        "runs": len(rows), "ok": len(ok), "seconds": {"median": median(seconds), "min": lo, "max": hi,
                                                      "all": seconds},
        "phases": phases,
        "bytes": {k: median([r["bytes"].get(k) for r in ok]) for k in ("wireDown", "wireUp", "registryGrowth")},
        "hitRatio": median([r["cache"]["hitRatio"] for r in ok]),
        "unaffectedRatioMin": min((r["cache"]["unaffectedRatio"] for r in ok
                                   if r["cache"]["unaffectedRatio"] is not None), default=None),
        "allUnaffectedCachedInEveryStage": all(r["cache"]["allUnaffectedCachedInEveryStage"] for r in ok) if ok else None,
        "cachedSteps": median([r["cache"]["cachedSteps"] for r in ok]),
        "steps": ok[0]["cache"]["steps"] if ok else None,
    }
    engine = [r["engine"] for r in ok if "engine" in r]
    if engine:
        out["engine"] = {"startupPlanSeconds": median([e["startupPlanSeconds"] for e in engine]),
                         "startupPlanMax": spread([e["startupPlanSeconds"] for e in engine])[1],
                         "bytesPulled": median([e["bytesPulled"] for e in engine]),
                         "bytesPushed": median([e["bytesPushed"] for e in engine])}
    return out


def cells(results):
    """{(app, link, agent, change): {contender: [runs]}}; cold runs join every fresh cell of their app and link,
    warm local rebuilds every cell of their app and change."""
    table = {}
    for r in results:
        if r["contender"] in ("cold", "warm-local"):
            continue
        table.setdefault((r["app"], r["link"], r["agent"], r["change"]), {}).setdefault(r["contender"], []).append(r)
    for key, rows in table.items():
        app, link_, agent, change = key
        cold = [r for r in results if r["contender"] == "cold" and r["app"] == app and r["link"] == link_]
        if cold and agent == "fresh":
            rows["cold"] = cold
        local = [r for r in results if r["contender"] == "warm-local" and r["app"] == app and r["change"] == change]
        if local:
            rows["warm-local"] = local
    if not table:  # only lower bounds were measured
        for r in results:
            table.setdefault((r["app"], r["link"], r["agent"], r["change"]), {}).setdefault(r["contender"], []).append(r)
    order = {"multi": 0, "single": 1, "shaped": 0, "loopback": 1, "fresh": 0, "warm": 1,
             "none": 0, "source": 1, "deps": 2, "-": 3}
    return dict(sorted(table.items(), key=lambda kv: tuple(order.get(x, 9) for x in kv[0])))


TARGETS = [("recipe", 0.85, "the articles' recipe"), ("hand-buildkit", 1.05, "the same strategy typed by hand"),
           ("warm-local", 1.25, "the warm local rebuild")]
# the daemonless engine is held to its own hand-typed strategy (no daemon, so no recipe or warm local rebuild)
BUILDAH_TARGETS = [("hand-buildah", 1.05, "the same strategy typed by hand with buildah")]
# the engine on Docker 26 (containerd store) against what users of modern Docker type
TARGETS_26 = [("buildx-registry", 1.0, "the buildx one-liner (Docker 26)")]


def fixed_costs(engine_row):
    """The engine's phases other than its builds, in seconds (medians): what it pays that the one-liner does not."""
    phases = engine_row.get("phases", {})
    parts = [(p, phases.get(p)) for p in ("startup+plan", "resolve", "pull", "push")]
    return ", ".join(f"{p} {v:.2f} s" for p, v in parts if v) or "none"


def targets(summary, startup):
    """The targets in the target scenario (or the first fresh-agent source change), one check per engine and
    target; a check whose contenders did not run, or never succeeded, says so (met: None) instead of a value."""
    key = TARGET_CELL if TARGET_CELL in summary else next(
        (k for k in summary if k[2] == "fresh" and k[3] == "source"), None)
    if key is None:
        return None, []
    rows = summary[key]
    checks = []

    def med(c):
        return rows[c]["seconds"]["median"] if c in rows and rows[c]["seconds"]["median"] else None

    def missing(c):
        return f"{CONTENDER_LABEL.get(c, c)} {'was not run' if c not in rows else 'never succeeded'}"

    builders = [("engine-classic", TARGETS), ("engine-buildkit", TARGETS)]
    if "engine-buildah" in rows or "hand-buildah" in rows:
        builders.append(("engine-buildah", BUILDAH_TARGETS))
    builders += [(c, TARGETS_26) for c in sorted(rows) if c.startswith("engine26-")]
    for builder, builder_targets in builders:
        e = med(builder)
        for other, limit, what in builder_targets:
            o = med(other)
            check = {"target": f"{builder} ≤ {limit:g}× {what}", "builder": builder, "against": other,
                     "value": None, "limit": limit, "met": None}
            if e and o:
                check.update(value=round(e / o, 3), met=e / o <= limit, detail=f"{e:.2f} s / {o:.2f} s")
                if e / o > limit:
                    check["detail"] += f"; fixed costs: {fixed_costs(rows[builder])}"
            else:
                check["detail"] = " and ".join(missing(c) for c in (builder, other) if not med(c))
            checks.append(check)
        cache_target = f"{builder}: 100% of unaffected steps from cache in every stage, every run"
        if e is None:
            checks.append({"target": cache_target, "builder": builder, "value": None, "limit": 1.0, "met": None,
                           "detail": missing(builder)})
            continue
        cache = rows[builder]
        checks.append({"target": cache_target,
                       "builder": builder, "value": cache["unaffectedRatioMin"], "limit": 1.0,
                       "met": bool(cache["allUnaffectedCachedInEveryStage"]),
                       "detail": f"worst run {cache['unaffectedRatioMin']:.0%}"
                       if cache["unaffectedRatioMin"] is not None else "n/a"})
        sp = cache.get("engine", {}).get("startupPlanSeconds")
        if sp is not None:
            checks.append({"target": f"{builder}: start-up + planning ≤ 0.5 s", "builder": builder,
                           "value": sp, "limit": 0.5, "met": sp <= 0.5,
                           "detail": f"median {sp:.2f} s from process start to the resolve phase "
                                     f"(build --help alone: {startup.get('helpMedian', float('nan')):.2f} s)"})
    return key, checks


def write(outdir, meta, results):
    grouped = cells(results)
    summary = {k: {c: summarize(rows) for c, rows in v.items()} for k, v in grouped.items()}
    target_key, checks = targets(summary, meta.get("startup", {}))
    data = {
        "meta": meta,
        "targetScenario": dict(zip(("app", "link", "agent", "change"), target_key)) if target_key else None,
        "targets": checks,
        "summary": [{"app": k[0], "link": k[1], "agent": k[2], "change": k[3], "contenders": v}
                    for k, v in summary.items()],
        "runs": results,
    }
    data["targetLines"] = [f"{verdict(c):<6} {c['target']}: {fmt_value(c)} ({c['detail']})" for c in checks]
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump(data, f, indent=2)
    with open(os.path.join(outdir, "results.md"), "w") as f:
        f.write(markdown(dict(meta, _runs=results), summary, target_key, checks))
    with open(os.path.join(outdir, "benchmark.svg"), "w") as f:
        f.write(svg(meta, summary, target_key))
    return data


def verdict(check):
    return "NOT MEASURED" if check["met"] is None else "MET" if check["met"] else "MISSED"


def fmt_value(check):
    v = check["value"]
    if v is None:
        return "n/a"
    if check["limit"] == 1.0 and "unaffected" in check["target"]:
        return f"{v:.0%}"
    return f"{v:.2f}" + ("×" if "×" in check["target"] else " s")


def mb(n):
    return "–" if n is None else f"{n / 1e6:.1f}"


def sec(n):
    return "–" if n is None else f"{n:.2f}"


def cell_title(key, meta):
    app, link_, agent, change = key
    link_desc = "loopback registry"
    if link_ == "shaped":
        l = meta.get("links", {}).get("shaped", {})
        link_desc = f"shaped link ({l.get('rttMs', 20):g} ms RTT, {l.get('rateMbit', 200)} Mbit/s)"
    return f"{APP_LABEL.get(app, app)} · {link_desc} · {agent} agent · {CHANGE_LABEL.get(change, change)}"


def markdown(meta, summary, target_key, checks):
    out = ["# cached-docker-build benchmark", ""]
    links = meta.get("links", {})
    out.append(f"Profile `{meta['profile']}`, {meta['reps']} repetition(s), commit `{meta.get('commit')}`, "
               f"{meta.get('date', '')[:16]}, {meta.get('cpus')} CPUs, kernel {meta.get('kernel')}, "
               f"{meta.get('wallMinutes')} min. Dependency step: `sleep {meta['sleepSeconds']}` + "
               f"{meta['depsMb'].get('multi')} MB (multi-stage) / {meta['depsMb'].get('single')} MB (single-stage).")
    if meta.get("contenders"):
        out.append(f"Contenders run (`--contenders`): {', '.join(meta['contenders'])}.")
    loads = sorted(r.get("loadAverage") for r in meta.get("_runs", []) if r.get("loadAverage") is not None)
    if loads:
        out.append(f"Load average (1 min) when a run started: median {statistics.median(loads):.1f}, "
                   f"max {loads[-1]:.1f} on {meta.get('cpus')} CPUs (other work on the machine shows up here).")
    out.append("")
    for name, l in links.items():
        out.append(f"- link `{name}`: {l.get('shaping')}")
    v = meta.get("versions", {})
    out.append(f"- dockerd {v.get('dockerd')}, classic client {v.get('dockerClassicClient')}, BuildKit client "
               f"{v.get('dockerBuildKitClient')}; {v.get('java')}; engine: `{meta.get('engineCommand')}`")
    st = meta.get("startup", {})
    if st:
        first = st.get("launcherFirstUseSeconds")
        out.append(f"- engine start-up (`build --help`, JVM and command line only): median {st['helpMedian']:.2f} s "
                   f"with `{meta.get('engineCommand', '').split('/')[-1]}` (runs: "
                   f"{', '.join(f'{t:.2f}' for t in st['helpSeconds'])}); plain `java -jar`: "
                   f"{st.get('javaJarHelpMedian', float('nan')):.2f} s"
                   + (f"; the launcher's first use (writes its class-data archive): {first:.2f} s" if first else ""))
    out.append("")
    if checks:
        out.append(f"## Targets ({cell_title(target_key, meta)}, medians)")
        out.append("")
        out.append("| target | value | met | detail |")
        out.append("|---|---|---|---|")
        for c in checks:
            met = "not measured" if c["met"] is None else "yes" if c["met"] else "**no**"
            out.append(f"| {c['target']} | {fmt_value(c)} | {met} | {c['detail']} |")
        out.append("")
    out.append("## All scenarios")
    out.append("")
    out.append("Wall time: median [min–max] over the repetitions, seconds. Phases: medians. `down`/`up`: bytes "
               "that crossed the shaped link (counted by the forwarder; `–` on loopback). `reg+`: growth of the "
               "registry's storage. `cached`: steps served from cache (median) / steps; `unaffected`: worst run's "
               "share of the steps the change did not touch that came from cache.")
    out.append("")
    for key, rows in summary.items():
        out.append(f"### {cell_title(key, meta)}")
        out.append("")
        out.append("| contender | wall s | start+plan | resolve | pull | build | push | down MB | up MB | reg+ MB "
                   "| cached | unaffected |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for c in sorted(rows, key=lambda c: CONTENDER_ORDER.index(c) if c in CONTENDER_ORDER else 99):
            s = rows[c]
            w = s["seconds"]
            p = s["phases"]
            failed = f" ({s['runs'] - s['ok']} failed)" if s["ok"] < s["runs"] else ""
            unaffected = "–" if c == "cold" or s["unaffectedRatioMin"] is None else f"{s['unaffectedRatioMin']:.0%}"
            cached = "–" if s["cachedSteps"] is None else f"{s['cachedSteps']:g}/{s['steps']}"
            out.append(f"| {CONTENDER_LABEL.get(c, c)}{failed} | **{sec(w['median'])}** [{sec(w['min'])}–"
                       f"{sec(w['max'])}] | {sec(p.get('startup+plan'))} | {sec(p.get('resolve'))} | "
                       f"{sec(p.get('pull'))} | {sec(p.get('build'))} | {sec(p.get('push'))} | "
                       f"{mb(s['bytes']['wireDown'])} | {mb(s['bytes']['wireUp'])} | "
                       f"{mb(s['bytes']['registryGrowth'])} | {cached} | {unaffected} |")
        out.append("")
    return "\n".join(out) + "\n"


def svg(meta, summary, target_key):
    width, left, right = 980, 250, 60
    bar_w = width - left - right
    row_h, gap, head = 22, 6, 34
    y = 56
    parts = []
    keys = list(summary)
    if target_key in keys:
        keys.remove(target_key)
        keys.insert(0, target_key)
    for key in keys:
        rows = summary[key]
        names = sorted(rows, key=lambda c: CONTENDER_ORDER.index(c) if c in CONTENDER_ORDER else 99)
        top = max((rows[c]["seconds"]["max"] or 0) for c in names) or 1
        scale = bar_w / nice(top)
        title = cell_title(key, meta) + ("  ← targets" if key == target_key else "")
        parts.append(f'<text x="10" y="{y + 18}" font-weight="bold">{escape(title)}</text>')
        y += head
        for c in names:
            s = rows[c]
            med = s["seconds"]["median"]
            label = CONTENDER_LABEL.get(c, c)
            parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>')
            if med is None:
                parts.append(f'<text x="{left + 4}" y="{y + 15}" fill="#b00">failed</text>')
                y += row_h + gap
                continue
            x = left
            used = 0.0
            for p in PHASES:
                v = s["phases"].get(p)
                if not v:
                    continue
                v = min(v, med - used)
                if v <= 0:
                    continue
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{v * scale:.1f}" height="{row_h}" '
                             f'fill="{PHASE_COLOURS[p]}"><title>{escape(p)} {v:.2f} s</title></rect>')
                x += v * scale
                used += v
            if med - used > 0.005:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{(med - used) * scale:.1f}" height="{row_h}" '
                             f'fill="{PHASE_COLOURS["other"]}"><title>other {med - used:.2f} s</title></rect>')
            lo, hi = s["seconds"]["min"], s["seconds"]["max"]
            cy = y + row_h / 2
            parts.append(f'<line x1="{left + lo * scale:.1f}" y1="{cy}" x2="{left + hi * scale:.1f}" y2="{cy}" '
                         f'stroke="#222" stroke-width="1.2"/>')
            for edge in (lo, hi):
                parts.append(f'<line x1="{left + edge * scale:.1f}" y1="{cy - 5}" x2="{left + edge * scale:.1f}" '
                             f'y2="{cy + 5}" stroke="#222" stroke-width="1.2"/>')
            parts.append(f'<text x="{left + hi * scale + 6:.1f}" y="{y + 15}">{med:.1f} s</text>')
            y += row_h + gap
        axis_top = nice(top)
        step = axis_top / 5
        for i in range(6):
            ax = left + i * step * scale
            parts.append(f'<line x1="{ax:.1f}" y1="{y - 2}" x2="{ax:.1f}" y2="{y + 3}" stroke="#888"/>')
            parts.append(f'<text x="{ax:.1f}" y="{y + 15}" text-anchor="middle" fill="#555" font-size="11">'
                         f'{i * step:g}</text>')
        parts.append(f'<line x1="{left}" y1="{y - 2}" x2="{left + bar_w}" y2="{y - 2}" stroke="#888"/>')
        y += 30
    legend_x = 10
    legend = []
    for p in PHASES + ["other"]:
        legend.append(f'<rect x="{legend_x}" y="30" width="12" height="12" fill="{PHASE_COLOURS[p]}"/>'
                      f'<text x="{legend_x + 16}" y="40">{escape(p)}</text>')
        legend_x += 24 + 8 * len(p) + 20
    legend.append(f'<line x1="{legend_x}" y1="36" x2="{legend_x + 30}" y2="36" stroke="#222"/>'
                  f'<text x="{legend_x + 36}" y="40">min–max of {meta["reps"]} runs (bar: medians, seconds)</text>')
    header = (f'<text x="10" y="18" font-size="15" font-weight="bold">cached-docker-build benchmark: wall time per '
              f'phase (commit {escape(str(meta.get("commit")))}, {meta["reps"]} reps, {meta.get("cpus")} CPUs)</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y + 10}" '
            f'viewBox="0 0 {width} {y + 10}" font-family="sans-serif" font-size="12">\n'
            f'<rect width="100%" height="100%" fill="white"/>\n{header}\n' + "\n".join(legend) + "\n"
            + "\n".join(parts) + "\n</svg>\n")


def nice(value):
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value <= step * 5:
            return step * 5
    return value
