"""Registry links for the benchmark: loopback, and a shaped link to a registry in its own network namespace.

The shaped link: a network namespace with a veth pair (host end 10.250.K.1/30, namespace end .2), a
docker-registry inside it, and a TCP forwarder on 127.0.0.1 (the daemon trusts 127.0.0.0/8 as an insecure
registry, so nothing in the daemon's configuration changes) whose traffic crosses the veth. Shaping:
``tc netem delay D rate R`` on both veth ends when the kernel has netem; otherwise ``tbf rate R`` on both
ends and the one-way delay added by the forwarder itself (each chunk is held D before it is passed on); if tc
cannot shape at all, the forwarder also limits the rate. The forwarder counts the bytes that cross it, which
gives every contender's real traffic over the link.
"""
import collections
import os
import re
import socket
import subprocess
import threading
import time

NETNS_PREFIX = "cdbbench-"


def run(argv, check=True, **kw):
    return subprocess.run(argv, check=check, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(host, port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1) as s:
                s.sendall(b"GET /v2/ HTTP/1.0\r\nHost: x\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.") :
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


class Registry:
    """A docker-registry process with its own storage; optionally inside a network namespace."""

    def __init__(self, workdir, name, listen_host, listen_port, netns=None):
        self.storage = os.path.join(workdir, name + "-data")
        self.config = os.path.join(workdir, name + ".yml")
        self.log = os.path.join(workdir, name + ".log")
        self.listen = (listen_host, listen_port)
        self.netns = netns
        self.proc = None
        os.makedirs(self.storage, exist_ok=True)
        with open(self.config, "w") as f:
            f.write("version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n"
                    f"    rootdirectory: {self.storage}\n  delete:\n    enabled: true\n"
                    f"http:\n  addr: {listen_host}:{listen_port}\n  secret: bench-{os.getpid()}\n")

    def start(self):
        argv = ["docker-registry", "serve", self.config]
        if self.netns:
            argv = ["ip", "netns", "exec", self.netns] + argv
        with open(self.log, "a") as log:
            self.proc = subprocess.Popen(argv, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        if not wait_http(*self.listen):
            self.stop()
            raise RuntimeError(f"registry did not come up on {self.listen} (log: {self.log})")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def stored_bytes(self):
        total = 0
        for root, _dirs, files in os.walk(self.storage):
            for name in files:
                try:
                    total += os.lstat(os.path.join(root, name)).st_size
                except OSError:
                    pass
        return total


class TokenBucket:
    """Rate limit shared by all connections of one direction (only when tc cannot shape)."""

    def __init__(self, bits_per_second):
        self.rate = bits_per_second / 8.0
        self.burst = max(64 * 1024, self.rate * 0.005)
        self.tokens = self.burst
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def take(self, n):
        while True:
            with self.lock:
                now = time.monotonic()
                self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                if self.tokens >= min(n, self.burst):
                    self.tokens -= n
                    return
                wait = (min(n, self.burst) - self.tokens) / self.rate
            time.sleep(wait)


class Forwarder:
    """127.0.0.1:port -> target, optionally delaying each direction; counts bytes (up = to the registry)."""

    QUEUE_LIMIT = 1 << 20  # bytes in flight per direction and connection, about two bandwidth-delay products

    def __init__(self, target, one_way_delay=0.0, rate_bits=None):
        self.target = target
        self.delay = one_way_delay
        self.buckets = {"up": TokenBucket(rate_bits), "down": TokenBucket(rate_bits)} if rate_bits else None
        self.counts = {"up": 0, "down": 0}
        self.lock = threading.Lock()
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(256)
        self.port = self.server.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True, name="fwd-accept").start()

    def bytes(self):
        with self.lock:
            return dict(self.counts)

    def close(self):
        self.closed = True
        try:
            self.server.close()
        except OSError:
            pass

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client):
        try:
            upstream = socket.create_connection(self.target, timeout=10)
            upstream.settimeout(None)
        except OSError:
            client.close()
            return
        for s in (client, upstream):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        done = threading.Semaphore(0)
        # On a real link the client's first byte leaves one round trip (the TCP handshake) after connect().
        opened = time.monotonic() + 2 * self.delay
        for src, dst, direction in ((client, upstream, "up"), (upstream, client, "down")):
            threading.Thread(target=self._pipe, args=(src, dst, direction, done, opened), daemon=True).start()
        done.acquire()
        done.acquire()
        for s in (client, upstream):
            try:
                s.close()
            except OSError:
                pass

    def _pipe(self, src, dst, direction, done, opened):
        try:
            if self.delay <= 0 and not self.buckets:
                self._copy(src, dst, direction)
            else:
                self._delayed_copy(src, dst, direction, opened)
        finally:
            done.release()

    def _count(self, direction, n):
        with self.lock:
            self.counts[direction] += n

    def _copy(self, src, dst, direction):
        try:
            while True:
                data = src.recv(262144)
                if not data:
                    break
                dst.sendall(data)
                self._count(direction, len(data))
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            _abort(src, dst)

    def _delayed_copy(self, src, dst, direction, opened):
        queue = collections.deque()
        cond = threading.Condition()
        state = {"queued": 0, "failed": False}

        def writer():
            while True:
                with cond:
                    while not queue:
                        cond.wait()
                    due, data = queue.popleft()
                    state["queued"] -= len(data or b"")
                    cond.notify_all()
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                try:
                    if data is None:
                        dst.shutdown(socket.SHUT_WR)
                        return
                    if self.buckets:
                        self.buckets[direction].take(len(data))
                    dst.sendall(data)
                    self._count(direction, len(data))
                except OSError:
                    with cond:
                        state["failed"] = True
                    _abort(src, dst)
                    return

        thread = threading.Thread(target=writer, daemon=True)
        thread.start()
        try:
            while True:
                try:
                    data = src.recv(262144)
                except OSError:
                    data = b""
                with cond:
                    while state["queued"] > self.QUEUE_LIMIT and not state["failed"]:
                        cond.wait()
                    if state["failed"]:
                        break
                    queue.append((max(time.monotonic(), opened) + self.delay, data or None))
                    state["queued"] += len(data)
                    cond.notify_all()
                if not data:
                    break
        finally:
            thread.join()


def _abort(*socks):
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class LoopbackLink:
    """The registry on 127.0.0.1, no shaping."""
    name = "loopback"

    def __init__(self, workdir):
        self.registry = Registry(workdir, "registry-loopback", "127.0.0.1", free_port())
        self.address = f"127.0.0.1:{self.registry.listen[1]}"
        self.forwarder = None
        self.shaping = "none (loopback)"

    def start(self):
        self.registry.start()

    def stop(self):
        self.registry.stop()

    def wire_bytes(self):
        return None

    def describe(self):
        return {"name": self.name, "registry": self.address, "shaping": self.shaping}


class ShapedLink:
    """The registry in a network namespace behind a shaped veth pair, reached through a local forwarder."""
    name = "shaped"

    def __init__(self, workdir, delay_ms=10.0, rate_mbit=200):
        self.workdir = workdir
        self.delay_ms = delay_ms
        self.rate_mbit = rate_mbit
        self.netns = f"{NETNS_PREFIX}{os.getpid()}"
        suffix = str(os.getpid() % 100000)
        self.veth_host = f"cdbbh{suffix}"
        self.veth_ns = f"cdbbn{suffix}"
        self.subnet = None
        self.registry = None
        self.forwarder = None
        self.address = None
        self.shaping = None
        self.created = []

    def start(self):
        remove_stale_namespaces()
        k = self._free_subnet()
        host_ip, ns_ip = f"10.250.{k}.1", f"10.250.{k}.2"
        run(["ip", "netns", "add", self.netns])
        self.created.append("netns")
        run(["ip", "link", "add", self.veth_host, "type", "veth", "peer", "name", self.veth_ns])
        self.created.append("veth")
        run(["ip", "link", "set", self.veth_ns, "netns", self.netns])
        run(["ip", "addr", "add", f"{host_ip}/30", "dev", self.veth_host])
        run(["ip", "link", "set", self.veth_host, "up"])
        run(["ip", "-n", self.netns, "addr", "add", f"{ns_ip}/30", "dev", self.veth_ns])
        run(["ip", "-n", self.netns, "link", "set", self.veth_ns, "up"])
        run(["ip", "-n", self.netns, "link", "set", "lo", "up"])
        forwarder_delay, forwarder_rate = self._shape()
        self.registry = Registry(self.workdir, "registry-shaped", ns_ip, 5000, netns=self.netns)
        self.registry.start()
        self.forwarder = Forwarder((ns_ip, 5000), forwarder_delay, forwarder_rate)
        self.address = f"127.0.0.1:{self.forwarder.port}"

    def _free_subnet(self):
        used = run(["ip", "-4", "-o", "addr"], check=False).stdout
        for i in range(256):
            k = (os.getpid() + i) % 250 + 1
            if f" 10.250.{k}." not in used:
                return k
        raise RuntimeError("no free 10.250.K.0/30 subnet")

    def _shape(self):
        """Shapes the veth; returns (delay, rate) the forwarder must add itself."""
        delay, rate = f"{self.delay_ms:g}ms", f"{self.rate_mbit}mbit"
        netem = [["tc", "qdisc", "add", "dev", self.veth_host, "root", "netem", "delay", delay, "rate", rate],
                 ["ip", "netns", "exec", self.netns, "tc", "qdisc", "add", "dev", self.veth_ns, "root", "netem",
                  "delay", delay, "rate", rate]]
        if all(run(argv, check=False).returncode == 0 for argv in netem):
            self.shaping = f"tc netem delay {delay} rate {rate} on both veth ends"
            return 0.0, None
        for dev, prefix in ((self.veth_host, []), (self.veth_ns, ["ip", "netns", "exec", self.netns])):
            run(prefix + ["tc", "qdisc", "del", "dev", dev, "root"], check=False)
        # tbf needs a burst of at least rate/HZ; 128 KiB also lets GSO super-packets through whole
        tbf = [["tc", "qdisc", "add", "dev", self.veth_host, "root", "tbf", "rate", rate, "burst", "128kb",
                "latency", "50ms"],
               ["ip", "netns", "exec", self.netns, "tc", "qdisc", "add", "dev", self.veth_ns, "root", "tbf",
                "rate", rate, "burst", "128kb", "latency", "50ms"]]
        if all(run(argv, check=False).returncode == 0 for argv in tbf):
            self.shaping = (f"kernel has no netem: tc tbf rate {rate} on both veth ends, one-way delay {delay} "
                            "added per direction by the forwarder")
            return self.delay_ms / 1000.0, None
        self.shaping = (f"kernel can neither netem nor tbf: delay {delay} per direction and rate {rate} "
                        "applied by the forwarder (userspace)")
        return self.delay_ms / 1000.0, self.rate_mbit * 1_000_000

    def stop(self):
        if self.forwarder:
            self.forwarder.close()
        if self.registry:
            self.registry.stop()
        if "veth" in self.created:
            run(["ip", "link", "del", self.veth_host], check=False)
        if "netns" in self.created:
            run(["ip", "netns", "del", self.netns], check=False)
        self.created = []

    def wire_bytes(self):
        return self.forwarder.bytes() if self.forwarder else None

    def describe(self):
        return {"name": self.name, "registry": self.address, "shaping": self.shaping,
                "rttMs": 2 * self.delay_ms, "rateMbit": self.rate_mbit, "netns": self.netns}


def remove_stale_namespaces():
    """Removes namespaces (and their veth) left by a benchmark that was killed with SIGKILL."""
    out = run(["ip", "netns", "list"], check=False).stdout
    for name in re.findall(rf"^({NETNS_PREFIX}(\d+))", out, re.M):
        ns, pid = name
        if not os.path.exists(f"/proc/{pid}"):
            run(["ip", "netns", "pids", ns], check=False)
            for p in run(["ip", "netns", "pids", ns], check=False).stdout.split():
                try:
                    os.kill(int(p), 15)
                except (OSError, ValueError):
                    pass
            run(["ip", "link", "del", f"cdbbh{int(pid) % 100000}"], check=False)
            run(["ip", "netns", "del", ns], check=False)
