#!/usr/bin/env bash
# Re-records the buildah outputs the parser tests replay. Needs the test environment
# (scripts/test-env.sh start); uses its own storage roots below $CDB_BUILDAH_STORAGE (removed afterwards)
# and the repositories $CDB_REGISTRY/buildah-recorded/* (a fresh cache repository per recording run).
#
#   source .cdb-env/env.sh && engine/src/test/resources/recorded/buildah/record.sh
#
# Each recording NAME gives NAME.txt (stdout and stderr together, the registry port replaced by 5000, the
# run's cache repository by 127.0.0.1:5000/buildah-recorded/cache) and NAME.times (milliseconds since the
# first line, one per line).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${CDB_BUILDAH:?source .cdb-env/env.sh first}" "${CDB_BUILDAH_STORAGE:?}" "${CDB_REGISTRY:?}" "${CDB_BASE_IMAGE:?}" \
    "${CDB_AUTH_REGISTRY:?}"
RUN_ID=$(date +%s)
REPO=$CDB_REGISTRY/buildah-recorded
CACHE=$REPO/cache-$RUN_ID
WORK=$(mktemp -d "$CDB_BUILDAH_STORAGE/record.XXXXXX")
bh() { "$CDB_BUILDAH" --root "$WORK/root" --runroot "$WORK/run" "$@"; }
# a fresh agent: an empty storage root (a failed RUN leaves its working container mounted: remove it first)
fresh() {
    if [[ -d $WORK/root ]]; then bh rm --all >/dev/null 2>&1; fi
    rm -rf --one-file-system "$WORK/root" "$WORK/run"
}
trap 'fresh; rm -rf --one-file-system "$WORK"' EXIT
build() { # context tag
    bh build --isolation chroot --network host --layers --tls-verify=false --build-arg "BASE=$CDB_BASE_IMAGE" \
        --cache-from "$CACHE" --cache-to "$CACHE" -t "$2" "$1"
}

# record NAME COMMAND...: runs COMMAND, stamping each line as it arrives
record() {
    local name=$1; shift
    echo "== $name: $*" >&2
    "$@" 2>&1 | perl -MTime::HiRes=time -ne '$|=1; printf "%d\t%s", time()*1000, $_' >"$HERE/$name.raw"
    echo "   exit ${PIPESTATUS[0]}" >&2
    local first
    first=$(head -n1 "$HERE/$name.raw" | cut -f1)
    cut -f1 "$HERE/$name.raw" | awk -v f="$first" '{ print $1 - f }' >"$HERE/$name.times"
    cut -f2- "$HERE/$name.raw" | sed -e "s|$CACHE|127.0.0.1:5000/buildah-recorded/cache|g" \
        -e "s/$CDB_REGISTRY/127.0.0.1:5000/g" -e "s/$CDB_AUTH_REGISTRY/127.0.0.1:5001/g" >"$HERE/$name.txt"
    rm -f "$HERE/$name.raw"
}

cp -r "$HERE/app" "$WORK/app"
rm -f "$WORK/app/Dockerfile.orig"
fresh
record buildah-cold build "$WORK/app" "$REPO/app:cold"
record buildah-push bh push --tls-verify=false "$REPO/app:cold"
# push refused: the htpasswd registry without credentials
bh tag "$REPO/app:cold" "$CDB_AUTH_REGISTRY/buildah-recorded/app:refused"
record buildah-push-refused bh push --tls-verify=false "$CDB_AUTH_REGISTRY/buildah-recorded/app:refused"
fresh
echo "app v2 $RUN_ID" >"$WORK/app/app.txt"
record buildah-warm build "$WORK/app" "$REPO/app:warm"
fresh
echo "deps v2 $RUN_ID" >"$WORK/app/deps.txt"
record buildah-deps build "$WORK/app" "$REPO/app:deps"
fresh
record buildah-failing build "$HERE/failing" "$REPO/app:failing"
fresh
record buildah-registry-down bh build --isolation chroot --network host --layers --tls-verify=false \
    --build-arg "BASE=$CDB_BASE_IMAGE" --cache-from 127.0.0.1:9/down/cache --cache-to 127.0.0.1:9/down/cache \
    -t "$REPO/app:down" "$WORK/app"
echo "recorded into $HERE" >&2
