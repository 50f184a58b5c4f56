#!/usr/bin/env bash
# Records how each engine shows the builder stage's lazy WORKDIR of EngineMatrixIT's scenario: a fresh agent after
# a source-only change, building the final stage with --cache-from the three stage tags (what the engine's
# final-first build does). The WORKDIR comes from the cache; nothing needs its layer until the COPY after it runs.
#
#   source .cdb-env/env.sh && engine/src/test/resources/recorded/record-lazy.sh [NAME...]
#
#   d26c-lazy-plain     containerd store, docker build --progress=plain as docker prints it by default
#   d26c-lazy-rate1     the same with TTY_DISPLAY_RATE=1 (what the engine sets)
#   d26c-lazy-rawjson   the same with --progress=rawjson
#   d26o-lazy-plain     overlay2 store, TTY_DISPLAY_RATE=1
#   buildkit-lazy       dockerd 20.10 with the 20.10 client, TTY_DISPLAY_RATE=1
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$HERE/../../../../.." && pwd)
: "${CDB_DOCKER26_CLI:?source .cdb-env/env.sh first (with Docker 26)}" "${CDB_REGISTRY:?}" "${CDB_BASE_IMAGE:?}"
export DOCKER_CONFIG=$CDB_DOCKER26_CONFIG
APP=$(mktemp -d)
trap 'rm -rf "$APP"' EXIT
cp -r "$HERE/lazy/." "$APP/"
RUNID=$(date +%s)
ONLY="$*"

record() { # NAME COMMAND...
    local name=$1; shift
    echo "== $name" >&2
    "$@" 2>&1 | perl -MTime::HiRes=time -ne '$|=1; printf "%d\t%s", time()*1000, $_' >"$HERE/$name.raw"
    local first
    first=$(head -n1 "$HERE/$name.raw" | cut -f1)
    cut -f1 "$HERE/$name.raw" | awk -v f="$first" '{ print $1 - f }' >"$HERE/$name.times"
    cut -f2- "$HERE/$name.raw" | sed -e "s/$CDB_REGISTRY/127.0.0.1:5000/g" -e "s/r$RUNID/rRUN/g" >"$HERE/$name.txt"
    rm -f "$HERE/$name.raw"
}

# seed the three stage tags of ENGINE, wipe it, change the source: a fresh agent. ENGINE CLIENT HOST
seed() {
    local e=$1 img=$CDB_REGISTRY/parsers-recorded/r$RUNID-lazy-$1 t
    local d=(env DOCKER_BUILDKIT=1 "$2" -H "$3") b=(build --progress=plain --build-arg BUILDKIT_INLINE_CACHE=1 --build-arg "BASE=$CDB_BASE_IMAGE")
    bash "$REPO_ROOT/scripts/test-env.sh" wipe-daemon --engine "$e" >/dev/null
    echo "version 1" >"$APP/src/main.txt"
    for t in deps builder; do "${d[@]}" "${b[@]}" --target $t -t "$img:main--$t" "$APP" >/dev/null 2>&1; "${d[@]}" push -q "$img:main--$t" >/dev/null; done
    "${d[@]}" "${b[@]}" -t "$img:main" "$APP" >/dev/null 2>&1; "${d[@]}" push -q "$img:main" >/dev/null
    bash "$REPO_ROOT/scripts/test-env.sh" wipe-daemon --engine "$e" >/dev/null
    echo "version 2 $RANDOM" >"$APP/src/main.txt"
    FROM=(--cache-from "$img:main--deps" --cache-from "$img:main--builder" --cache-from "$img:main" -t "$img:main")
}
warm() { # NAME ENGINE CLIENT HOST PROGRESS [ENV...]
    local name=$1 e=$2 cli=$3 host=$4 progress=$5; shift 5
    [[ -z "$ONLY" || " $ONLY " == *" $name "* ]] || return 0
    seed "$e" "$cli" "$host"
    record "$name" env DOCKER_BUILDKIT=1 "$@" "$cli" -H "$host" build "--progress=$progress" --build-arg BUILDKIT_INLINE_CACHE=1 \
        --build-arg "BASE=$CDB_BASE_IMAGE" "${FROM[@]}" "$APP"
}
C=$CDB_DOCKER26_CONTAINERD_HOST
warm d26c-lazy-plain docker26-containerd "$CDB_DOCKER26_CLI" "$C" plain
warm d26c-lazy-rate1 docker26-containerd "$CDB_DOCKER26_CLI" "$C" plain TTY_DISPLAY_RATE=1
warm d26c-lazy-rawjson docker26-containerd "$CDB_DOCKER26_CLI" "$C" rawjson
warm d26o-lazy-plain docker26-overlay "$CDB_DOCKER26_CLI" "$CDB_DOCKER26_OVERLAY_HOST" plain TTY_DISPLAY_RATE=1
warm buildkit-lazy docker20 "$CDB_DOCKER_BUILDKIT" "$CDB_DOCKER_HOST" plain TTY_DISPLAY_RATE=1
for e in docker26-containerd docker26-overlay docker20; do bash "$REPO_ROOT/scripts/test-env.sh" wipe-daemon --engine "$e" >/dev/null; done
echo "recorded into $HERE" >&2
