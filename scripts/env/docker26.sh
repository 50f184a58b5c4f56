# shellcheck shell=bash
# Docker Engine 26 beside the test environment's dockerd 20.10: sourced by scripts/test-env.sh, which
# provides D, N, RUNTIME, log/warn/die/tail_log, pid helpers and umount_below.
#
# Two daemons from Debian 13 (trixie)'s docker.io 26.1.5, docker-cli 26.1.5 and docker-buildx 0.13.1,
# unpacked (never installed) into the state dir:
#   containerd  "features": {"containerd-snapshotter": true}: the containerd image store, the default of
#               Docker 29 and Docker Desktop; buildx's docker driver can export a registry cache here
#   overlay     the classic overlay2 image store; buildx's docker driver can only do inline cache
# Each has its own data root, exec root, socket, pid file, containerd namespace, bridge and address pool.
# buildx is a CLI plugin in a DOCKER_CONFIG the environment owns ($D/docker26/config).
#
# Knob: CDB_DOCKER26=0 leaves these daemons out (start only the 20.10 one).

D26=$D/docker26
D26_ROOT=$D26/root
D26_CLI=$D26_ROOT/usr/bin/docker
D26_DOCKERD=$D26_ROOT/usr/sbin/dockerd
D26_CONFIG=$D26/config
D26_APT=$D26/apt
D26_ENGINES=(containerd overlay)
D26_PACKAGES=(docker.io docker-cli docker-buildx)
# Debian's archive, as the system's own sources name it; only the suite differs
D26_ARCHIVE=${CDB_DOCKER26_ARCHIVE:-http://deb.debian.org/debian}

d26_enabled() { [[ ${CDB_DOCKER26:-1} != 0 ]]; }

# per-engine names: e = containerd | overlay
d26_letter() { if [[ $1 == containerd ]]; then echo c; else echo o; fi; }
d26_octet() { if [[ $1 == containerd ]]; then echo 203; else echo 204; fi; }
d26_bridge() { echo "cdb26$(d26_letter "$1")$N"; }
d26_dir() { echo "$D26/$1"; }
d26_exec() { if [[ -n $RUNTIME ]]; then echo "$RUNTIME/x26$(d26_letter "$1")"; else echo "$D/x26$(d26_letter "$1")"; fi; }
d26_sock() { if [[ -n $RUNTIME ]]; then echo "$RUNTIME/d26$(d26_letter "$1").sock"; else echo "$D/d26$(d26_letter "$1").sock"; fi; }
d26_pidfile() { echo "$D26/$1/docker.pid"; }
d26_log() { echo "$D26/$1/dockerd.log"; }
d26_host() { echo "unix://$(d26_sock "$1")"; }

d26_answers() { # engine
    timeout 15 "$D26_CLI" -H "$(d26_host "$1")" info --format '{{.ServerVersion}}' >/dev/null 2>&1
}

d26_pid() { # engine -> pid of its dockerd, if running
    local pid sock
    sock=$(d26_sock "$1")
    pid=$(read_pid "$(d26_pidfile "$1")")
    if pid_matches "$pid" "-H unix://$sock "; then echo "$pid"; fi
    return 0
}

# Downloads (cached in the state dir: a second start does not fetch again) and unpacks the trixie packages.
d26_ensure_binaries() {
    local t0=$SECONDS apt_opts debs=() pkg
    if [[ -x $D26_DOCKERD && -x $D26_CLI && -x $D26_ROOT/usr/libexec/docker/cli-plugins/docker-buildx ]]; then
        vlog "docker 26: binaries present in $D26_ROOT"
    else
        mkdir -p "$D26_APT/lists/partial" "$D26_APT/cache/archives/partial" "$D26_APT/debs"
        echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $D26_ARCHIVE trixie main" >"$D26_APT/sources.list"
        apt_opts=(-q -o "Dir::Etc::sourcelist=$D26_APT/sources.list" -o Dir::Etc::sourceparts=/dev/null
            -o "Dir::State::Lists=$D26_APT/lists" -o "Dir::Cache=$D26_APT/cache" -o APT::Sandbox::User=root)
        for pkg in "${D26_PACKAGES[@]}"; do
            compgen -G "$D26_APT/debs/${pkg}_*.deb" >/dev/null || { debs=(); break; }
            debs+=("$(compgen -G "$D26_APT/debs/${pkg}_*.deb" | head -n1)")
        done
        if ((${#debs[@]} != ${#D26_PACKAGES[@]})); then
            log "docker 26: downloading ${D26_PACKAGES[*]} from Debian trixie (log: $APT_LOG)"
            apt-get "${apt_opts[@]}" update >>"$APT_LOG" 2>&1 || { tail_log "$APT_LOG"; die "apt-get update (trixie, private lists) failed"; }
            (cd "$D26_APT/debs" && apt-get "${apt_opts[@]}" download "${D26_PACKAGES[@]}") >>"$APT_LOG" 2>&1 \
                || { tail_log "$APT_LOG"; die "apt-get download ${D26_PACKAGES[*]} (trixie) failed"; }
            debs=()
            for pkg in "${D26_PACKAGES[@]}"; do debs+=("$(compgen -G "$D26_APT/debs/${pkg}_*.deb" | head -n1)"); done
        fi
        rm -rf "$D26_ROOT"
        mkdir -p "$D26_ROOT"
        for pkg in "${debs[@]}"; do dpkg -x "$pkg" "$D26_ROOT" || die "dpkg -x $pkg failed"; done
        log "docker 26: unpacked $(basename -a "${debs[@]}" | tr '\n' ' ')in $((SECONDS - t0))s"
    fi
    mkdir -p "$D26_CONFIG/cli-plugins"
    ln -sfn "$D26_ROOT/usr/libexec/docker/cli-plugins/docker-buildx" "$D26_CONFIG/cli-plugins/docker-buildx"
    [[ -f $D26_CONFIG/config.json ]] || echo '{}' >"$D26_CONFIG/config.json"
}

d26_ensure_bridge() { # engine
    local br cidr cur
    br=$(d26_bridge "$1")
    cidr=10.$(d26_octet "$1").$N.1/24
    ip link show "$br" >/dev/null 2>&1 || ip link add "$br" type bridge || die "cannot create bridge $br"
    cur=$(ip -4 -o addr show dev "$br" | awk '{print $4}')
    if [[ -z $cur ]]; then
        ip addr add "$cidr" dev "$br" || die "cannot assign $cidr to $br (subnet in use?)"
    elif [[ $cur != "$cidr" ]]; then
        die "bridge $br exists with address $cur (expected $cidr)"
    fi
    ip link set "$br" up
}

d26_clean_runtime() { # engine: containerd/shims/containers left by a daemon that is gone
    local ex pid pids=() nsdir id
    ex=$(d26_exec "$1")
    if [[ -d $ex/runtime-runc ]]; then
        for nsdir in "$ex"/runtime-runc/*/; do
            [[ -d $nsdir ]] || continue
            while read -r id; do
                [[ -n $id ]] || continue
                runc --root "$nsdir" kill "$id" KILL >/dev/null 2>&1 || true
                runc --root "$nsdir" delete --force "$id" >/dev/null 2>&1 || true
            done < <(runc --root "$nsdir" list -q 2>/dev/null || true)
        done
    fi
    for pid in $(pids_with_comm 'containerd*'); do
        [[ $(cmdline_of "$pid") == *"$ex/containerd/"* ]] && pids+=("$pid")
    done
    if ((${#pids[@]})); then
        kill -TERM "${pids[@]}" 2>/dev/null || true
        sleep 1
        kill -KILL "${pids[@]}" 2>/dev/null || true
    fi
    umount_below "$ex"
    umount_below "$(d26_dir "$1")/data"
    rm -rf --one-file-system "$ex"
    rm -f "$(d26_pidfile "$1")" "$(d26_sock "$1")"
}

d26_start_engine() { # engine
    local e=$1 t0=$SECONDS dir pid launcher letter
    dir=$(d26_dir "$e")
    letter=$(d26_letter "$e")
    pid=$(d26_pid "$e")
    if [[ -n $pid ]] && d26_answers "$e"; then
        log "docker 26 ($e store): reusing running daemon (pid $pid)"
        return 0
    fi
    [[ -z $pid ]] || die "docker 26 ($e store, pid $pid) runs but does not answer; try: $0 stop"
    d26_clean_runtime "$e"
    d26_ensure_bridge "$e"
    mkdir -p "$dir/data" "$(d26_exec "$e")" "$(dirname "$(d26_sock "$e")")"
    if [[ $e == containerd ]]; then
        echo '{"features": {"containerd-snapshotter": true}}' >"$dir/daemon.json"
    else
        echo '{"storage-driver": "overlay2"}' >"$dir/daemon.json"
    fi
    printf '\n===== %s starting dockerd 26 (%s store, instance %s)\n' "$(date -Is)" "$e" "$N" >>"$(d26_log "$e")"
    # docker-proxy must be the one that came with this dockerd
    PATH="$D26_ROOT/usr/sbin:$D26_ROOT/usr/bin:$PATH" setsid "$D26_DOCKERD" \
        --config-file "$dir/daemon.json" \
        --data-root "$dir/data" \
        --exec-root "$(d26_exec "$e")" \
        -H "$(d26_host "$e")" \
        --pidfile "$(d26_pidfile "$e")" \
        --bridge="$(d26_bridge "$e")" \
        --iptables=false \
        --ip-masq=false \
        --default-address-pool "base=10.$(($(d26_octet "$e") + 2)).$N.0/24,size=28" \
        --containerd-namespace "cdb26$letter$N" \
        --containerd-plugins-namespace "cdb26$letter$N-plugins" \
        >>"$(d26_log "$e")" 2>&1 </dev/null 9>&- &
    launcher=$!
    while ((SECONDS - t0 < 60)); do
        if d26_answers "$e"; then
            log "docker 26 ($e store): started (pid $(d26_pid "$e" | grep . || echo "$launcher"), bridge $(d26_bridge "$e")) in $((SECONDS - t0))s"
            return 0
        fi
        if ! kill -0 "$launcher" 2>/dev/null && [[ -z $(d26_pid "$e") ]]; then
            tail_log "$(d26_log "$e")"
            die "dockerd 26 ($e store) exited during start-up (log: $(d26_log "$e"))"
        fi
        sleep 0.2
    done
    tail_log "$(d26_log "$e")"
    die "dockerd 26 ($e store) did not answer within 60s"
}

# A BuildKit RUN step through buildx on each engine: proves the plugin, the bridge and the registry pull.
d26_smoke() { # base_ref
    local e ctx out
    for e in "${D26_ENGINES[@]}"; do
        ctx=$(mktemp -d "$D/smoke26.XXXXXX")
        printf 'FROM %s\nRUN echo cdb-smoke-%s\n' "$1" "$RANDOM$RANDOM" >"$ctx/Dockerfile"
        if ! out=$(DOCKER_CONFIG=$D26_CONFIG "$D26_CLI" -H "$(d26_host "$e")" buildx build --progress=plain --no-cache "$ctx" 2>&1); then
            rm -rf "$ctx"
            printf '%s\n' "$out" | tail -n 15 >&2
            die "docker 26 ($e store): buildx RUN step failed"
        fi
        rm -rf "$ctx"
    done
    log "smoke test: buildx RUN steps work on both Docker 26 engines"
}

# ---------------------------------------------------------------- hooks called by test-env.sh
docker26_start() {
    d26_enabled || return 0
    local e
    d26_ensure_binaries
    for e in "${D26_ENGINES[@]}"; do d26_start_engine "$e"; done
}

docker26_smoke() { d26_enabled && d26_smoke "$1" || true; }

# adds the engines' names to write_env_files' v and order (bash's dynamic scope)
docker26_env() {
    d26_enabled || return 0
    [[ -n $(d26_pid containerd) ]] || return 0
    v[CDB_DOCKER26_CLI]=$D26_CLI
    v[CDB_DOCKER26_CONFIG]=$D26_CONFIG
    v[CDB_DOCKER26_CONTAINERD_HOST]=$(d26_host containerd)
    v[CDB_DOCKER26_OVERLAY_HOST]=$(d26_host overlay)
    order+=(CDB_DOCKER26_CLI CDB_DOCKER26_CONFIG CDB_DOCKER26_CONTAINERD_HOST CDB_DOCKER26_OVERLAY_HOST)
}

docker26_stop() {
    local e pid sock br
    for e in "${D26_ENGINES[@]}"; do
        pid=$(d26_pid "$e")
        sock=$(d26_sock "$e")
        if [[ -n $pid ]]; then
            kill -TERM "$pid" 2>/dev/null || true
            if ! wait_gone "$pid" "-H unix://$sock " 45; then
                warn "dockerd 26 ($e store, pid $pid) did not stop within 45s; sending SIGKILL"
                kill -KILL "$pid" 2>/dev/null || true
                wait_gone "$pid" "-H unix://$sock " 5 || true
            fi
            log "dockerd 26 ($e store) stopped (pid $pid)"
        fi
        [[ -d $(d26_dir "$e") ]] && d26_clean_runtime "$e"
        br=$(d26_bridge "$e")
        if ip link show "$br" >/dev/null 2>&1; then ip link del "$br" && log "bridge $br removed"; fi
    done
    return 0
}

docker26_status() { # -> non-zero when an enabled engine is down
    local e pid rc=0
    [[ -x $D26_CLI ]] || { echo "docker 26:     not installed in $D26_ROOT"; return 0; }
    for e in "${D26_ENGINES[@]}"; do
        pid=$(d26_pid "$e")
        if [[ -n $pid ]] && d26_answers "$e"; then
            echo "$(printf '%-15s' "docker26-$e:")running, pid $pid, $(d26_host "$e"), server $("$D26_CLI" -H "$(d26_host "$e")" version --format '{{.Server.Version}}' 2>/dev/null)"
        else
            echo "$(printf '%-15s' "docker26-$e:")not running"; d26_enabled && rc=1
        fi
    done
    return $rc
}

# wipe-daemon --engine docker26-containerd|docker26-overlay: no containers, images or build cache
docker26_wipe() { # engine
    local e=$1 host ids
    host=$(d26_host "$e")
    d26_answers "$e" || die "docker 26 ($e store) does not answer at $host (run: $0 start)"
    ids=$("$D26_CLI" -H "$host" ps -aq)
    # shellcheck disable=SC2086
    [[ -z $ids ]] || "$D26_CLI" -H "$host" rm -f -v $ids >/dev/null
    "$D26_CLI" -H "$host" system prune -af --volumes >>"$CLI_LOG" 2>&1 || die "system prune on docker 26 ($e) failed"
    DOCKER_CONFIG=$D26_CONFIG "$D26_CLI" -H "$host" builder prune -af >>"$CLI_LOG" 2>&1 || die "builder prune on docker 26 ($e) failed"
    log "docker 26 ($e store) wiped"
}
