"""The contenders: each way of building and publishing the app that the benchmark times."""
import json
import os
import subprocess
import time

import apps
from environment import COMMAND_TIMEOUT, RunFailed, must

# every contender, in the order the tables list them
NAMES = ["cold", "recipe", "hand-buildkit", "engine-classic", "engine-buildkit", "hand-buildah", "engine-buildah",
         "buildx-registry", "engine26-buildkit", "engine26-registry", "warm-local"]
# the daemon each contender builds on (test-env.sh wipe-daemon --engine ...); the others use dockerd 20.10
DAEMON_OF = {"buildx-registry": "docker26-containerd", "engine26-buildkit": "docker26-containerd",
             "engine26-registry": "docker26-containerd"}


def daemon_of(name):
    return DAEMON_OF.get(name, "docker20")


class Contender:
    """One way to build and publish the app. run() returns phases, cache outcomes and engine figures."""
    name = None
    registry = True
    daemon = "docker20"

    def __init__(self, sh):
        self.sh = sh

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


class BuildxRegistry(Contender):
    """What users of modern Docker type: one buildx build with a registry cache (mode=max) and --push, on
    Docker 26 with the containerd image store."""
    name = "buildx-registry"
    daemon = "docker26-containerd"

    def run(self, app, link_, ctx, logf):
        img = self.image(app, link_)
        outcomes = {}
        args = ["buildx", "build", "--progress=plain", "--cache-from", f"type=registry,ref={img}:buildcache",
                "--cache-to", f"type=registry,ref={img}:buildcache,mode=max", "-t", f"{img}:main", "--push", "."]
        rc, build, out = must(self.sh.docker26(args, logf, ctx), "docker buildx build")
        apps.buildkit_steps(app, out, outcomes)
        return {"phases": {"pull": 0.0, "build": build, "push": 0.0}, "outcomes": outcomes}


class HandBuildah(Contender):
    """The same strategy typed by hand with buildah, no daemon: one `buildah build --layers` with the image's
    cache repository as --cache-from and --cache-to (buildah's registry layer cache covers every stage), then
    `buildah push` of the final tag. Loopback registries are plain HTTP: --tls-verify=false."""
    name = "hand-buildah"

    def run(self, app, link_, ctx, logf):
        img = self.image(app, link_)
        cache = f"{img}-cache"
        outcomes = {}
        rc, build, out = must(self.sh.buildah_cmd(
            ["build", "--isolation", "chroot", "--network", "host", "--layers", "--tls-verify=false",
             "--cache-from", cache, "--cache-to", cache, "-t", f"{img}:latest", "."], logf, self.name, ctx),
            "buildah build")
        apps.buildah_steps(app, out, outcomes)
        push = must(self.sh.buildah_cmd(["push", "--tls-verify=false", f"{img}:latest"], logf, self.name),
                    "buildah push")[1]
        return {"phases": {"pull": 0.0, "build": build, "push": push}, "outcomes": outcomes}


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
    """cached-docker-build (the command line, by default its launcher) with one builder."""

    def __init__(self, sh, engine_cmd, builder, daemon="docker20"):
        super().__init__(sh)
        self.engine_cmd = engine_cmd
        self.builder = builder
        self.daemon = daemon
        self.name = f"engine-{builder}" if daemon == "docker20" else f"engine26-{builder}"

    def run(self, app, link_, ctx, logf):
        report_file = os.path.join(ctx, f"report-{self.name}.json")
        if os.path.exists(report_file):
            os.remove(report_file)
        if self.builder == "buildah":
            tool = ["--buildah", self.sh.buildah]
        elif self.daemon == "docker20":
            tool = ["--docker", self.sh.classic if self.builder == "classic" else self.sh.buildkit]
        else:
            tool = ["--docker", self.sh.docker26_cli]
        argv = self.engine_cmd + ["build", "--image", self.image(app, link_), "--branch", "main",
                                  "--builder", self.builder] + tool + ["--report", report_file, ctx]
        logf.write(f"\n$ {' '.join(argv)}\n")
        logf.flush()
        env = dict(self.sh.base_env if self.daemon == "docker20" else self.sh.env26)
        if self.builder == "buildah":
            env.update(self.sh.buildah_env(self.name))
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


def make(name, sh, engine_cmd):
    """The contender called name (one of NAMES)."""
    if name.startswith("engine-") or name.startswith("engine26-"):
        return Engine(sh, engine_cmd, name.split("-", 1)[1], daemon_of(name))
    return {"recipe": Recipe, "hand-buildkit": HandBuildKit, "hand-buildah": HandBuildah, "cold": Cold,
            "warm-local": WarmLocal, "buildx-registry": BuildxRegistry}[name](sh)


def parse(text):
    """The contenders named in a comma-separated list ('recipe,engine-buildkit'), each once, in the order given."""
    names = []
    for name in (n.strip() for n in text.split(",")):
        if not name:
            raise ValueError(f"empty contender name in {text!r}")
        if name not in NAMES:
            raise ValueError(f"unknown contender {name!r}; the contenders are {', '.join(NAMES)}")
        if name not in names:
            names.append(name)
    return names
