#!/usr/bin/env bash
# The demo: a multi-stage app built cold, then again on a wiped daemon (a fresh CI agent) after a
# source-only change, with the registry keeping the cache. Prints the cache table of both builds and
# writes the JSON and HTML reports to demo-out/.
#
#   scripts/demo.sh [--builder buildkit|classic]
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILDER=buildkit
[[ ${1:-} == --builder ]] && BUILDER=${2:?--builder needs buildkit or classic}
OUT=$REPO_ROOT/demo-out

bash "$REPO_ROOT/scripts/test-env.sh" start
# shellcheck disable=SC1091
source "${CDB_ENV_DIR:-$REPO_ROOT/.cdb-env}/env.sh"
export DOCKER_HOST=$CDB_DOCKER_HOST
if [[ $BUILDER == buildkit ]]; then DOCKER=$CDB_DOCKER_BUILDKIT; else DOCKER=$CDB_DOCKER_CLASSIC; fi

JAR=$REPO_ROOT/cli/target/cached-docker-build.jar
if [[ ! -f $JAR ]]; then
    echo "[demo] building the command line (mvn package)"
    (cd "$REPO_ROOT" && mvn -B -q -DskipTests package)
fi

APP=$(mktemp -d /tmp/cdb-demo-app.XXXXXX)
trap 'rm -rf "$APP"' EXIT
mkdir -p "$APP/src" "$OUT"
rm -rf "$OUT/history"
cat > "$APP/Dockerfile" <<DOCKERFILE
# Dependencies: slow to make, rarely changed.
FROM $CDB_BASE_IMAGE AS deps
RUN mkdir -p /deps && sleep 8 && dd if=/dev/urandom of=/deps/vendor.bin bs=1M count=20 2>/dev/null
RUN echo "pinned versions" > /deps/lock

# Builder: compiles the sources on top of the dependencies.
FROM deps AS builder
WORKDIR /build
COPY src/ ./src/
RUN sleep 2 && cat src/* > app.txt

# Runtime: slim, only the result.
FROM $CDB_BASE_IMAGE
COPY --from=builder /build/app.txt /app/app.txt
CMD ["cat", "/app/app.txt"]
DOCKERFILE
echo "hello, version 1" > "$APP/src/main.txt"

IMAGE=$CDB_REGISTRY/demo/app-$(date +%s)
build() { # label
    local start end
    start=$(date +%s.%N)
    java -jar "$JAR" build --image "$IMAGE" --branch main --docker "$DOCKER" --builder "$BUILDER" \
        --history "$OUT/history" --report "$OUT/$1.json" --html "$OUT/$1.html" "$APP"
    end=$(date +%s.%N)
    printf '%s' "$(echo "$end - $start" | bc)" > "$OUT/$1.seconds"
}

echo; echo "[demo] 1/2 cold build: empty daemon, empty registry ($BUILDER)"
bash "$REPO_ROOT/scripts/test-env.sh" wipe-daemon >/dev/null
build cold

echo; echo "[demo] 2/2 fresh agent: daemon wiped, source-only change, cache from the registry"
bash "$REPO_ROOT/scripts/test-env.sh" wipe-daemon >/dev/null
echo "hello, version 2" > "$APP/src/main.txt"
build warm

printf '\n[demo] cold build %.1f s, fresh-agent warm build %.1f s (wall time of the command)\n' \
    "$(cat "$OUT/cold.seconds")" "$(cat "$OUT/warm.seconds")"
echo "[demo] reports: $OUT/warm.json, $OUT/warm.html"
