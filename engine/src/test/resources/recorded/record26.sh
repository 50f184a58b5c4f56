#!/usr/bin/env bash
# Records Docker Engine 26 outputs (both image stores) for the parser tests, like record.sh does for
# dockerd 20.10. Needs the test environment with its Docker 26 daemons (scripts/test-env.sh start).
#
#   source .cdb-env/env.sh && engine/src/test/resources/recorded/record26.sh
#
# Every build is of the three-stage `multistage` app; "fresh agent" = the daemon wiped
# (scripts/test-env.sh wipe-daemon --engine ...) so only the registry holds the cache.
#   d26c-buildx-{cold,warm,changed}[-rawjson]  containerd store, buildx, registry cache mode=max + --push
#   d26c-buildx-refused-cache                   the same, the cache registry answering 401 (auth registry, no login)
#   d26c-buildx-refused-push                    the same, the IMAGE registry answering 401 (auth registry, no login),
#                                               the cache going to the open registry
#   d26{c,o}-inline-{deps,builder,final}-changed  the engine's inline-cache builds: one --target per stage,
#                                                 each with --cache-from its pushed stage tag, source changed
#   d26{o,c}-classic-warm                       legacy builder (both stores), after pulling the stage images
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$HERE/../../../../.." && pwd)
: "${CDB_DOCKER26_CLI:?source .cdb-env/env.sh first (with Docker 26)}" "${CDB_REGISTRY:?}" "${CDB_BASE_IMAGE:?}"
export DOCKER_CONFIG=$CDB_DOCKER26_CONFIG
APP=$(mktemp -d)
trap 'rm -rf "$APP"' EXIT
cp -r "$HERE/multistage/." "$APP/"
BASE_ARG=(--build-arg "BASE=$CDB_BASE_IMAGE")
RUNID=$(date +%s)

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
wipe() { bash "$REPO_ROOT/scripts/test-env.sh" wipe-daemon --engine "docker26-$1" >/dev/null; }
change_source() { echo "change $RANDOM" >>"$APP/app.txt"; }

# ---- containerd store, buildx with a registry cache (what modern Docker users type)
C=("$CDB_DOCKER26_CLI" -H "$CDB_DOCKER26_CONTAINERD_HOST")
IMG=$CDB_REGISTRY/parsers-recorded/r$RUNID-buildx
buildx() { "${C[@]}" buildx build "$1" "${BASE_ARG[@]}" --cache-from "type=registry,ref=$IMG:buildcache" \
    --cache-to "type=registry,ref=$IMG:buildcache,mode=max" -t "$IMG:main" --push "$APP"; }
wipe containerd
record d26c-buildx-cold buildx --progress=plain
wipe containerd
record d26c-buildx-warm buildx --progress=plain
wipe containerd
change_source
record d26c-buildx-changed buildx --progress=plain
wipe containerd
change_source
record d26c-buildx-changed-rawjson buildx --progress=rawjson

# ---- a registry that refuses the cache export (the password-protected one, no login): the image is pushed first
wipe containerd
record d26c-buildx-refused-cache "${C[@]}" buildx build --progress=plain "${BASE_ARG[@]}" \
    --cache-to "type=registry,ref=$CDB_AUTH_REGISTRY/parsers-recorded/r$RUNID-refused:buildcache,mode=max" \
    -t "$IMG-refused:main" --push "$APP"
sed -i "s/$CDB_AUTH_REGISTRY/127.0.0.1:5001/g" "$HERE/d26c-buildx-refused-cache.txt"

# ---- a registry that refuses the image push (the password-protected one, no login): the cache is never exported
wipe containerd
record d26c-buildx-refused-push "${C[@]}" buildx build --progress=plain "${BASE_ARG[@]}" \
    --cache-to "type=registry,ref=$IMG-refused-push:buildcache,mode=max" \
    -t "$CDB_AUTH_REGISTRY/parsers-recorded/r$RUNID-refused-push:main" --push "$APP"
sed -i "s/$CDB_AUTH_REGISTRY/127.0.0.1:5001/g" "$HERE/d26c-buildx-refused-push.txt"

# ---- the engine's inline-cache builds, one --target per stage, on both stores
inline() { # engine host
    local e=$1 host=$2 img=$CDB_REGISTRY/parsers-recorded/r$RUNID-inline-$1 t
    local d=("$CDB_DOCKER26_CLI" -H "$host")
    local b=(build --progress=plain --build-arg BUILDKIT_INLINE_CACHE=1 "${BASE_ARG[@]}")
    wipe "$e"
    for t in deps builder; do "${d[@]}" "${b[@]}" --target $t -t "$img:main--$t" "$APP" >/dev/null 2>&1; "${d[@]}" push -q "$img:main--$t" >/dev/null; done
    "${d[@]}" "${b[@]}" -t "$img:main" "$APP" >/dev/null 2>&1; "${d[@]}" push -q "$img:main" >/dev/null
    wipe "$e"
    change_source
    record "d26${e:0:1}-inline-deps-changed" "${d[@]}" "${b[@]}" --target deps --cache-from "$img:main--deps" -t "$img:main--deps" "$APP"
    record "d26${e:0:1}-inline-builder-changed" "${d[@]}" "${b[@]}" --target builder --cache-from "$img:main--deps" --cache-from "$img:main--builder" -t "$img:main--builder" "$APP"
    record "d26${e:0:1}-inline-final-changed" "${d[@]}" "${b[@]}" --cache-from "$img:main--deps" --cache-from "$img:main--builder" --cache-from "$img:main" -t "$img:main" "$APP"
}
inline containerd "$CDB_DOCKER26_CONTAINERD_HOST"
inline overlay "$CDB_DOCKER26_OVERLAY_HOST"

# ---- legacy builder, fresh agent after pulling the stage images (on the containerd store it writes into it)
classic() { # STORE HOST
    local e=$1
    local O=("$CDB_DOCKER26_CLI" -H "$2")
    local IMG=$CDB_REGISTRY/parsers-recorded/r$RUNID-classic-$e
    wipe "$e"
    for t in deps builder; do DOCKER_BUILDKIT=0 "${O[@]}" build "${BASE_ARG[@]}" --target $t -t "$IMG:main--$t" "$APP" >/dev/null 2>&1; "${O[@]}" push -q "$IMG:main--$t" >/dev/null; done
    DOCKER_BUILDKIT=0 "${O[@]}" build "${BASE_ARG[@]}" -t "$IMG:main" "$APP" >/dev/null 2>&1; "${O[@]}" push -q "$IMG:main" >/dev/null
    wipe "$e"
    for t in main--deps main--builder main; do "${O[@]}" pull -q "$IMG:$t" >/dev/null; done
    record "d26${e:0:1}-classic-warm" env DOCKER_BUILDKIT=0 "${O[@]}" build "${BASE_ARG[@]}" --cache-from "$IMG:main--deps" \
        --cache-from "$IMG:main--builder" --cache-from "$IMG:main" -t "$IMG:main" "$APP"
    wipe "$e"
}
classic overlay "$CDB_DOCKER26_OVERLAY_HOST"
classic containerd "$CDB_DOCKER26_CONTAINERD_HOST"
wipe containerd
# what the builder probe reads: the containerd store shows BuildKit's containerd worker in the labels
"$CDB_DOCKER26_CLI" -H "$CDB_DOCKER26_CONTAINERD_HOST" buildx inspect >"$HERE/d26c-buildx-inspect.txt"
"$CDB_DOCKER26_CLI" -H "$CDB_DOCKER26_OVERLAY_HOST" buildx inspect >"$HERE/d26o-buildx-inspect.txt"
echo "recorded into $HERE" >&2
