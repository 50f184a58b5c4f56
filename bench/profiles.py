"""What a run measures: the profiles (apps, links, changes, agents, contenders) and their restriction to some
contenders."""
import contenders

REGISTRY_CONTENDERS = ["recipe", "hand-buildkit", "engine-classic", "engine-buildkit", "hand-buildah",
                       "engine-buildah", "buildx-registry", "engine26-buildkit", "engine26-registry"]

PROFILES = {
    # CI: seconds, not a measurement
    "smoke": dict(reps=1, sleep=2, deps_mb={"multi": 5, "single": 5},
                  contenders=["recipe", "engine-classic", "engine-buildkit", "hand-buildah", "engine-buildah",
                              "buildx-registry", "engine26-registry"],
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


def links_of(profile):
    """The registry links a profile's scenarios use (loopback when only the warm local rebuild runs)."""
    needed = {l for _a, l, _c in profile["fresh"] + profile["warm"]} | {l for _a, l in profile["cold"]}
    return needed or {"loopback"}


def contenders_of(profile):
    """The contenders a profile runs, in the tables' order."""
    runs = set(profile["contenders"]) | ({"cold"} if profile["cold"] else set()) | \
        ({"warm-local"} if profile["local"] else set())
    return [c for c in contenders.NAMES if c in runs]


def restrict(profile, names):
    """The profile with only the named contenders: the others' scenarios go, and with no registry contender
    left, the fresh- and warm-agent scenarios too."""
    out = dict(profile, contenders=[c for c in profile["contenders"] if c in names])
    if not out["contenders"]:
        out["fresh"], out["warm"] = [], []
    if "cold" not in names:
        out["cold"] = []
    if "warm-local" not in names:
        out["local"] = []
    return out


def profile_defaults(key):
    """A setting's default and where a profile differs from it, for --help: 'default 6; --smoke: 2'."""
    default = PROFILES["default"][key]
    others = ", ".join(f"--{name}: {p[key]}" for name, p in PROFILES.items() if name != "default" and p[key] != default)
    return f"default {default}" + (f"; {others}" if others else "")
