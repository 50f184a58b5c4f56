#!/usr/bin/env python3
"""Benchmark of cached-docker-build against what a user would do instead. See docs/benchmarks.md.

    bench/run.sh [--smoke | --quick | --full] [--reps N] [--sleep S] [--contenders LIST] [--no-publish] [--keep-work]

Runs every contender interleaved in each repetition, on a fresh agent (daemon wiped, registry keeps
everything) and a warm one, after no change, a source-only change and a dependency change, over loopback and
over a shaped link. Writes bench/out/<timestamp>/results.json, results.md and benchmark.svg, and copies the
chart to docs/images/benchmark.svg (not for --smoke).
"""
import argparse
import datetime
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import apps  # noqa: E402
import contenders  # noqa: E402
import link  # noqa: E402
import profiles  # noqa: E402
import report  # noqa: E402
from environment import REPO, Environment, RunFailed, Shell, git_commit, log, must, tool_versions  # noqa: E402

JAR = os.path.join(REPO, "cli", "target", "cached-docker-build.jar")
LAUNCHER = os.path.join(REPO, "cli", "cached-docker-build")

class Interrupted(Exception):
    pass


def on_signal(signum, _frame):
    raise Interrupted(f"signal {signum}")


class Bench:
    def __init__(self, args, profile, workdir, outdir):
        self.args = args
        self.profile = profile
        self.workdir = workdir
        self.outdir = outdir
        self.env = Environment()
        self.links = {}
        self.sh = None
        self.engine_cmd = args.engine_cmd.split() if args.engine_cmd else [LAUNCHER]
        self.apps = {}
        self.versions = {}
        self.results = []
        self.local_ready = set()
        self.run_counter = 0

    # ---- set-up
    def setup(self):
        self.env.ensure()
        self.env.require(self.daemons())
        self.sh = Shell(self.env.props, self.workdir)
        for name in sorted(profiles.links_of(self.profile)):
            link_ = link.LoopbackLink(self.workdir) if name == "loopback" else link.ShapedLink(self.workdir)
            self.links[name] = link_
            link_.start()
            log(f"link {name}: registry {link_.address} ({link_.shaping})")
        base = self.env.props["CDB_BASE_IMAGE"]
        with open(os.path.join(self.outdir, "setup.log"), "a") as logf:
            must(self.sh.docker_buildkit(["pull", base], logf), "pull of the base image")
            for link_ in self.links.values():
                ref = f"{link_.address}/base/busybox:1"
                must(self.sh.docker_buildkit(["tag", base, ref], logf), "tag")
                must(self.sh.docker_buildkit(["push", ref], logf), "push of the base image")
        app_names = {a for a, _l, _c in self.profile["fresh"] + self.profile["warm"]} | \
            {a for a, _l in self.profile["cold"]} | {a for a, _c in self.profile["local"]}
        for name in sorted(app_names):
            for link_name, link_ in self.links.items():
                self.apps[(name, link_name)] = apps.make_app(name, f"{link_.address}/base/busybox:1",
                                                              self.profile["sleep"], self.profile["deps_mb"][name])

    def measures_engine(self):
        return any(c.startswith("engine-") for c in self.profile["contenders"])

    def ensure_jar(self):
        if self.args.engine_cmd or not self.measures_engine():
            return
        if self.args.build or not os.path.exists(JAR):
            log("building the CLI jar (mvn -o -q package -DskipTests)")
            if subprocess.run(["mvn", "-o", "-q", "package", "-DskipTests"], cwd=REPO).returncode != 0:
                subprocess.run(["mvn", "-q", "package", "-DskipTests"], cwd=REPO, check=True)

    def contender(self, name):
        return contenders.make(name, self.sh, self.engine_cmd)

    # ---- one run
    def context(self, contender, app, link_name):
        path = os.path.join(self.workdir, "ctx", f"{app.name}-{link_name}-{contender.name}")
        os.makedirs(path, exist_ok=True)
        return path

    def build(self, contender_name, app_name, link_name, change, agent, rep, record=True):
        contender = self.contender(contender_name)
        app = self.apps[(app_name, link_name)]
        link_ = self.links.get(link_name)
        key = (contender_name, app_name, link_name)
        version = apps.next_version(self.versions.get(key, (0, 0)), change)
        ctx = self.context(contender, app, link_name)
        app.write_context(ctx, version)
        self.run_counter += 1
        log_name = f"{self.run_counter:04d}-{app_name}-{link_name}-{agent}-{change}-{contender_name}.log"
        wire_before = link_.wire_bytes() if link_ else None
        stored_before = link_.registry.stored_bytes() if link_ and contender.registry else None
        entry = {"rep": rep, "app": app_name, "link": link_name, "agent": agent, "change": change,
                 "contender": contender_name, "version": list(version), "log": f"logs/{log_name}",
                 "loadAverage": round(os.getloadavg()[0], 2)}
        with open(os.path.join(self.outdir, "logs", log_name), "w") as logf:
            start = time.monotonic()
            try:
                out = contender.run(app, link_, ctx, logf)
                entry["ok"] = True
            except RunFailed as e:
                out, entry["ok"], entry["error"] = None, False, str(e)
            entry["seconds"] = round(time.monotonic() - start, 3)
        self.versions[key] = version
        if out:
            entry["phases"] = {k: round(v, 3) for k, v in out["phases"].items()}
            entry["cache"] = apps.cache_summary(app, change if change != "-" else "source", out["outcomes"])
            if "engine" in out:
                entry["engine"] = out["engine"]
        wire_after = link_.wire_bytes() if link_ else None
        entry["bytes"] = {
            "wireDown": wire_after["down"] - wire_before["down"] if wire_before else None,
            "wireUp": wire_after["up"] - wire_before["up"] if wire_before else None,
            "registryGrowth": link_.registry.stored_bytes() - stored_before if stored_before is not None else None,
        }
        if record:
            self.results.append(entry)
            self.say(entry)
        elif not entry["ok"]:
            raise RunFailed(f"preparation {log_name} failed: {entry.get('error')}")
        return entry

    def say(self, e):
        if not e["ok"]:
            log(f"rep {e['rep']} {e['app']}/{e['link']}/{e['agent']}/{e['change']} {e['contender']}: FAILED "
                f"({e.get('error')}, see {e['log']})")
            return
        c = e["cache"]
        log(f"rep {e['rep']} {e['app']}/{e['link']}/{e['agent']}/{e['change']} {e['contender']}: "
            f"{e['seconds']:.1f} s, cached {c['cachedSteps']}/{c['steps']}, unaffected from cache "
            f"{c['unaffectedCached']}/{c['unaffectedSteps']}")

    def daemons(self):
        """The daemons the profile's contenders build on (dockerd 20.10 for the baselines and set-up)."""
        return sorted({"docker20"} | {contenders.daemon_of(c) for c in self.profile["contenders"]})

    def wipe(self, contender=None):
        """A fresh agent for contender (its daemon wiped), or for all of them."""
        for daemon in ([contenders.daemon_of(contender)] if contender else self.daemons()):
            self.env.wipe(daemon)
        self.sh.wipe_buildah()
        self.local_ready.clear()

    # ---- schedule
    def seed(self):
        """Every registry contender publishes the first version once, unmeasured, on a wiped daemon."""
        keys = sorted({(c, a, l) for a, l, _ch in self.profile["fresh"] + self.profile["warm"]
                       for c in self.profile["contenders"]})
        log(f"seeding {len(keys)} cache repositories (unmeasured)")
        for c, a, l in keys:
            self.wipe(c)
            self.build(c, a, l, "none", "seed", 0, record=False)

    def repetition(self, rep):
        contenders = rotate(self.profile["contenders"], rep)
        pairs = []
        for a, l, _c in self.profile["fresh"] + self.profile["warm"]:
            if (a, l) not in pairs:
                pairs.append((a, l))
        for a, l in self.profile["cold"]:
            if (a, l) not in pairs:
                pairs.append((a, l))
        for a, l in pairs:
            if (a, l) in self.profile["cold"]:
                self.wipe("cold")
                self.build("cold", a, l, "-", "fresh", rep)
            changes = [c for aa, ll, c in self.profile["fresh"] if (aa, ll) == (a, l)]
            warm = [c for aa, ll, c in self.profile["warm"] if (aa, ll) == (a, l)]
            if warm and "none" not in changes:
                changes = ["none*"] + changes
            for change in ("none", "none*", "source", "deps"):
                if change not in changes:
                    continue
                for c in contenders:
                    self.wipe(c)
                    self.build(c, a, l, "none" if change == "none*" else change, "fresh", rep,
                               record=change != "none*")
                    if change.startswith("none"):
                        for w in warm:
                            self.build(c, a, l, w, "warm", rep)
        local_apps = []
        for a, _c in self.profile["local"]:
            if a not in local_apps:
                local_apps.append(a)
        for a in local_apps:
            link_name = next(iter(sorted(self.links)))
            self.wipe("warm-local")
            self.build("warm-local", a, link_name, "none", "prep", rep, record=False)
            for change in ("none", "source", "deps"):
                if (a, change) in self.profile["local"]:
                    self.build("warm-local", a, link_name, change, "warm", rep)

    def startup(self):
        """The engine's own start-up, `build --help` (JVM and command line only): the configured command after
        its first use, plain `java -jar`, and the launcher's first use (no class-data archive yet)."""
        def timed(argv, env):
            start = time.monotonic()
            subprocess.run(argv + ["build", "--help"], stdout=subprocess.DEVNULL, check=True, env=env)
            return time.monotonic() - start

        first_use = None
        if self.engine_cmd == [LAUNCHER]:
            fresh_env = dict(self.sh.base_env, XDG_CACHE_HOME=os.path.join(self.workdir, "xdg-first-use"))
            first_use = round(timed(self.engine_cmd, fresh_env), 3)
            # the launcher's detached JVMs write the class-data archives; let them finish before timing
            timed(self.engine_cmd, self.sh.base_env)
            for xdg in (fresh_env["XDG_CACHE_HOME"], self.sh.base_env["XDG_CACHE_HOME"]):
                wait_for_archive(os.path.join(xdg, "cached-docker-build"))
        times, plain = [], []
        for _ in range(7):
            times.append(timed(self.engine_cmd, self.sh.base_env))
            plain.append(timed(["java", "-jar", JAR], self.sh.base_env))
        return {"helpSeconds": [round(t, 3) for t in times], "helpMedian": round(statistics.median(times), 3),
                "javaJarHelpMedian": round(statistics.median(plain), 3), "launcherFirstUseSeconds": first_use}

    def teardown(self):
        for link_ in self.links.values():
            try:
                link_.stop()
            except Exception as e:  # noqa: BLE001 - clean up as much as possible
                log(f"could not stop link {link_.name}: {e}")
        try:
            if self.sh:
                self.wipe()  # the daemon holds only what the benchmark built
        except Exception as e:  # noqa: BLE001
            log(f"could not wipe the daemon: {e}")
        self.env.stop_if_started()


def wait_for_archive(directory, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        names = os.listdir(directory) if os.path.isdir(directory) else []
        if any(n.endswith(".jsa") for n in names) and not any(n.endswith(".partial") for n in names):
            return
        time.sleep(0.2)


def rotate(items, rep):
    k = rep % len(items) if items else 0
    return items[k:] + items[:k]


def contender_list(text):
    try:
        return contenders.parse(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="cached-docker-build benchmark (docs/benchmarks.md)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--smoke", action="store_true", help="seconds-long check for CI: 1 rep, loopback, no timing claims")
    mode.add_argument("--quick", action="store_true", help="only the target scenario (multi-stage, shaped, fresh, source)")
    mode.add_argument("--full", action="store_true", help="every app, link, change and agent")
    parser.add_argument("--reps", type=int, help=f"repetitions ({profiles.profile_defaults('reps')})")
    parser.add_argument("--sleep", type=int,
                        help=f"seconds the dependency step sleeps ({profiles.profile_defaults('sleep')})")
    parser.add_argument("--engine-cmd", help=f"command that runs the CLI (default: {os.path.relpath(LAUNCHER, REPO)}, "
                                             "the launcher)")
    parser.add_argument("--build", action="store_true", help="rebuild the CLI jar first (built anyway when missing)")
    parser.add_argument("--out", help="output directory (default: bench/out/<timestamp>)")
    parser.add_argument("--no-publish", action="store_true", help="do not copy the chart to docs/images/")
    parser.add_argument("--keep-work", action="store_true", help="keep registry storage and contexts")
    parser.add_argument("--contenders", type=contender_list, metavar="LIST",
                        help=f"run only these contenders (comma-separated, among {', '.join(contenders.NAMES)}; "
                             "default: every one the profile runs)")
    return parser.parse_args(argv)


def profile_for(args):
    """The profile's name and settings, with the command line's --reps, --sleep and --contenders applied."""
    name = "smoke" if args.smoke else "quick" if args.quick else "full" if args.full else "default"
    profile = dict(profiles.PROFILES[name])
    if args.reps:
        profile["reps"] = args.reps
    if args.sleep is not None:
        profile["sleep"] = args.sleep
    if args.contenders:
        full = profiles.contenders_of(profile)
        profile = profiles.restrict(profile, args.contenders)
        if not profiles.contenders_of(profile):
            raise SystemExit(f"--contenders {','.join(args.contenders)}: the {name} profile runs none of them "
                             f"(it runs {', '.join(full)})")
    return name, profile


def main():
    args = parse_args()
    profile_name, profile = profile_for(args)
    if args.contenders:
        left_out = [c for c in args.contenders if c not in profiles.contenders_of(profile)]
        log(f"contenders: {', '.join(profiles.contenders_of(profile))}"
            + (f" ({', '.join(left_out)}: not in the {profile_name} profile)" if left_out else ""))
    if "shaped" in profiles.links_of(profile) and os.geteuid() != 0:
        raise SystemExit("the shaped link needs root (network namespace, veth, tc); run as root or use --smoke")

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    outdir = os.path.abspath(args.out or os.path.join(HERE, "out", stamp))
    os.makedirs(os.path.join(outdir, "logs"), exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="cdb-bench-work.")
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)

    bench = Bench(args, profile, workdir, outdir)
    started = time.monotonic()
    status = 0
    meta = {"profile": profile_name, "reps": profile["reps"], "sleepSeconds": profile["sleep"],
            "depsMb": profile["deps_mb"], "commit": git_commit(), "date": datetime.datetime.now().isoformat(),
            "cpus": os.cpu_count(), "kernel": os.uname().release}
    if args.contenders:
        meta["contenders"] = profiles.contenders_of(profile)
    try:
        bench.ensure_jar()
        bench.setup()
        meta["links"] = {n: l.describe() for n, l in bench.links.items()}
        meta["versions"] = tool_versions(bench.sh)
        meta["engineCommand"] = " ".join(bench.engine_cmd)
        if bench.measures_engine():
            meta["startup"] = bench.startup()
            log(f"engine start-up (build --help): median {meta['startup']['helpMedian']:.2f} s "
                f"(java -jar: {meta['startup']['javaJarHelpMedian']:.2f} s)")
        bench.seed()
        for rep in range(1, profile["reps"] + 1):
            log(f"repetition {rep}/{profile['reps']}")
            bench.repetition(rep)
    except Interrupted as e:
        log(f"interrupted ({e}); cleaning up")
        status = 130
    except (RunFailed, subprocess.CalledProcessError, RuntimeError) as e:
        log(f"FAILED: {e}")
        status = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        bench.teardown()
        if not args.keep_work:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"work directory kept: {workdir}")
    meta["wallMinutes"] = round((time.monotonic() - started) / 60, 1)
    if bench.results:
        data = report.write(outdir, meta, bench.results)
        log(f"results: {outdir}/results.md, results.json, benchmark.svg ({meta['wallMinutes']} min)")
        if profile_name != "smoke" and not args.no_publish and status == 0:
            shutil.copyfile(os.path.join(outdir, "benchmark.svg"), os.path.join(REPO, "docs", "images",
                                                                                "benchmark.svg"))
            log("chart copied to docs/images/benchmark.svg")
        if any(not r["ok"] for r in bench.results):
            status = status or 1
        for line in data.get("targetLines", []):
            log(line)
    return status


if __name__ == "__main__":
    sys.exit(main())
