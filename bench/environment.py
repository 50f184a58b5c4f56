"""The machine the benchmark runs on: the project's test environment and the docker clients that talk to it."""
import datetime
import os
import shutil
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMAND_TIMEOUT = 900


def log(message):
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


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

    def wipe(self, daemon="docker20"):
        subprocess.run(["bash", self.script, "wipe-daemon", "--engine", daemon], check=True, stdout=subprocess.DEVNULL)

    def require(self, daemons):
        missing = [d for d in daemons if d != "docker20" and not self.props.get("CDB_DOCKER26_CONTAINERD_HOST")]
        if missing:
            raise SystemExit(f"contenders on {', '.join(sorted(set(missing)))} need the test environment's Docker 26 "
                             "daemons (scripts/test-env.sh start without CDB_DOCKER26=0)")

    def stop_if_started(self):
        if self.started_here:
            subprocess.run(["bash", self.script, "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Shell:
    """Runs the docker clients against the environment's daemon, logging every command; base_env is what every
    contender's commands run with (the engine's too)."""

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
        # Docker 26 (containerd store): its own client and a config whose cli-plugins hold buildx
        self.docker26_cli = env_props.get("CDB_DOCKER26_CLI")
        self.env26 = None
        if self.docker26_cli:
            config26 = os.path.join(workdir, "docker26-config")
            os.makedirs(os.path.join(config26, "cli-plugins"), exist_ok=True)
            with open(os.path.join(config26, "config.json"), "w") as f:
                f.write("{}\n")
            plugin = os.path.join(config26, "cli-plugins", "docker-buildx")
            if not os.path.lexists(plugin):
                os.symlink(os.path.join(env_props["CDB_DOCKER26_CONFIG"], "cli-plugins", "docker-buildx"), plugin)
            self.env26 = dict(self.base_env, DOCKER_HOST=env_props["CDB_DOCKER26_CONTAINERD_HOST"],
                              DOCKER_CONFIG=config26)
        self.buildah = env_props.get("CDB_BUILDAH")
        # one storage root per buildah contender, off overlayfs (the test environment's state dir); an empty
        # root is a fresh agent. Both the hand-typed strategy and the engine find it through
        # CONTAINERS_STORAGE_CONF, as buildah on an agent finds its storage.conf.
        base = env_props.get("CDB_BUILDAH_STORAGE") or os.path.join(workdir, "buildah")
        self.buildah_storage = os.path.join(base, f"bench-{os.getpid()}")

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

    def docker26(self, args, logf, cwd=None):
        """The Docker 26 client against the containerd-store daemon, buildx found in its own config."""
        return self.run([self.docker26_cli] + args, logf, cwd, self.env26)

    def buildah_env(self, agent):
        """The environment that points buildah at the agent's own storage root (storage.conf written once)."""
        if not self.buildah:
            raise RunFailed("buildah is not installed (scripts/test-env.sh installs it; CDB_BUILDAH unset)")
        root = os.path.join(self.buildah_storage, agent)
        conf = os.path.join(root, "storage.conf")
        if not os.path.exists(conf):
            os.makedirs(root, exist_ok=True)
            with open(conf, "w") as f:
                f.write(f'[storage]\ndriver = "overlay"\ngraphroot = "{root}/root"\nrunroot = "{root}/run"\n')
        return {"CONTAINERS_STORAGE_CONF": conf}

    def buildah_cmd(self, args, logf, agent, cwd=None):
        return self.run([self.buildah] + args, logf, cwd, self.buildah_env(agent))

    def wipe_buildah(self):
        """Every buildah storage root goes: the next buildah run is on a fresh agent."""
        if not os.path.isdir(self.buildah_storage):
            return
        for agent in os.listdir(self.buildah_storage):
            env = dict(self.base_env, **self.buildah_env(agent))
            # a failed RUN leaves a working container mounted; the overlay driver keeps ROOT/overlay mounted
            subprocess.run([self.buildah, "rm", "--all"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            root = os.path.join(self.buildah_storage, agent)
            for mount in mounts_below(root):
                subprocess.run(["umount", mount], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(self.buildah_storage, ignore_errors=True)


def mounts_below(path):
    """Mount points at or below path, deepest first."""
    found = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            point = line.split()[4].encode().decode("unicode_escape")
            if point == path or point.startswith(path + "/"):
                found.append(point)
    return sorted(found, key=len, reverse=True)


class RunFailed(Exception):
    pass


def must(result, what):
    if result[0] != 0:
        raise RunFailed(f"{what} failed (exit {result[0]})")
    return result


def git_commit():
    try:
        return subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                              text=True, check=True).stdout.strip()
    except (subprocess.CalledProcessError, OSError):
        return None


def tool_versions(sh):
    out = {}
    for name, argv in (("dockerClassicClient", [sh.classic, "version", "--format", "{{.Client.Version}}"]),
                       ("dockerBuildKitClient", [sh.buildkit, "version", "--format", "{{.Client.Version}}"]),
                       ("dockerd", [sh.buildkit, "version", "--format", "{{.Server.Version}}"]),
                       ("docker26Client", [sh.docker26_cli or "false", "version", "--format", "{{.Client.Version}}"]),
                       ("buildx", [sh.docker26_cli or "false", "buildx", "version"]),
                       ("buildah", [sh.buildah or "buildah", "--version"]),
                       ("java", ["java", "-version"])):
        try:
            env = sh.env26 if argv[0] == sh.docker26_cli and sh.env26 else sh.base_env
            p = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            out[name] = p.stdout.strip().splitlines()[0] if p.stdout.strip() else None
        except OSError:
            out[name] = None
    return out

