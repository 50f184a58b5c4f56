package io.jenkins.plugins.cacheddockerbuild.engine.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A registry that speaks just enough of the v2 API to say no: {@code /v2/} answers 200, every other
 * request gets one fixed status with a registry-style error body (403 DENIED, 404 NAME_UNKNOWN).
 *
 * <p>A plain socket server rather than the JDK's HttpServer: docker first tries TLS on 127.0.0.1 and falls
 * back to plain HTTP only when the answer to its TLS hello starts with {@code HTTP/}; the JDK server
 * waits for a request line instead, which costs docker a 10 s handshake timeout per call.
 */
public final class RegistryStub implements AutoCloseable {
    private final ServerSocket server;
    private final int status;
    private final String reason;
    private final String code;
    private final String message;

    private RegistryStub(int status, String reason, String code, String message) throws IOException {
        this.status = status;
        this.reason = reason;
        this.code = code;
        this.message = message;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "registry-stub " + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** 403 for everything: a registry that grants no access. */
    public static RegistryStub denying() throws IOException {
        return new RegistryStub(403, "Forbidden", "DENIED", "requested access to the resource is denied");
    }

    /** 404 for everything: the repository does not exist. */
    public static RegistryStub unknownRepository() throws IOException {
        return new RegistryStub(404, "Not Found", "NAME_UNKNOWN", "repository name not known to registry");
    }

    /** {@code 127.0.0.1:PORT}. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> serve(socket), "registry-stub connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            in.mark(1);
            if (in.read() == 0x16) {
                // a TLS hello: answer in plain HTTP so docker falls back to http:// at once
                write(out, 400, "Bad Request", "Client sent an HTTP request to an HTTPS server.", "text/plain");
                return;
            }
            in.reset();
            String requestLine = readHead(in);
            while (requestLine != null) {
                String path = requestLine.split(" ").length > 1 ? requestLine.split(" ")[1] : "/";
                boolean head = requestLine.startsWith("HEAD ");
                if (path.equals("/v2/") || path.equals("/v2")) {
                    write(out, 200, "OK", head ? null : "{}", "application/json");
                } else {
                    write(out, status, reason, head ? null : "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\""
                            + message + "\",\"detail\":null}]}", "application/json; charset=utf-8");
                    return;
                }
                requestLine = readHead(in);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Reads a request head (line and headers) and returns the request line, or null at the end. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.indexOf("\r\n"));
            }
        }
        return null;
    }

    private static void write(OutputStream out, int status, String reason, String body, String type)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Docker-Distribution-Api-Version: registry/2.0\r\n"
                + "Content-Type: " + type + "\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + (status == 200 ? "" : "Connection: close\r\n")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
