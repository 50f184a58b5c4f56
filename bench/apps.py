"""The benchmark's sample apps, the changes made to them, and what each builder printed about its steps.

Every app is generated from the local busybox base image. Only RUN and COPY instructions are used, so the
classic builder, BuildKit and the engine all count the same steps. Each step knows which changes affect it
(its own input changes, or a step before it in the same stage, or a stage it builds on or copies from).
"""
import os
import re

SOURCE_FILES = 24


class App:
    def __init__(self, name, stages):
        self.name = name
        self.stages = stages  # [(stage id, FROM line, [(instruction, frozenset(changes that affect it))])]

    def dockerfile(self):
        lines = []
        for _stage, from_line, steps in self.stages:
            lines.append(from_line)
            lines.extend(instruction for instruction, _ in steps)
            lines.append("")
        return "\n".join(lines)

    def step_keys(self):
        """(stage id, 1-based step index without FROM) for every step, in Dockerfile order."""
        return [(stage, i + 1) for stage, _f, steps in self.stages for i in range(len(steps))]

    def unaffected(self, change):
        return {(stage, i + 1) for stage, _f, steps in self.stages for i, (_s, affected) in enumerate(steps)
                if change not in affected}

    def by_dockerfile_index(self):
        """Classic builder numbering: every instruction including FROM, from 1 -> step key (None for FROM)."""
        keys = {}
        n = 0
        for stage, _f, steps in self.stages:
            n += 1
            keys[n] = None
            for i in range(len(steps)):
                n += 1
                keys[n] = (stage, i + 1)
        return keys

    def write_context(self, directory, version):
        """Writes the build context for (dependency version, source version)."""
        deps_version, source_version = version
        os.makedirs(os.path.join(directory, "src"), exist_ok=True)
        with open(os.path.join(directory, "Dockerfile"), "w") as f:
            f.write(self.dockerfile())
        with open(os.path.join(directory, "deps.txt"), "w") as f:
            f.write(f"dependencies, lock file revision {deps_version}\n")
        for n in range(SOURCE_FILES):
            path = os.path.join(directory, "src", f"module{n:02d}.txt")
            body = f"module {n}\n" + "".join(f"line {k} of module {n}: some source text\n" for k in range(80))
            if n == 0:
                body += f"source revision {source_version}\n"
            with open(path, "w") as f:
                f.write(body)


DEPS = frozenset({"deps"})
BOTH = frozenset({"deps", "source"})
NONE = frozenset()


def make_app(name, base_image, sleep_seconds, deps_mb):
    heavy = (f"RUN sleep {sleep_seconds} && dd if=/dev/urandom of=/deps/lib.bin bs=1M count={deps_mb} "
             "2>/dev/null && ls -l /deps")
    if name == "multi":
        return App(name, [
            ("deps", f"FROM {base_image} AS deps", [
                ("COPY deps.txt /deps/deps.txt", DEPS),
                (heavy, DEPS),
            ]),
            ("builder", "FROM deps AS builder", [
                ("COPY src/ /src/", BOTH),
                ("RUN sleep 1 && mkdir -p /out && cat /src/*.txt > /out/app.txt && md5sum /deps/lib.bin >> "
                 "/out/app.txt && dd if=/dev/urandom of=/out/app.bin bs=1M count=2 2>/dev/null", BOTH),
            ]),
            ("stage-2", f"FROM {base_image}", [
                ("RUN sleep 1 && mkdir -p /app && echo 'listen 8080' > /app/config.txt", NONE),
                ("COPY --from=builder /out/ /app/", BOTH),
            ]),
        ])
    if name == "single":
        return App(name, [
            ("stage-0", f"FROM {base_image}", [
                ("COPY deps.txt /deps/deps.txt", DEPS),
                (heavy, DEPS),
                ("COPY src/ /app/src/", BOTH),
                ("RUN sleep 1 && cat /app/src/*.txt > /app/app.txt && md5sum /deps/lib.bin >> /app/app.txt",
                 BOTH),
            ]),
        ])
    raise ValueError(name)


def next_version(version, change):
    deps_version, source_version = version
    if change == "source":
        return deps_version, source_version + 1
    if change == "deps":
        return deps_version + 1, source_version
    return version


# ----------------------------------------------------------------------------- builder output

CLASSIC_STEP = re.compile(r"^Step (\d+)/\d+ : ")
CLASSIC_CACHED = re.compile(r"^ ---> Using cache")
BUILDKIT_VERTEX = re.compile(r"^#(\d+) \[(?:(\S+) )?(\d+)/(\d+)\] ")
BUILDKIT_CACHED = re.compile(r"^#(\d+) CACHED")
BUILDKIT_DONE = re.compile(r"^#(\d+) DONE ")
# a layer fetched for the vertex: its result came from a cache (Docker 26's containerd store may print this
# plus DONE and never CACHED; see engine/src/test/resources/recorded/README.md)
BUILDKIT_FETCH = re.compile(r"^#(\d+) (?:extracting sha256:[0-9a-f]{64}|sha256:[0-9a-f]{64} \S+ / \S+)(?: .*)?$")


def classic_steps(app, output, into):
    """Adds {step key: cached?} from one classic `docker build` output; the first sighting of a step wins."""
    keys = app.by_dockerfile_index()
    seen = {}
    current = None
    for line in output.splitlines():
        m = CLASSIC_STEP.match(line)
        if m:
            current = keys.get(int(m.group(1)))
            if current is not None:
                seen.setdefault(current, False)
            continue
        if current is not None and CLASSIC_CACHED.match(line):
            seen[current] = True
    for key, cached in seen.items():
        into.setdefault(key, cached)
    return into


def buildkit_steps(app, output, into):
    """Adds {step key: cached?} from one BuildKit `--progress=plain` output; the first sighting wins."""
    single = len(app.stages) == 1
    step_counts = {stage: len(steps) for stage, _f, steps in app.stages}
    vertices = {}
    outcome = {}
    for line in output.splitlines():
        m = BUILDKIT_VERTEX.match(line)
        if m:
            stage = m.group(2) or (app.stages[0][0] if single else None)
            # BuildKit counts FROM as step 1 for a base image, not for a stage built on another stage
            from_counted = int(m.group(4)) == step_counts.get(stage, -1) + 1
            index = int(m.group(3)) - (1 if from_counted else 0)
            if stage is not None and index >= 1:
                vertices[m.group(1)] = (stage, index)
            continue
        m = BUILDKIT_CACHED.match(line) or BUILDKIT_FETCH.match(line)
        if m and m.group(1) in vertices:
            outcome[vertices[m.group(1)]] = True
            continue
        m = BUILDKIT_DONE.match(line)
        if m and m.group(1) in vertices:
            outcome.setdefault(vertices[m.group(1)], False)
    for key, cached in outcome.items():
        into.setdefault(key, cached)
    return into


BUILDAH_STEP = re.compile(r"^\[(\d+)/(\d+)\] STEP (\d+)/\d+: ")
BUILDAH_CACHED = re.compile(r"^--> Using cache ")
BUILDAH_IMAGE = re.compile(r"^--> [0-9a-f]{11,64}$")


def buildah_steps(app, output, into):
    """Adds {step key: cached?} from one `buildah build --layers` output; the first sighting wins. buildah works
    on stages side by side, so the `-->` lines go to the step that started last and has not printed its image."""
    open_steps = []
    outcome = {}
    for line in output.splitlines():
        m = BUILDAH_STEP.match(line)
        if m:
            stage_index, index = int(m.group(1)) - 1, int(m.group(3)) - 1  # STEP 1 is the FROM
            if index >= 1 and stage_index < len(app.stages):
                key = (app.stages[stage_index][0], index)
                open_steps = [k for k in open_steps if k[0] != key[0]] + [key]
                outcome.setdefault(key, False)
            continue
        if BUILDAH_CACHED.match(line) and open_steps:
            outcome[open_steps[-1]] = True
        elif BUILDAH_IMAGE.match(line) and open_steps:
            open_steps.pop()
    for key, cached in outcome.items():
        into.setdefault(key, cached)
    return into


def engine_steps(app, report, into):
    """{step key: cached?} from the engine's --report JSON (stage names as the engine reports them)."""
    for stage in report.get("stages", []):
        for i, step in enumerate(stage.get("stepRecords") or [], start=1):
            into.setdefault((stage["name"], i), bool(step.get("cached")))
    return into


def cache_summary(app, change, outcomes):
    """Hit ratio of all steps and of the steps the change did not affect, overall and per stage."""
    unaffected = app.unaffected(change)
    keys = app.step_keys()
    per_stage = {}
    for stage, _f, steps in app.stages:
        mine = [k for k in keys if k[0] == stage and k in unaffected]
        hits = sum(1 for k in mine if outcomes.get(k) is True)
        per_stage[stage] = {"unaffected": len(mine), "unaffectedCached": hits}
    total_cached = sum(1 for k in keys if outcomes.get(k) is True)
    unaffected_cached = sum(1 for k in unaffected if outcomes.get(k) is True)
    return {
        "steps": len(keys),
        "stepsSeen": sum(1 for k in keys if k in outcomes),
        "cachedSteps": total_cached,
        "hitRatio": round(total_cached / len(keys), 3) if keys else None,
        "unaffectedSteps": len(unaffected),
        "unaffectedCached": unaffected_cached,
        "unaffectedRatio": round(unaffected_cached / len(unaffected), 3) if unaffected else None,
        "allUnaffectedCachedInEveryStage": all(s["unaffectedCached"] == s["unaffected"] for s in per_stage.values()),
        "stages": per_stage,
    }
