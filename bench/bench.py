#!/usr/bin/env python3
"""Benchmark of cached-docker-build against what a user would do instead. See docs/benchmarks.md.

    bench/run.sh [--smoke | --quick | --full] [--reps N] [--sleep S] [--no-publish] [--keep-work]

Runs every contender interleaved in each repetition, on a fresh agent (daemon wiped, registry keeps
everything) and a warm one, after no change, a source-only change and a dependency change, over loopback and
over a shaped link. Writes bench/out/<timestamp>/results.json, results.md and benchmark.svg, and copies the
chart to docs/images/benchmark.svg (not for --smoke).
"""
import argparse
import datetime
import json
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
import link  # noqa: E402
import report  # noqa: E402

REPO = os.path.dirname(HERE)
JAR = os.path.join(REPO, "cli", "target", "cached-docker-build.jar")
LAUNCHER = os.path.join(REPO, "cli", "cached-docker-build")
COMMAND_TIMEOUT = 900

REGISTRY_CONTENDERS = ["recipe", "hand-buildkit", "engine-classic", "engine-buildkit"]

PROFILES = {
    # CI: seconds, not a measurement
    "smoke": dict(reps=1, sleep=2, deps_mb={"multi": 5, "single": 5},
                  contenders=["recipe", "engine-classic", "engine-buildkit"],
                  fresh=[("multi", "loopback", "source")], warm=[], cold=[], local=[]),
    "quick": dict(reps=3, sleep=6, deps_mb={"multi": 40, "single": 30}, contenders=REGISTRY_CONTENDERS,
                  fresh=[("multi", "shaped", "source")], warm=[], cold=[("multi", "shaped")],
                  local=[("multi", "source")]),
    "default": dict(reps=3, sleep=6, deps_mb={"multi": 40, "single": 30}, contenders=REGISTRY_CONTENDERS,
                    fresh=[("multi", "shaped", "none"), ("multi", "shaped", "source"), ("multi", "shaped", "deps"),
                           ("multi", "loopback", "source"), ("single", "shaped", "source")],
                    warm=[("multi", "shaped", "source")],
                    cold=[("multi", "shaped"), ("multi", "loopback"), ("single", "shaped")],
                    local=[("multi", "none"), ("multi", "source"), ("multi", "deps"), ("single", "source")]),
    "full": dict(reps=5, sleep=6, deps_mb={"multi": 40, "single": 30}, contenders=REGISTRY_CONTENDERS,
                 fresh=[(a, l, c) for a in ("multi", "single") for l in ("shaped", "loopback")
                        for c in ("none", "source", "deps")],
                 warm=[(a, l, c) for a in ("multi", "single") for l in ("shaped", "loopback")
                       for c in ("source", "deps")],
                 cold=[(a, l) for a in ("multi", "single") for l in ("shaped", "loopback")],
                 local=[(a, c) for a in ("multi", "single") for c in ("none", "source", "deps")]),
}


def log(message):
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


class Interrupted(Exception):
    pass


def on_signal(signum, _frame):
    raise Interrupted(f"signal {signum}")


# ----------------------------------------------------------------------------- environment

class Environment:
    """The project's test environment (scripts/test-env.sh): dockerd, a registry with the base image."""

    def __init__(self):
        self.script = os.path.join(REPO, "scripts", "test-env.sh")
        self.started_here = False
        self.props = {}

    def ensure(self):
        status = subprocess.run(["bash", self.script, "status"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        env_file = os.path.join(os.environ.get("CDB_ENV_DIR", os.path.join(REPO, ".cdb-env")), "env.properties")
        if status.returncode != 0 or not os.path.exists(env_file):
            log("starting the test environment (scripts/test-env.sh start)")
            subprocess.run(["bash", self.script, "start"], check=True, stdout=sys.stderr)
            self.started_here = True
        with open(env_file) as f:
            for line in f:
                if "=" in line and not line.startswith("#"):
                    key, value = line.rstrip("\n").split("=", 1)
                    self.props[key] = value.replace("\\\\", "\\")
        if self.props.get("CDB_DOCKER_MODE") != "managed":
            raise SystemExit("the benchmark wipes the daemon between runs; it needs the daemon managed by "
                             "scripts/test-env.sh (not a reused Docker)")

    def wipe(self):
        subprocess.run(["bash", self.script, "wipe-daemon"], check=True, stdout=subprocess.DEVNULL)

    def stop_if_started(self):
        if self.started_here:
            subprocess.run(["bash", self.script, "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ----------------------------------------------------------------------------- running commands

class Shell:
    def __init__(self, env_props, workdir):
        config = os.path.join(workdir, "docker-config")
        os.makedirs(config, exist_ok=True)
        with open(os.path.join(config, "config.json"), "w") as f:
            f.write("{}\n")
        self.base_env = dict(os.environ)
        # the engine launcher keeps its class-data archive here, like an agent's home directory would
        self.base_env.update(DOCKER_HOST=env_props["CDB_DOCKER_HOST"], DOCKER_CONFIG=config,
                             XDG_CACHE_HOME=os.path.join(workdir, "xdg-cache"))
        self.base_env.pop("DOCKER_BUILDKIT", None)
        self.classic = env_props.get("CDB_DOCKER_CLASSIC", "/usr/local/bin/docker")
        self.buildkit = env_props.get("CDB_DOCKER_BUILDKIT", "/usr/bin/docker")

    def run(self, argv, logf, cwd=None, env=None):
        """Runs argv, appends its output to logf; returns (exit code, seconds, output)."""
        full_env = dict(self.base_env)
        full_env.update(env or {})
        logf.write(f"\n$ {' '.join(argv)}\n")
        logf.flush()
        start = time.monotonic()
        try:
            proc = subprocess.run(argv, cwd=cwd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, timeout=COMMAND_TIMEOUT)
            rc, out = proc.returncode, proc.stdout
        except subprocess.TimeoutExpired as e:
            rc, out = 124, (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        seconds = time.monotonic() - start
        logf.write(out)
        logf.write(f"[exit {rc} after {seconds:.2f} s]\n")
        return rc, seconds, out

    def docker_classic(self, args, logf, cwd=None):
        return self.run([self.classic] + args, logf, cwd, {"DOCKER_BUILDKIT": "0"})

    def docker_buildkit(self, args, logf, cwd=None):
        return self.run([self.buildkit] + args, logf, cwd, {"DOCKER_BUILDKIT": "1"})


class RunFailed(Exception):
    pass


def must(result, what):
    if result[0] != 0:
        raise RunFailed(f"{what} failed (exit {result[0]})")
    return result


# ----------------------------------------------------------------------------- contenders

class Contender:
    """One way to build and publish the app. run() returns phases, cache outcomes and engine figures."""
    name = None
    registry = True

    def __init__(self, bench):
        self.bench = bench
        self.sh = bench.sh

    def image(self, app, link_):
        return f"{link_.address}/bench/{app.name}-{self.name}"


class Recipe(Contender):
    """The articles' recipe, exactly: classic builder, `docker pull ... || true`, --cache-from, push; for a
    multi-stage app the builder-tag variant (the builder stage built with --target and pushed as :builder)."""
    name = "recipe"

    def run(self, app, link_, ctx, logf):
        img = self.image(app, link_)
        phases = {"pull": 0.0, "build": 0.0, "push": 0.0}
        outcomes = {}
        if app.name == "multi":
            pulls = [f"{img}:builder", f"{img}:latest"]
            builds = [["--target", "builder", "--cache-from", f"{img}:builder", "-t", f"{img}:builder"],
                      ["--cache-from", f"{img}:builder", "--cache-from", f"{img}:latest", "-t", f"{img}:latest"]]
            pushes = [f"{img}:builder", f"{img}:latest"]
        else:
            pulls = [f"{img}:latest"]
            builds = [["--cache-from", f"{img}:latest", "-t", f"{img}:latest"]]
            pushes = [f"{img}:latest"]
        for ref in pulls:  # docker pull IMG:TAG || true
            phases["pull"] += self.sh.docker_classic(["pull", ref], logf)[1]
        for args in builds:
            rc, seconds, out = must(self.sh.docker_classic(["build"] + args + ["."], logf, ctx), "docker build")
            phases["build"] += seconds
            apps.classic_steps(app, out, outcomes)
        for ref in pushes:
            phases["push"] += must(self.sh.docker_classic(["push", ref], logf), "docker push")[1]
        return {"phases": phases, "outcomes": outcomes}


class HandBuildKit(Contender):
    """The same strategy typed by hand with BuildKit inline cache: every named stage built with --target,
    --cache-from all stage tags and BUILDKIT_INLINE_CACHE=1, then each tag pushed."""
    name = "hand-buildkit"

    def run(self, app, link_, ctx, logf):
        img = self.image(app, link_)
        phases = {"pull": 0.0, "build": 0.0, "push": 0.0}
        outcomes = {}
        tags = [(stage, f"{img}:{'latest' if i == len(app.stages) - 1 else stage}")
                for i, (stage, _f, _s) in enumerate(app.stages)]
        cache_from = [arg for _stage, ref in tags for arg in ("--cache-from", ref)]
        for i, (stage, ref) in enumerate(tags):
            target = [] if i == len(tags) - 1 else ["--target", stage]
            args = ["build", "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1"] + target + cache_from
            rc, seconds, out = must(self.sh.docker_buildkit(args + ["-t", ref, "."], logf, ctx), "docker build")
            phases["build"] += seconds
            apps.buildkit_steps(app, out, outcomes)
        for _stage, ref in tags:
            phases["push"] += must(self.sh.docker_buildkit(["push", ref], logf), "docker push")[1]
        return {"phases": phases, "outcomes": outcomes}


class Cold(Contender):
    """No cache at all (BuildKit, --no-cache), then push: what every fresh agent pays without a cache."""
    name = "cold"

    def run(self, app, link_, ctx, logf):
        img = self.image(app, link_)
        outcomes = {}
        rc, build, out = must(self.sh.docker_buildkit(["build", "--progress=plain", "--no-cache", "-t",
                                                       f"{img}:latest", "."], logf, ctx), "docker build")
        apps.buildkit_steps(app, out, outcomes)
        push = must(self.sh.docker_buildkit(["push", f"{img}:latest"], logf), "docker push")[1]
        return {"phases": {"pull": 0.0, "build": build, "push": push}, "outcomes": outcomes}


class WarmLocal(Contender):
    """Plain BuildKit `docker build` on a daemon that built the previous version: nothing to transfer."""
    name = "warm-local"
    registry = False

    def image(self, app, link_):
        return f"bench-local/{app.name}:latest"

    def run(self, app, link_, ctx, logf):
        outcomes = {}
        rc, build, out = must(self.sh.docker_buildkit(["build", "--progress=plain", "-t", self.image(app, link_),
                                                       "."], logf, ctx), "docker build")
        apps.buildkit_steps(app, out, outcomes)
        return {"phases": {"pull": 0.0, "build": build, "push": 0.0}, "outcomes": outcomes}


class Engine(Contender):
    """cached-docker-build (the CLI jar) with one builder."""

    def __init__(self, bench, builder):
        super().__init__(bench)
        self.builder = builder
        self.name = f"engine-{builder}"

    def run(self, app, link_, ctx, logf):
        report_file = os.path.join(ctx, f"report-{self.name}.json")
        if os.path.exists(report_file):
            os.remove(report_file)
        docker = self.sh.classic if self.builder == "classic" else self.sh.buildkit
        argv = self.bench.engine_cmd + ["build", "--image", self.image(app, link_), "--branch", "main",
                                        "--builder", self.builder, "--docker", docker, "--report", report_file, ctx]
        logf.write(f"\n$ {' '.join(argv)}\n")
        logf.flush()
        env = dict(self.sh.base_env)
        start = time.monotonic()
        planned = None
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                bufsize=1)
        lines = []
        try:
            for line in proc.stdout:
                if planned is None and line.startswith("==> ") and not line.startswith("==> plan"):
                    planned = time.monotonic() - start
                lines.append(line)
            rc = proc.wait(COMMAND_TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
        seconds = time.monotonic() - start
        output = "".join(lines)
        logf.write(output)
        logf.write(f"[exit {rc} after {seconds:.2f} s]\n")
        if rc != 0:
            raise RunFailed(f"engine exited {rc}")
        with open(report_file) as f:
            rep = json.load(f)
        p = rep.get("phases", {})
        phases = {"startup+plan": planned or 0.0, "resolve": p.get("resolveSeconds", 0.0),
                  "pull": p.get("pullSeconds", 0.0), "build": p.get("buildSeconds", 0.0),
                  "push": p.get("pushSeconds", 0.0)}
        plan_line = [l for l in lines if l.strip().startswith("plan done in")]
        return {"phases": phases, "outcomes": apps.engine_steps(app, rep, {}),
                "engine": {"startupPlanSeconds": planned, "bytesPulled": rep.get("bytesPulled"),
                           "bytesPushed": rep.get("bytesPushed"), "hitRatio": rep.get("hitRatio"),
                           "planPhase": plan_line[0].strip() if plan_line else None,
                           "reportPhases": p}}


# ----------------------------------------------------------------------------- the benchmark

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
        self.sh = Shell(self.env.props, self.workdir)
        needed = {l for _a, l, _c in self.profile["fresh"] + self.profile["warm"]} | {l for _a, l in self.profile["cold"]}
        if not needed:
            needed = {"loopback"}
        for name in sorted(needed):
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

    def ensure_jar(self):
        if self.args.engine_cmd:
            return
        if self.args.build or not os.path.exists(JAR):
            log("building the CLI jar (mvn -o -q package -DskipTests)")
            if subprocess.run(["mvn", "-o", "-q", "package", "-DskipTests"], cwd=REPO).returncode != 0:
                subprocess.run(["mvn", "-q", "package", "-DskipTests"], cwd=REPO, check=True)

    def contender(self, name):
        return {"recipe": Recipe, "hand-buildkit": HandBuildKit, "cold": Cold, "warm-local": WarmLocal}.get(
            name, None)(self) if not name.startswith("engine-") else Engine(self, name.split("-", 1)[1])

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

    def wipe(self):
        self.env.wipe()
        self.local_ready.clear()

    # ---- schedule
    def seed(self):
        """Every registry contender publishes the first version once, unmeasured, on a wiped daemon."""
        keys = sorted({(c, a, l) for a, l, _ch in self.profile["fresh"] + self.profile["warm"]
                       for c in self.profile["contenders"]})
        log(f"seeding {len(keys)} cache repositories (unmeasured)")
        for c, a, l in keys:
            self.wipe()
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
                self.wipe()
                self.build("cold", a, l, "-", "fresh", rep)
            changes = [c for aa, ll, c in self.profile["fresh"] if (aa, ll) == (a, l)]
            warm = [c for aa, ll, c in self.profile["warm"] if (aa, ll) == (a, l)]
            if warm and "none" not in changes:
                changes = ["none*"] + changes
            for change in ("none", "none*", "source", "deps"):
                if change not in changes:
                    continue
                for c in contenders:
                    self.wipe()
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
            self.wipe()
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


def git_commit():
    try:
        return subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                              text=True, check=True).stdout.strip()
    except (subprocess.CalledProcessError, OSError):
        return None


def versions(sh):
    out = {}
    for name, argv in (("dockerClassicClient", [sh.classic, "version", "--format", "{{.Client.Version}}"]),
                       ("dockerBuildKitClient", [sh.buildkit, "version", "--format", "{{.Client.Version}}"]),
                       ("dockerd", [sh.buildkit, "version", "--format", "{{.Server.Version}}"]),
                       ("java", ["java", "-version"])):
        try:
            p = subprocess.run(argv, env=sh.base_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            out[name] = p.stdout.strip().splitlines()[0] if p.stdout.strip() else None
        except OSError:
            out[name] = None
    return out


def main():
    parser = argparse.ArgumentParser(description="cached-docker-build benchmark (docs/benchmarks.md)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--smoke", action="store_true", help="seconds-long check for CI: 1 rep, loopback, no timing claims")
    mode.add_argument("--quick", action="store_true", help="only the target scenario (multi-stage, shaped, fresh, source)")
    mode.add_argument("--full", action="store_true", help="every app, link, change and agent")
    parser.add_argument("--reps", type=int, help="repetitions (default: 3, full: 5)")
    parser.add_argument("--sleep", type=int, help="seconds the dependency step sleeps (default 8)")
    parser.add_argument("--engine-cmd", help="command that runs the CLI (default: java -jar cli/target/cached-docker-build.jar)")
    parser.add_argument("--build", action="store_true", help="rebuild the CLI jar first")
    parser.add_argument("--out", help="output directory (default: bench/out/<timestamp>)")
    parser.add_argument("--no-publish", action="store_true", help="do not copy the chart to docs/images/")
    parser.add_argument("--keep-work", action="store_true", help="keep registry storage and contexts")
    args = parser.parse_args()

    profile_name = "smoke" if args.smoke else "quick" if args.quick else "full" if args.full else "default"
    profile = dict(PROFILES[profile_name])
    if args.reps:
        profile["reps"] = args.reps
    if args.sleep is not None:
        profile["sleep"] = args.sleep
    if any(l == "shaped" for _a, l, _c in profile["fresh"] + profile["warm"]) and os.geteuid() != 0:
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
    try:
        bench.ensure_jar()
        bench.setup()
        meta["links"] = {n: l.describe() for n, l in bench.links.items()}
        meta["versions"] = versions(bench.sh)
        meta["engineCommand"] = " ".join(bench.engine_cmd)
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
