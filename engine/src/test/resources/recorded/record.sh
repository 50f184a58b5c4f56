#!/usr/bin/env bash
# Re-records the docker build outputs the parser tests replay. Needs the test environment
# (scripts/test-env.sh start); touches only images named $CDB_REGISTRY/parsers-*, the images its own
# classic builds created, and BuildKit's build cache (docker builder prune).
#
#   source .cdb-env/env.sh && engine/src/test/resources/recorded/record.sh
#
# Each recording NAME gives NAME.txt (the output, 2>&1, registry port replaced by 5000 so tests are
# stable) and NAME.times (milliseconds since the first line, one per line, for step timings).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${CDB_DOCKER_HOST:?source .cdb-env/env.sh first}" "${CDB_REGISTRY:?}" "${CDB_BASE_IMAGE:?}"
CLASSIC=(env DOCKER_BUILDKIT=0 "$CDB_DOCKER_CLASSIC" -H "$CDB_DOCKER_HOST")
BUILDKIT=(env DOCKER_BUILDKIT=1 "$CDB_DOCKER_BUILDKIT" -H "$CDB_DOCKER_HOST")
DOCKER=("$CDB_DOCKER_BUILDKIT" -H "$CDB_DOCKER_HOST")
REPO=$CDB_REGISTRY/parsers-recorded
BASE_ARG=(--build-arg "BASE=$CDB_BASE_IMAGE")
BASE_ID=$("${DOCKER[@]}" image inspect -f '{{.Id}}' "$CDB_BASE_IMAGE" | cut -d: -f2 | cut -c1-12)
MADE_IDS=()
MADE_CONTAINERS=()

# record NAME COMMAND...: runs COMMAND, stamping each line as it arrives
record() {
    local name=$1; shift
    echo "== $name: $*" >&2
    "$@" 2>&1 | perl -MTime::HiRes=time -ne '$|=1; printf "%d\t%s", time()*1000, $_' >"$HERE/$name.raw"
    local first
    first=$(head -n1 "$HERE/$name.raw" | cut -f1)
    cut -f1 "$HERE/$name.raw" | awk -v f="$first" '{ print $1 - f }' >"$HERE/$name.times"
    cut -f2- "$HERE/$name.raw" | sed "s/$CDB_REGISTRY/127.0.0.1:5000/g" >"$HERE/$name.txt"
    # the classic builder names every image it makes; remember them to remove exactly those later
    MADE_IDS+=($(grep -oE '^ ---> [0-9a-f]{12}$|^Successfully built [0-9a-f]{12}$' "$HERE/$name.txt" \
        | grep -oE '[0-9a-f]{12}$' | grep -v "^$BASE_ID$"))
    # a failed classic RUN leaves its container behind, which pins the images under it
    MADE_CONTAINERS+=($(grep -oE '^ ---> Running in [0-9a-f]{12}$' "$HERE/$name.txt" | grep -oE '[0-9a-f]{12}$'))
    rm -f "$HERE/$name.raw"
}

# remember REF: the image a tag points to now, which a later build may untag
remember() {
    local id
    if id=$("${DOCKER[@]}" image inspect -f '{{.Id}}' "$1" 2>/dev/null); then MADE_IDS+=("$id"); fi
}

forget_images() {
    local ref
    for ref in "${MADE_CONTAINERS[@]}"; do "${DOCKER[@]}" rm "$ref" >/dev/null 2>&1; done
    MADE_CONTAINERS=()
    for ref in "$@"; do "${DOCKER[@]}" rmi "$ref" >/dev/null 2>&1; done
    local i
    for ((i = ${#MADE_IDS[@]} - 1; i >= 0; i--)); do "${DOCKER[@]}" rmi "${MADE_IDS[i]}" >/dev/null 2>&1; done
    MADE_IDS=()
}

# build TAG ARGS...: a build whose output is not kept, remembering the image it made
build() {
    local tag=$1; shift
    "$@" -t "$tag" >/dev/null 2>&1 || echo "build of $tag failed" >&2
    remember "$tag"
}

# recorded_build NAME TAG ARGS...: a recorded build, remembering the image it made
recorded_build() {
    local name=$1 tag=$2; shift 2
    record "$name" "$@" -t "$tag"
    remember "$tag"
}

classic_tags=("$REPO:classic" "$REPO:classic-deps" "$REPO:classic-builder")
forget_images "${classic_tags[@]}"

recorded_build classic-target-builder "$REPO:classic-builder" \
    "${CLASSIC[@]}" build "${BASE_ARG[@]}" --target builder "$HERE/multistage"
recorded_build classic-target-unneeded "$REPO:classic-unneeded" \
    "${CLASSIC[@]}" build "${BASE_ARG[@]}" --target builder "$HERE/unneeded"
forget_images "${classic_tags[@]}" "$REPO:classic-unneeded"
recorded_build classic-cold "$REPO:classic" "${CLASSIC[@]}" build "${BASE_ARG[@]}" "$HERE/multistage"
build "$REPO:classic-deps" "${CLASSIC[@]}" build "${BASE_ARG[@]}" --target deps "$HERE/multistage"
build "$REPO:classic-builder" "${CLASSIC[@]}" build "${BASE_ARG[@]}" --target builder "$HERE/multistage"
for t in "${classic_tags[@]}"; do "${DOCKER[@]}" push "$t" >/dev/null; done
forget_images "${classic_tags[@]}"
for t in "${classic_tags[@]}"; do "${DOCKER[@]}" pull "$t" >/dev/null; remember "$t"; done
recorded_build classic-warm "$REPO:classic" "${CLASSIC[@]}" build "${BASE_ARG[@]}" \
    --cache-from "$REPO:classic-deps" --cache-from "$REPO:classic-builder" --cache-from "$REPO:classic" \
    "$HERE/multistage"
recorded_build classic-failing "$REPO:classic-failing" "${CLASSIC[@]}" build "${BASE_ARG[@]}" "$HERE/failing"
forget_images "${classic_tags[@]}" "$REPO:classic-failing"

buildkit_tags=("$REPO:buildkit" "$REPO:buildkit-deps" "$REPO:buildkit-builder")
INLINE=(--progress=plain --build-arg BUILDKIT_INLINE_CACHE=1 "${BASE_ARG[@]}")
forget_images "${buildkit_tags[@]}"
"${DOCKER[@]}" builder prune -af >/dev/null
recorded_build buildkit-target-builder "$REPO:buildkit-builder" \
    "${BUILDKIT[@]}" build "${INLINE[@]}" --target builder "$HERE/multistage"
recorded_build buildkit-target-unneeded "$REPO:buildkit-unneeded" \
    "${BUILDKIT[@]}" build "${INLINE[@]}" --target builder "$HERE/unneeded"
"${DOCKER[@]}" builder prune -af >/dev/null
recorded_build buildkit-cold "$REPO:buildkit" "${BUILDKIT[@]}" build "${INLINE[@]}" "$HERE/multistage"
build "$REPO:buildkit-deps" "${BUILDKIT[@]}" build "${INLINE[@]}" --target deps "$HERE/multistage"
build "$REPO:buildkit-builder" "${BUILDKIT[@]}" build "${INLINE[@]}" --target builder "$HERE/multistage"
for t in "${buildkit_tags[@]}"; do "${DOCKER[@]}" push "$t" >/dev/null; done
forget_images "${buildkit_tags[@]}" "$REPO:buildkit-unneeded"
"${DOCKER[@]}" builder prune -af >/dev/null
recorded_build buildkit-warm "$REPO:buildkit" "${BUILDKIT[@]}" build "${INLINE[@]}" \
    --cache-from "$REPO:buildkit-deps" --cache-from "$REPO:buildkit-builder" --cache-from "$REPO:buildkit" \
    "$HERE/multistage"
recorded_build buildkit-failing "$REPO:buildkit-failing" "${BUILDKIT[@]}" build "${INLINE[@]}" "$HERE/failing"
recorded_build buildkit-single "$REPO:buildkit-single" "${BUILDKIT[@]}" build "${INLINE[@]}" "$HERE/single"
forget_images "${buildkit_tags[@]}" "$REPO:buildkit-failing" "$REPO:buildkit-single"
"${DOCKER[@]}" builder prune -af >/dev/null
echo "recorded into $HERE" >&2
