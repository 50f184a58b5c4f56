# shellcheck shell=bash
# Daemonless builder for the test environment: Debian 12's buildah (1.28.2), sourced by ../test-env.sh.
# Nothing runs in the background: buildah is a plain executable. Each test or benchmark run makes its own
# storage root below $D/buildah (an empty --root/--runroot is a fresh agent) and removes it afterwards.
#
# Hooks called by test-env.sh (kept to one line each there):
#   buildah_missing_packages        prints the apt packages to install (none when buildah is there)
#   buildah_start                   after the registries are up: storage base dir, smoke test on request
#   buildah_env_vars ARRAY ORDER    adds CDB_BUILDAH* to write_env_files' variables
#   buildah_stop                    unmounts whatever an interrupted build left below the storage base

BUILDAH_BASE=$D/buildah

buildah_missing_packages() {
    command -v buildah >/dev/null 2>&1 || echo buildah
}

# smoke test: a RUN step builds in a fresh storage root and the image reaches the plain registry
buildah_smoke() { # base_ref registry
    local t0=$SECONDS dir rc=0
    dir=$(mktemp -d "$BUILDAH_BASE/smoke.XXXXXX")
    mkdir -p "$dir/ctx"
    printf 'FROM %s\nRUN echo cdb-buildah-smoke-%s > /smoke\n' "$1" "$RANDOM$RANDOM" >"$dir/ctx/Dockerfile"
    printf '\n$ buildah build (smoke)\n' >>"$CLI_LOG"
    buildah --root "$dir/root" --runroot "$dir/run" build --isolation chroot --network host --layers \
        --tls-verify=false -t "$2/cdb-smoke/buildah:latest" "$dir/ctx" >>"$CLI_LOG" 2>&1 \
        && buildah --root "$dir/root" --runroot "$dir/run" push --tls-verify=false \
            "$2/cdb-smoke/buildah:latest" >>"$CLI_LOG" 2>&1 || rc=$?
    umount_below "$dir"
    rm -rf --one-file-system "$dir"
    if ((rc)); then tail_log "$CLI_LOG" 15; die "buildah smoke build failed (log: $CLI_LOG)"; fi
    log "smoke test: buildah builds and pushes with a fresh storage root ($((SECONDS - t0))s)"
}

buildah_start() { # smoke(0|1) base_ref registry
    command -v buildah >/dev/null 2>&1 || die "buildah is not installed (apt-get install buildah)"
    mkdir -p "$BUILDAH_BASE"
    chmod 700 "$BUILDAH_BASE"
    if [[ $1 == 1 ]]; then buildah_smoke "$2" "$3"; fi
    vlog "buildah: $(buildah --version), storage roots below $BUILDAH_BASE"
}

buildah_env_vars() { # name of write_env_files' value array, name of its order array
    local -n vars=$1 names=$2
    vars[CDB_BUILDAH]=$(command -v buildah)
    vars[CDB_BUILDAH_STORAGE]=$BUILDAH_BASE
    names+=(CDB_BUILDAH CDB_BUILDAH_STORAGE)
}

buildah_stop() {
    umount_below "$BUILDAH_BASE"
}
