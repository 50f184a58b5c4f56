#!/usr/bin/env bash
# Test environment for cached-docker-build: a private dockerd, two local registries
# (plain HTTP and htpasswd-protected) and an offline busybox base image.
#
#   scripts/test-env.sh start | stop [--purge] | status | wipe-daemon [--force] [--engine NAME]
#
# Environment knobs (see scripts/README.md):
#   CDB_ENV_DIR       state dir (default: <repo>/.cdb-env)
#   CDB_ENV_INDEX     instance number N (0..254): bridge cdbbr<N>, subnet 10.201.<N>.0/24 (default 0)
#   CDB_REUSE_DOCKER  1 = use the Docker at $DOCKER_HOST (or /var/run/docker.sock) instead of starting dockerd
#   CDB_VERBOSE       1 = more output
#   CDB_DOCKER26      0 = without the two Docker Engine 26 daemons (scripts/env/docker26.sh)
set -euo pipefail

PROG=test-env
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

D=${CDB_ENV_DIR:-$REPO_ROOT/.cdb-env}
[[ $D == /* ]] || D=$PWD/$D
while [[ $D == */ && $D != / ]]; do D=${D%/}; done
[[ -n $D && $D != / ]] || { echo "[$PROG] ERROR: refusing state dir '$D'" >&2; exit 1; }

VERBOSE=${CDB_VERBOSE:-0}
# shellcheck source=env/buildah.sh
source "$SCRIPT_DIR/env/buildah.sh"
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive

DATA=$D/data
# Unix socket paths are limited to 107 bytes and dockerd/containerd put sockets below the exec root
# (<exec-root>/containerd/containerd.sock.ttrpc, <exec-root>/libnetwork/<12 hex>.sock), so the exec
# root must stay short. Long state dirs (deep CI workspaces) get their runtime files under
# /run/cdb-<hash> instead.
if (( ${#D} + 5 > 60 )); then
    RUNTIME=/run/cdb-$(printf '%s' "$D" | sha256sum | cut -c1-10)
    EXEC=$RUNTIME/x
else
    RUNTIME=
    EXEC=$D/exec
fi
SOCK=$D/docker.sock
if (( ${#SOCK} > 100 )); then
    RUNTIME=${RUNTIME:-/run/cdb-$(printf '%s' "$D" | sha256sum | cut -c1-10)}
    SOCK=$RUNTIME/docker.sock
fi
DOCKERD_PIDF=$D/docker.pid
DOCKERD_LOG=$D/dockerd.log
CLI_LOG=$D/docker-cli.log
APT_LOG=$D/apt.log
PASSWORD_FILE=$D/auth-password
AUTH_USER=cdbuser
BASE_REPO=base/busybox
BASE_TAG=1

# The script itself talks to the daemon with Debian's 20.10 client (API 1.41, BuildKit-capable).
DOCKER_CLI=/usr/bin/docker

log()  { printf '[%s +%ss] %s\n' "$PROG" "$SECONDS" "$*"; }
vlog() { if [[ $VERBOSE == 1 ]]; then log "$@"; fi; }
warn() { printf '[%s] WARNING: %s\n' "$PROG" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$PROG" "$*" >&2; exit 1; }
tail_log() { # file [lines]
    if [[ -s $1 ]]; then
        printf -- '----- last lines of %s -----\n' "$1" >&2
        tail -n "${2:-25}" "$1" >&2
        printf -- '-----\n' >&2
    fi
}

# ---------------------------------------------------------------- instance index
saved_index() { [[ -f $D/instance.index ]] && tr -dc 0-9 <"$D/instance.index" || true; }
if [[ ${1:-} == start ]]; then
    N=${CDB_ENV_INDEX:-$(saved_index)}
else  # stop/status/wipe act on whatever this state dir was started as
    N=$(saved_index)
    N=${N:-${CDB_ENV_INDEX:-0}}
fi
N=${N:-0}
[[ $N =~ ^[0-9]+$ ]] && (( N <= 254 )) || die "CDB_ENV_INDEX must be an integer 0..254 (got '$N')"
N=$((10#$N))
BRIDGE=cdbbr$N
BRIDGE_CIDR=10.201.$N.1/24

# Further engines, each in its own file: start/stop/status/wipe hooks called below.
# shellcheck source=env/docker26.sh
source "$SCRIPT_DIR/env/docker26.sh"

# ---------------------------------------------------------------- process helpers
cmdline_of() { [[ -r /proc/$1/cmdline ]] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }
pids_with_comm() { # glob -> pids whose /proc/<pid>/comm matches it (no forks per process)
    local p c
    for p in /proc/[0-9]*; do
        c=
        { read -r c <"$p/comm"; } 2>/dev/null || continue
        # shellcheck disable=SC2053
        [[ $c == $1 ]] && printf '%s\n' "${p#/proc/}"
    done
    return 0
}
read_pid() { if [[ -f $1 ]]; then tr -dc 0-9 <"$1" || true; fi; }
pid_matches() { # pid substring  -> process alive (not a zombie) and its command line contains substring
    local pid=$1 pat=$2
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ $(cmdline_of "$pid") == *"$pat"* ]]
}
wait_gone() { # pid pattern seconds
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        pid_matches "$1" "$2" || return 0
        sleep 0.1
    done
    return 1
}
kill_matching() { # pidfile pattern label
    local pid
    pid=$(read_pid "$1")
    if pid_matches "$pid" "$2"; then
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" "$2" 10; then
            warn "$3 (pid $pid) did not stop on SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" "$2" 5 || true
        fi
        log "$3 stopped (pid $pid)"
    fi
    rm -f "$1"
}

# mount points at or below $1, deepest first
mounts_below() {
    local p=$1 mp
    while read -r _ _ _ _ mp _; do
        printf -v mp '%b' "$mp"  # undo \040-style escapes
        if [[ $mp == "$p" || $mp == "$p"/* ]]; then printf '%s\n' "$mp"; fi
    done </proc/self/mountinfo | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-
}
umount_below() {
    local m
    [[ -e $1 ]] || return 0
    while IFS= read -r m; do
        [[ -n $m ]] || continue
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || warn "could not unmount $m"
    done < <(mounts_below "$1")
}

# ---------------------------------------------------------------- HTTP probe (bash /dev/tcp, no curl needed)
MANIFEST_ACCEPT='application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json'
# http_status PORT PATH [USER PASSWORD_FILE]  -> prints the HTTP status code (000 = no answer)
# The password only ever goes through bash builtins and a pipe, never onto a command line.
http_status() (
    local port=$1 path=$2 req cred code=000 rest
    exec 2>/dev/null
    exec 3<>"/dev/tcp/127.0.0.1/$port" || { echo 000; exit 0; }
    req="HEAD $path HTTP/1.0"$'\r\n'"Host: 127.0.0.1:$port"$'\r\n'"Accept: $MANIFEST_ACCEPT"$'\r\n'
    if (( $# >= 4 )); then
        cred=$(printf '%s:%s' "$3" "$(<"$4")" | base64 -w0)
        req+="Authorization: Basic $cred"$'\r\n'
    fi
    printf '%s\r\n' "$req" >&3
    IFS=' ' read -r -t 5 _ code rest <&3 || true
    [[ $code =~ ^[0-9]{3}$ ]] || code=000
    echo "$code"
)

port_in_use() { [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]; }
choose_port() { # portfile -> prints a free port, preferring the one used last time
    local p
    p=$(read_pid "$1")
    if [[ -n $p ]] && ! port_in_use "$p"; then echo "$p"; return; fi
    while :; do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))  # below the usual ephemeral range
        port_in_use "$p" || { echo "$p"; return; }
    done
}

# ---------------------------------------------------------------- packages
is_ci() { [[ -n ${CI:-} && ${CI:-} != false && ${CI:-} != 0 ]] || [[ -n ${JENKINS_URL:-} ]]; }

ensure_packages() { # mode
    local need=()
    if [[ $1 == managed ]]; then
        { command -v dockerd && command -v containerd && command -v runc && [[ -x /usr/bin/docker ]]; } >/dev/null 2>&1 \
            || need+=(docker.io)
    else
        command -v docker >/dev/null 2>&1 || [[ -x /usr/bin/docker ]] || need+=(docker.io)
    fi
    command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
    # must be the static busybox: it is copied into an otherwise empty image
    if ! [[ -x /bin/busybox ]] || ldd /bin/busybox >/dev/null 2>&1; then need+=(busybox-static); fi
    command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
    need+=($(buildah_missing_packages))
    { command -v ip && command -v ss; } >/dev/null 2>&1 || need+=(iproute2)
    # headless browser for the HTML report's end-to-end test (HtmlReportBrowserIT)
    [[ -x /usr/bin/chromium ]] || need+=(chromium)
    ((${#need[@]})) || { vlog "all packages present"; return 0; }
    (( EUID == 0 )) || die "missing packages (${need[*]}) and not root"
    log "installing ${need[*]} (log: $APT_LOG)"
    if ! apt-get -q -o DPkg::Lock::Timeout=300 update >>"$APT_LOG" 2>&1; then
        tail_log "$APT_LOG"; die "apt-get update failed"
    fi
    if ! apt-get -q -y -o DPkg::Lock::Timeout=300 install "${need[@]}" >>"$APT_LOG" 2>&1; then
        tail_log "$APT_LOG"; die "apt-get install ${need[*]} failed"
    fi
    if ! [[ -x /bin/busybox ]] || ldd /bin/busybox >/dev/null 2>&1; then die "/bin/busybox is still not a static binary"; fi
    if [[ -x /usr/bin/docker ]]; then DOCKER_CLI=/usr/bin/docker; fi
}

# ---------------------------------------------------------------- docker daemon
docker_answers() { # host
    timeout 15 "$DOCKER_CLI" -H "$1" info --format '{{.ServerVersion}}' >/dev/null 2>&1
}
dk() { "$DOCKER_CLI" -H "$DOCKER_HOST_URL" "$@"; }
dk_quiet() { # run a docker command, output to CLI_LOG, show its tail on failure
    printf '\n$ docker %s\n' "$*" >>"$CLI_LOG"
    if ! dk "$@" >>"$CLI_LOG" 2>&1; then
        tail_log "$CLI_LOG" 15
        die "docker $1 failed (log: $CLI_LOG)"
    fi
}

# other dockerd processes (not ours) that use our bridge
bridge_users() {
    local pid cmd
    for pid in $(pids_with_comm dockerd); do
        cmd=$(cmdline_of "$pid")
        [[ $cmd == *"--bridge=$BRIDGE "* && $cmd != *"--pidfile $DOCKERD_PIDF "* ]] && echo "$pid"
    done
    return 0
}

ensure_bridge() {
    local others cur
    others=$(bridge_users)
    [[ -z $others ]] || die "bridge $BRIDGE is used by another dockerd (pid $others: $(cmdline_of "${others%%$'\n'*}" | cut -c1-200)); pick another CDB_ENV_INDEX"
    if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
        ip link add "$BRIDGE" type bridge || die "cannot create bridge $BRIDGE (need root and the bridge kernel module)"
    fi
    cur=$(ip -4 -o addr show dev "$BRIDGE" | awk '{print $4}')
    if [[ -z $cur ]]; then
        ip addr add "$BRIDGE_CIDR" dev "$BRIDGE" || die "cannot assign $BRIDGE_CIDR to $BRIDGE (subnet already in use on this host?)"
    elif [[ $cur != "$BRIDGE_CIDR" ]]; then
        die "bridge $BRIDGE already exists with address $cur (expected $BRIDGE_CIDR)"
    fi
    ip link set "$BRIDGE" up
}

remove_bridge() {
    ip link show "$BRIDGE" >/dev/null 2>&1 || return 0
    if [[ -n $(bridge_users) ]]; then
        warn "bridge $BRIDGE is still used by another dockerd; leaving it"
        return 0
    fi
    ip link del "$BRIDGE" && log "bridge $BRIDGE removed"
}

# containerd, shims and containers that belong to this instance (matched by exec-root path)
kill_instance_leftovers() {
    local nsdir id pid cmd pids=()
    if [[ -d $EXEC/runtime-runc ]] && command -v runc >/dev/null; then
        for nsdir in "$EXEC"/runtime-runc/*/; do
            [[ -d $nsdir ]] || continue
            while read -r id; do
                [[ -n $id ]] || continue
                runc --root "$nsdir" kill "$id" KILL >/dev/null 2>&1 || true
                runc --root "$nsdir" delete --force "$id" >/dev/null 2>&1 || true
                vlog "killed leftover container $id"
            done < <(runc --root "$nsdir" list -q 2>/dev/null || true)
        done
    fi
    for pid in $(pids_with_comm 'containerd*'); do
        cmd=$(cmdline_of "$pid")
        [[ $cmd == *"$EXEC/containerd/"* ]] && pids+=("$pid")
    done
    if ((${#pids[@]})); then
        log "stopping leftover containerd processes of this instance: ${pids[*]}"
        kill -TERM "${pids[@]}" 2>/dev/null || true
        sleep 1
        kill -KILL "${pids[@]}" 2>/dev/null || true
    fi
}

# a dockerd that is not running anymore leaves runtime state behind (also after a reboot:
# stale pid files that may now name unrelated processes); clear it before a fresh start
clean_runtime_state() {
    kill_instance_leftovers
    umount_below "$EXEC"
    umount_below "$DATA"
    rm -rf --one-file-system "$EXEC"
    rm -f "$DOCKERD_PIDF" "$SOCK"
}

# pid of this instance's dockerd (pid file first; falls back to a scan in case the file got lost)
our_dockerd_pid() {
    local pid p
    pid=$(read_pid "$DOCKERD_PIDF")
    if pid_matches "$pid" "-H unix://$SOCK "; then echo "$pid"; return 0; fi
    for p in $(pids_with_comm dockerd); do
        if pid_matches "$p" "-H unix://$SOCK "; then echo "$p"; return 0; fi
    done
    return 0
}

DOCKERD_STARTED=0
start_dockerd() {
    local pid i t0=$SECONDS
    pid=$(our_dockerd_pid)
    if [[ -n $pid ]]; then
        for ((i = 0; i < 60; i++)); do
            if docker_answers "unix://$SOCK"; then
                ensure_bridge_alive
                log "dockerd: reusing running daemon (pid $pid)"
                return 0
            fi
            sleep 1
        done
        tail_log "$DOCKERD_LOG"
        die "dockerd (pid $pid) runs but does not answer on unix://$SOCK; try: $0 stop"
    fi
    [[ ! -f $DOCKERD_PIDF ]] || vlog "stale dockerd pid file ($(read_pid "$DOCKERD_PIDF")); starting fresh"
    clean_runtime_state
    ensure_bridge
    mkdir -p "$DATA" "$EXEC" "$(dirname "$SOCK")"
    [[ -f $D/daemon.json ]] || echo '{}' >"$D/daemon.json"  # keeps /etc/docker/daemon.json out of the picture
    printf '\n===== %s starting dockerd (instance %s)\n' "$(date -Is)" "$N" >>"$DOCKERD_LOG"
    setsid dockerd \
        --config-file "$D/daemon.json" \
        --data-root "$DATA" \
        --exec-root "$EXEC" \
        -H "unix://$SOCK" \
        --pidfile "$DOCKERD_PIDF" \
        --bridge="$BRIDGE" \
        --iptables=false \
        --ip-masq=false \
        --default-address-pool "base=10.202.$N.0/24,size=28" \
        --containerd-namespace "cdb$N" \
        --containerd-plugins-namespace "cdb$N-plugins" \
        >>"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
    local launcher=$!
    while ((SECONDS - t0 < 60)); do
        if docker_answers "unix://$SOCK"; then
            DOCKERD_STARTED=1
            log "dockerd: started (pid $(read_pid "$DOCKERD_PIDF"), bridge $BRIDGE $BRIDGE_CIDR) in $((SECONDS - t0))s"
            return 0
        fi
        if ! kill -0 "$launcher" 2>/dev/null && [[ -z $(our_dockerd_pid) ]]; then
            tail_log "$DOCKERD_LOG"
            die "dockerd exited during start-up (log: $DOCKERD_LOG)"
        fi
        sleep 0.1
    done
    tail_log "$DOCKERD_LOG"
    die "dockerd did not answer on unix://$SOCK within 60s (log: $DOCKERD_LOG)"
}
ensure_bridge_alive() {
    ip link show "$BRIDGE" >/dev/null 2>&1 || die "dockerd runs but bridge $BRIDGE is gone; run: $0 stop && $0 start"
}

# ---------------------------------------------------------------- registries
registry_expected() { if [[ $1 == auth-registry ]]; then echo 401; else echo 200; fi; }

write_registry_config() { # name port
    local name=$1 port=$2 secret
    secret=$(head -c 24 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')
    {
        echo "version: 0.1"
        echo "log:"
        echo "  level: info"
        echo "storage:"
        echo "  filesystem:"
        echo "    rootdirectory: $D/$name-data"
        echo "  delete:"
        echo "    enabled: true"
        echo "http:"
        echo "  addr: 127.0.0.1:$port"
        echo "  secret: $secret"
        if [[ $name == auth-registry ]]; then
            echo "auth:"
            echo "  htpasswd:"
            echo "    realm: cdb-test-registry"
            echo "    path: $D/auth-registry.htpasswd"
        fi
    } >"$D/$name.yml"
}

start_registry() { # name -> sets REG_PORT
    local name=$1 pidf=$D/$1.pid cfg=$D/$1.yml portf=$D/$1.port log_f=$D/$1.log
    local pid port i expect code
    expect=$(registry_expected "$name")
    pid=$(read_pid "$pidf")
    if pid_matches "$pid" "$cfg"; then
        port=$(read_pid "$portf")
        if [[ -n $port && $(http_status "$port" /v2/) == "$expect" ]]; then
            log "$name: reusing 127.0.0.1:$port (pid $pid)"
            REG_PORT=$port
            return 0
        fi
        warn "$name (pid $pid) does not answer; restarting it"
        kill_matching "$pidf" "$cfg" "$name"
    fi
    rm -f "$pidf"
    mkdir -p "$D/$name-data"
    for _ in 1 2 3 4 5; do
        port=$(choose_port "$portf")
        write_registry_config "$name" "$port"
        printf '\n===== %s starting %s on 127.0.0.1:%s\n' "$(date -Is)" "$name" "$port" >>"$log_f"
        # shellcheck disable=SC2016
        setsid bash -c 'echo $$ >"$1"; exec docker-registry serve "$2"' _ "$pidf" "$cfg" >>"$log_f" 2>&1 </dev/null 9>&- &
        for ((i = 0; i < 100; i++)); do
            code=$(http_status "$port" /v2/)
            pid=$(read_pid "$pidf")
            if [[ $code == "$expect" && -n $pid ]]; then
                if [[ $(ss -Hltnp "sport = :$port" 2>/dev/null) != *"pid=$pid,"* ]]; then
                    code=taken  # somebody else answers on that port
                    break
                fi
                echo "$port" >"$portf"
                log "$name: started on 127.0.0.1:$port (pid $(read_pid "$pidf"))"
                REG_PORT=$port
                return 0
            fi
            sleep 0.1
            [[ -n $pid ]] && ! pid_matches "$pid" "$cfg" && break
        done
        kill_matching "$pidf" "$cfg" "$name" >/dev/null
        if [[ $code == taken ]] || grep -q 'address already in use' < <(tail -n 5 "$log_f"); then
            vlog "$name: port $port taken, trying another"
            rm -f "$portf"
            continue
        fi
        tail_log "$log_f"
        die "$name did not come up on 127.0.0.1:$port (expected HTTP $expect on /v2/, got $code; log: $log_f)"
    done
    die "$name: could not find a free port"
}

ensure_password() {
    local pw
    if [[ ! -s $PASSWORD_FILE ]]; then
        pw=$(head -c 48 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')
        (umask 077 && printf '%s' "${pw:0:24}" >"$PASSWORD_FILE")
    fi
    chmod 600 "$PASSWORD_FILE"
    # bcrypt entry; htpasswd -i reads the password from stdin
    (umask 077 && htpasswd -Bin "$AUTH_USER" <"$PASSWORD_FILE" >"$D/auth-registry.htpasswd.tmp" 2>>"$D/auth-registry.log") \
        || die "htpasswd failed"
    mv -f "$D/auth-registry.htpasswd.tmp" "$D/auth-registry.htpasswd"
}

# ---------------------------------------------------------------- base image
make_base_image() { # ref
    local ref=$1 root entry
    root=$(mktemp -d "$D/rootfs.XXXXXX")
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,tmp,var/tmp,root,home,dev,proc,sys,run}
    cp /bin/busybox "$root/bin/busybox"
    # a symlink for every applet at its usual place (bin/sh, usr/bin/awk, ...); inside a chroot
    # "busybox --install -s" does that in one go, the loop is the slow fallback
    chroot "$root" /bin/busybox --install -s >/dev/null 2>&1 || true
    if (( $(find "$root" -type l | wc -l) + 1 < $(/bin/busybox --list | wc -l) )); then
        while IFS= read -r entry; do
            [[ -n $entry && $entry != bin/busybox ]] || continue
            mkdir -p "$root/$(dirname "$entry")"
            ln -sf /bin/busybox "$root/$entry"
        done < <(/bin/busybox --list-full 2>/dev/null || /bin/busybox --list | sed 's|^|bin/|')
    fi
    [[ -e $root/bin/sh ]] || ln -s busybox "$root/bin/sh"
    chmod 1777 "$root/tmp" "$root/var/tmp"
    chmod 700 "$root/root"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    printf 'root:*::0:::::\nnobody:*::0:::::\n' >"$root/etc/shadow"
    chmod 640 "$root/etc/shadow"
    printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
    printf '\n$ docker import - %s\n' "$ref" >>"$CLI_LOG"
    if ! tar -C "$root" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -c . \
        | dk import \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'CMD ["/bin/sh"]' \
            - "$ref" >>"$CLI_LOG" 2>&1; then
        rm -rf "$root"
        tail_log "$CLI_LOG" 10
        die "docker import of the base image failed"
    fi
    rm -rf "$root"
}

ensure_base_images() { # plain_port auth_port
    local plain=127.0.0.1:$1/$BASE_REPO:$BASE_TAG auth=127.0.0.1:$2/$BASE_REPO:$BASE_TAG code tmpcfg
    code=$(http_status "$1" "/v2/$BASE_REPO/manifests/$BASE_TAG")
    if [[ $code == 200 ]]; then
        vlog "base image present in plain registry"
    else
        if ! dk image inspect "$plain" >/dev/null 2>&1; then
            make_base_image "$plain"
        fi
        dk_quiet push "$plain"
        log "base image: built from /bin/busybox and pushed as $plain"
    fi
    code=$(http_status "$2" "/v2/$BASE_REPO/manifests/$BASE_TAG" "$AUTH_USER" "$PASSWORD_FILE")
    if [[ $code == 200 ]]; then
        vlog "base image present in auth registry"
    else
        dk image inspect "$plain" >/dev/null 2>&1 || dk_quiet pull "$plain"
        dk_quiet tag "$plain" "$auth"
        tmpcfg=$(mktemp -d "$D/docker-config.XXXXXX")
        # shellcheck disable=SC2064
        trap "rm -rf '$tmpcfg'" EXIT
        printf '\n$ docker login %s\n' "127.0.0.1:$2" >>"$CLI_LOG"
        if ! DOCKER_CONFIG=$tmpcfg dk login -u "$AUTH_USER" --password-stdin "127.0.0.1:$2" <"$PASSWORD_FILE" >>"$CLI_LOG" 2>&1; then
            rm -rf "$tmpcfg"; tail_log "$CLI_LOG" 10; die "docker login to the auth registry failed"
        fi
        printf '\n$ docker push %s\n' "$auth" >>"$CLI_LOG"
        if ! DOCKER_CONFIG=$tmpcfg dk push "$auth" >>"$CLI_LOG" 2>&1; then
            rm -rf "$tmpcfg"; tail_log "$CLI_LOG" 10; die "docker push to the auth registry failed"
        fi
        rm -rf "$tmpcfg"
        trap - EXIT
        dk_quiet rmi "$auth"  # only the extra tag; the image stays as $plain
        log "base image: pushed as $auth (auth registry)"
    fi
}

# classic builder and BuildKit RUN steps on a freshly started daemon (containers on our bridge)
smoke_test() { # base_ref
    local ctx t0=$SECONDS
    ctx=$(mktemp -d "$D/smoke.XXXXXX")
    printf 'FROM %s\nRUN ip -4 addr show eth0 | grep "inet 10\\.201\\.%s\\." && echo cdb-smoke-%s\n' "$1" "$N" "$RANDOM$RANDOM" >"$ctx/Dockerfile"
    printf '\n$ DOCKER_BUILDKIT=0 docker build (smoke)\n' >>"$CLI_LOG"
    if ! DOCKER_BUILDKIT=0 dk build --no-cache --iidfile "$ctx/iid" "$ctx" >>"$CLI_LOG" 2>&1; then
        rm -rf "$ctx"; tail_log "$CLI_LOG" 15; tail_log "$DOCKERD_LOG" 10
        die "classic-builder RUN step failed on the new daemon"
    fi
    dk rmi "$(<"$ctx/iid")" >/dev/null 2>&1 || true
    printf '\n$ DOCKER_BUILDKIT=1 docker build (smoke)\n' >>"$CLI_LOG"
    if ! DOCKER_BUILDKIT=1 dk build --no-cache --progress=plain --iidfile "$ctx/iid2" "$ctx" >>"$CLI_LOG" 2>&1; then
        rm -rf "$ctx"; tail_log "$CLI_LOG" 15; tail_log "$DOCKERD_LOG" 10
        die "BuildKit RUN step failed on the new daemon"
    fi
    dk rmi "$(<"$ctx/iid2")" >/dev/null 2>&1 || true
    rm -rf "$ctx"
    log "smoke test: RUN steps work with the classic builder and BuildKit ($((SECONDS - t0))s)"
}

# ---------------------------------------------------------------- env files
write_env_files() {
    local classic=/usr/bin/docker k
    [[ -x /usr/local/bin/docker ]] && classic=/usr/local/bin/docker
    local -A v=(
        [CDB_ENV_DIR]=$D
        [CDB_ENV_INDEX]=$N
        [CDB_DOCKER_MODE]=$MODE
        [CDB_DOCKER_HOST]=$DOCKER_HOST_URL
        [CDB_REGISTRY]=127.0.0.1:$PLAIN_PORT
        [CDB_BASE_IMAGE]=127.0.0.1:$PLAIN_PORT/$BASE_REPO:$BASE_TAG
        [CDB_AUTH_REGISTRY]=127.0.0.1:$AUTH_PORT
        [CDB_AUTH_BASE_IMAGE]=127.0.0.1:$AUTH_PORT/$BASE_REPO:$BASE_TAG
        [CDB_AUTH_USER]=$AUTH_USER
        [CDB_AUTH_PASSWORD]=$(<"$PASSWORD_FILE")
        [CDB_DOCKER_CLASSIC]=$classic
        [CDB_DOCKER_BUILDKIT]=/usr/bin/docker
    )
    local order=(CDB_ENV_DIR CDB_ENV_INDEX CDB_DOCKER_MODE CDB_DOCKER_HOST CDB_REGISTRY CDB_BASE_IMAGE
        CDB_AUTH_REGISTRY CDB_AUTH_BASE_IMAGE CDB_AUTH_USER CDB_AUTH_PASSWORD CDB_DOCKER_CLASSIC CDB_DOCKER_BUILDKIT)
    docker26_env
    buildah_env_vars v order
    (
        umask 077
        {
            echo "# written by scripts/test-env.sh start on $(date -Is); source this file"
            for k in "${order[@]}"; do printf 'export %s=%q\n' "$k" "${v[$k]}"; done
        } >"$D/env.sh.tmp"
        {
            echo "# written by scripts/test-env.sh start on $(date -Is)"
            for k in "${order[@]}"; do printf '%s=%s\n' "$k" "${v[$k]//\\/\\\\}"; done
        } >"$D/env.properties.tmp"
    )
    chmod 600 "$D/env.sh.tmp" "$D/env.properties.tmp"
    mv -f "$D/env.sh.tmp" "$D/env.sh"
    mv -f "$D/env.properties.tmp" "$D/env.properties"
}

# ---------------------------------------------------------------- commands
lock_state_dir() {
    mkdir -p "$D"
    chmod 700 "$D"
    exec 9>"$D/.lock"
    flock -w 2 9 && return 0
    # Daemons started by an older version of this script inherited the lock fd; if only such
    # daemons (no other test-env.sh run) hold it, go ahead.
    local holders=() others=() pid comm
    while read -r pid; do
        [[ -n $pid && $pid != "$$" ]] || continue
        holders+=("$pid")
        comm=
        { read -r comm <"/proc/$pid/comm"; } 2>/dev/null || true
        case $comm in dockerd | containerd* | docker-registry | docker-proxy | runc) ;; *) others+=("$pid") ;; esac
    done < <(exec 9>&-; find /proc/[0-9]*/fd -maxdepth 1 -lname "$D/.lock" 2>/dev/null | cut -d/ -f3 | sort -u)
    if ((${#holders[@]})) && ((${#others[@]} == 0)); then
        warn "lock held only by daemon processes (${holders[*]}) that inherited it; proceeding"
        return 0
    fi
    flock -w 300 9 || die "another test-env.sh holds $D/.lock (waited 300s; holders: ${others[*]:-?})"
}

saved_host() { [[ -f $D/docker.host ]] && cat "$D/docker.host" || echo "unix://$SOCK"; }
saved_mode() { [[ -f $D/docker.mode ]] && cat "$D/docker.mode" || echo managed; }

cmd_start() {
    local t0=$SECONDS prev
    (( EUID == 0 )) || die "run as root (it starts dockerd and creates a network bridge)"
    lock_state_dir
    prev=$(saved_index)
    if [[ -n $prev && $prev != "$N" && -n $(our_dockerd_pid) ]]; then
        die "this state dir runs as instance $prev (bridge cdbbr$prev); stop it before changing CDB_ENV_INDEX"
    fi
    echo "$N" >"$D/instance.index"

    if [[ ${CDB_REUSE_DOCKER:-0} == 1 ]]; then
        MODE=reused
        DOCKER_HOST_URL=${DOCKER_HOST:-unix:///var/run/docker.sock}
    elif ! is_ci && [[ -n ${DOCKER_HOST:-} && ${DOCKER_HOST} != "unix://$SOCK" ]] \
        && command -v "$DOCKER_CLI" >/dev/null && docker_answers "$DOCKER_HOST"; then
        MODE=reused
        DOCKER_HOST_URL=$DOCKER_HOST
    else
        MODE=managed
        DOCKER_HOST_URL=unix://$SOCK
    fi
    ensure_packages "$MODE"
    [[ -x $DOCKER_CLI ]] || DOCKER_CLI=$(command -v docker)

    if [[ $MODE == managed ]]; then
        start_dockerd
        docker26_start
    else
        docker_answers "$DOCKER_HOST_URL" || die "CDB_REUSE_DOCKER=1 but no Docker answers at $DOCKER_HOST_URL"
        log "docker: reusing the Docker at $DOCKER_HOST_URL (not managed by this script)"
    fi
    echo "$MODE" >"$D/docker.mode"
    echo "$DOCKER_HOST_URL" >"$D/docker.host"

    ensure_password
    start_registry registry
    PLAIN_PORT=$REG_PORT
    start_registry auth-registry
    AUTH_PORT=$REG_PORT

    ensure_base_images "$PLAIN_PORT" "$AUTH_PORT"
    if [[ $DOCKERD_STARTED == 1 || ${CDB_SMOKE:-0} == 1 ]]; then
        smoke_test "127.0.0.1:$PLAIN_PORT/$BASE_REPO:$BASE_TAG"
    fi
    [[ $MODE != managed ]] || docker26_smoke "127.0.0.1:$PLAIN_PORT/$BASE_REPO:$BASE_TAG"
    buildah_start "$((DOCKERD_STARTED == 1 || ${CDB_SMOKE:-0} == 1))" "127.0.0.1:$PLAIN_PORT/$BASE_REPO:$BASE_TAG" "127.0.0.1:$PLAIN_PORT"
    write_env_files
    log "ready in $((SECONDS - t0))s: docker $DOCKER_HOST_URL, registry 127.0.0.1:$PLAIN_PORT, auth registry 127.0.0.1:$AUTH_PORT"
    log "state: $D (env.properties for Java)"
    echo "source $D/env.sh"
}

stop_registry() { kill_matching "$D/$1.pid" "$D/$1.yml" "$1"; }

cmd_stop() {
    local purge=0 pid
    [[ ${1:-} == --purge ]] && purge=1
    [[ $# -le 1 && ${1:---purge} == --purge ]] || die "usage: $0 stop [--purge]"
    if [[ ! -d $D ]]; then log "nothing to stop ($D does not exist)"; return 0; fi
    lock_state_dir
    stop_registry auth-registry
    stop_registry registry
    pid=$(our_dockerd_pid)
    if [[ -n $pid ]]; then
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" "-H unix://$SOCK " 45; then
            warn "dockerd (pid $pid) did not stop within 45s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" "-H unix://$SOCK " 5 || true
        fi
        log "dockerd stopped (pid $pid)"
    fi
    clean_runtime_state
    buildah_stop
    if [[ $(saved_mode) == managed || -n $pid ]]; then remove_bridge; fi
    docker26_stop
    rm -f "$D/env.sh" "$D/env.properties"
    if ((purge)); then
        umount_below "$D"
        [[ -z $(mounts_below "$D") ]] || die "still mounted below $D: $(mounts_below "$D" | head -3 | tr '\n' ' ')"
        rm -rf --one-file-system "$D"
        if [[ -n $RUNTIME ]]; then umount_below "$RUNTIME"; rm -rf --one-file-system "$RUNTIME"; fi
        log "purged $D"
    fi
}

cmd_status() {
    local pid port name host mode code rc=0
    if [[ ! -d $D ]]; then log "not set up ($D does not exist)"; return 3; fi
    mode=$(saved_mode)
    host=$(saved_host)
    echo "state dir:     $D (instance $N)"
    if [[ $mode == managed ]]; then
        pid=$(our_dockerd_pid)
        if [[ -n $pid ]]; then
            if docker_answers "$host"; then
                echo "dockerd:       running, pid $pid, $host, server $("$DOCKER_CLI" -H "$host" version --format '{{.Server.Version}}' 2>/dev/null)"
            else
                echo "dockerd:       pid $pid alive but NOT answering on $host"; rc=1
            fi
        else
            echo "dockerd:       not running"; rc=1
        fi
        if ip -4 -o addr show dev "$BRIDGE" >/dev/null 2>&1; then
            echo "bridge:        $BRIDGE $(ip -4 -o addr show dev "$BRIDGE" | awk '{print $4}')"
        else
            echo "bridge:        $BRIDGE absent"
        fi
        local cpids
        cpids=$(for p in $(pids_with_comm 'containerd*'); do
            [[ $(cmdline_of "$p") == *"$EXEC/containerd/"* ]] && echo -n "$p "
        done; true)
        echo "containerd:    ${cpids:-none} (containerd and shims of this instance)"
    else
        if docker_answers "$host"; then echo "docker:        reused, answers at $host"; else echo "docker:        reused, NOT answering at $host"; rc=1; fi
    fi
    for name in registry auth-registry; do
        pid=$(read_pid "$D/$name.pid")
        port=$(read_pid "$D/$name.port")
        if pid_matches "$pid" "$D/$name.yml"; then
            code=$(http_status "$port" /v2/)
            echo "$(printf '%-15s' "$name:")running, pid $pid, 127.0.0.1:$port (HEAD /v2/ -> $code)"
        else
            echo "$(printf '%-15s' "$name:")not running"; rc=1
        fi
    done
    if [[ $mode == managed ]]; then docker26_status || rc=1; fi
    if [[ -f $D/env.sh ]]; then echo "env:           source $D/env.sh"; fi
    return $rc
}

cmd_wipe_daemon() {
    local force=0 host ids left engine=docker20
    while (($#)); do
        case $1 in
            --force) force=1 ;;
            --engine) engine=${2:-}; shift ;;
            *) die "usage: $0 wipe-daemon [--force] [--engine docker20|docker26-containerd|docker26-overlay]" ;;
        esac
        shift
    done
    [[ -d $D ]] || die "not set up ($D does not exist)"
    lock_state_dir
    case $engine in
        docker20) ;;
        docker26-containerd | docker26-overlay) docker26_wipe "${engine#docker26-}"; return 0 ;;
        *) die "unknown engine '$engine' (docker20, docker26-containerd, docker26-overlay)" ;;
    esac
    host=$(saved_host)
    if [[ $(saved_mode) != managed && $force != 1 ]]; then
        die "the daemon at $host is not managed by this script (reused Docker); refusing to wipe it without --force"
    fi
    DOCKER_HOST_URL=$host
    docker_answers "$host" || die "no Docker answers at $host (run: $0 start)"
    ids=$(dk ps -aq)
    if [[ -n $ids ]]; then
        # shellcheck disable=SC2086
        dk rm -f -v $ids >/dev/null
    fi
    dk_quiet system prune -af --volumes
    DOCKER_BUILDKIT=1 /usr/bin/docker -H "$host" builder prune -af >>"$CLI_LOG" 2>&1 \
        || { tail_log "$CLI_LOG" 10; die "builder prune failed"; }
    left=$(dk images -aq | wc -l)
    (( left == 0 )) || die "$left images survived the wipe"
    log "daemon wiped: no containers, images, volumes or build cache (registries untouched)"
}

usage() {
    cat <<EOF
usage: $0 start | stop [--purge] | status | wipe-daemon [--force] [--engine NAME]
  state dir: $D  (CDB_ENV_DIR), instance: $N (CDB_ENV_INDEX)
EOF
}

case ${1:-} in
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    status) shift; cmd_status "$@" ;;
    wipe-daemon) shift; cmd_wipe_daemon "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
esac
