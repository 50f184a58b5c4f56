package io.jenkins.plugins.cacheddockerbuild.engine.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a registry that plays a flaky one: it can reset new connections, stall them
 * (accept and never answer), throttle them, or cut a response (a download) or a request (an upload)
 * mid-transfer. The daemon and the docker client reach it at {@code 127.0.0.1:port}, which the daemon
 * treats as an insecure registry, so images can be named {@code proxy.address()/repo:tag}.
 *
 * <p>Faults can be switched while a build runs (e.g. from the engine's phase events).
 */
public final class FaultyProxy implements AutoCloseable {

    /** What happens to a new connection. */
    public enum Mode {
        /** Forward, subject to the cut and throttle settings. */
        PASS,
        /** Accept, then reset at once: "connection reset by peer". */
        RESET,
        /** Accept and read, never answer: a hung registry. */
        STALL
    }

    private static final int CHUNK = 8 * 1024;
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    private volatile long cutResponsesAfterBytes = -1;
    private volatile byte[] cutRequestsContaining;
    private volatile long bytesPerSecond;

    private FaultyProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "faulty-proxy accept " + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code registry} ({@code 127.0.0.1:PORT}), passing everything until told otherwise. */
    public static FaultyProxy to(String registry) throws IOException {
        return new FaultyProxy(Integer.parseInt(registry.substring(registry.lastIndexOf(':') + 1)));
    }

    /** {@code 127.0.0.1:PORT}: use it as a registry host. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public FaultyProxy mode(Mode value) {
        mode = value;
        return this;
    }

    /**
     * Cuts the next {@code times} connections whose responses go beyond {@code bytes} (manifests and
     * pings are small and pass; layer downloads are cut mid-transfer).
     */
    public FaultyProxy cutResponsesAfter(long bytes, int times) {
        cutsLeft.set(times);
        cutResponsesAfterBytes = bytes;
        return this;
    }

    /** Cuts the next {@code times} connections on which the client sends {@code text}, e.g. {@code PUT /v2/app/manifests/}. */
    public FaultyProxy cutRequestsContaining(String text, int times) {
        cutsLeft.set(times);
        cutRequestsContaining = text.getBytes(StandardCharsets.US_ASCII);
        return this;
    }

    /** Limits every connection to about {@code value} bytes per second each way (0: no limit). */
    public FaultyProxy throttle(long value) {
        bytesPerSecond = value;
        return this;
    }

    /** Back to a faithful proxy (open connections stay as they are). */
    public FaultyProxy heal() {
        mode = Mode.PASS;
        cutResponsesAfterBytes = -1;
        cutRequestsContaining = null;
        bytesPerSecond = 0;
        return this;
    }

    /** Resets every open connection, as a registry that goes away. */
    public void dropAll() {
        open.forEach(FaultyProxy::reset);
    }

    public int connections() {
        return connections.get();
    }

    /** Connections cut mid-transfer so far. */
    public int cuts() {
        return cuts.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                open.add(client);
                Thread handler = new Thread(() -> handle(client), "faulty-proxy connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try {
            switch (mode) {
                case RESET -> reset(client);
                case STALL -> drain(client);
                case PASS -> forward(client);
            }
        } catch (IOException e) {
            reset(client);
        }
    }

    private void drain(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[CHUNK];
        while (in.read(buffer) >= 0) {
            // swallow the request, never answer
        }
        reset(client);
    }

    private void forward(Socket client) throws IOException {
        Socket upstream = new Socket();
        open.add(upstream);
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
        Connection connection = new Connection(client, upstream);
        Thread up = new Thread(connection::pumpRequests, "faulty-proxy upload");
        up.setDaemon(true);
        up.start();
        connection.pumpResponses();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** One proxied connection; a cut on either side resets both. */
    private final class Connection {
        private final Socket client;
        private final Socket upstream;
        private boolean counted;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void pumpRequests() {
            byte[] pattern = cutRequestsContaining;
            byte[] window = new byte[0];
            try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
                byte[] buffer = new byte[CHUNK];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (pattern != null) {
                        window = tail(window, buffer, n, pattern.length * 2 + CHUNK);
                        if (indexOf(window, pattern) >= 0 && claimCut()) {
                            cutBoth();
                            return;
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    pace(n);
                }
                upstream.shutdownOutput();
            } catch (IOException e) {
                cutBoth();
            }
        }

        void pumpResponses() {
            long sent = 0;
            try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
                byte[] buffer = new byte[CHUNK];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long limit = cutResponsesAfterBytes;
                    if (limit >= 0 && sent + n > limit && claimCut()) {
                        out.write(buffer, 0, (int) Math.max(0, limit - sent));
                        out.flush();
                        cutBoth();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    sent += n;
                    pace(n);
                }
                client.shutdownOutput();
            } catch (IOException e) {
                cutBoth();
            }
        }

        private synchronized boolean claimCut() {
            if (counted) {
                return true;
            }
            if (cutsLeft.getAndDecrement() > 0) {
                counted = true;
                cuts.incrementAndGet();
                return true;
            }
            return false;
        }

        private void cutBoth() {
            reset(client);
            reset(upstream);
            open.remove(client);
            open.remove(upstream);
        }
    }

    private void pace(int bytes) {
        long rate = bytesPerSecond;
        if (rate > 0) {
            try {
                Thread.sleep(Math.max(1, bytes * 1000L / rate));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static byte[] tail(byte[] window, byte[] buffer, int n, int keep) {
        byte[] joined = new byte[window.length + n];
        System.arraycopy(window, 0, joined, 0, window.length);
        System.arraycopy(buffer, 0, joined, window.length, n);
        if (joined.length <= keep) {
            return joined;
        }
        return java.util.Arrays.copyOfRange(joined, joined.length - keep, joined.length);
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
