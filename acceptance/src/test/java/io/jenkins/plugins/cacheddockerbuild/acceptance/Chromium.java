package io.jenkins.plugins.cacheddockerbuild.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium (Debian's {@code chromium}) driven through the DevTools protocol over a
 * {@code java.net.http} WebSocket: pages are loaded, read and clicked as a user's browser would, JavaScript
 * exceptions and {@code console.error} calls are collected, and full-page screenshots are written.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static Chromium start() throws Exception {
        Path profile = Files.createTempDirectory("cdb-acceptance-chromium");
        Process process = new ProcessBuilder(System.getenv().getOrDefault("CDB_CHROMIUM", "chromium"),
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile,
                "--window-size=1280,900", "about:blank").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        for (int i = 0; i < 200 && !Files.isRegularFile(portFile); i++) {
            Thread.sleep(100);
        }
        String port = Files.readAllLines(portFile).get(0).trim();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String page = null;
        for (JsonNode target : targets) {
            if ("page".equals(target.path("type").asText())) {
                page = target.path("webSocketDebuggerUrl").asText();
            }
        }
        Chromium[] self = new Chromium[1];
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    String text = message.toString();
                    message.setLength(0);
                    self[0].receive(text);
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        self[0] = new Chromium(process, profile, socket);
        for (String domain : new String[] {"Page", "Runtime", "Log"}) {
            self[0].send(domain + ".enable", JSON.createObjectNode());
        }
        return self[0];
    }

    private void receive(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> future = pending.remove(message.get("id").asInt());
                if (future != null) {
                    future.complete(message);
                }
                return;
            }
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            if ("Runtime.exceptionThrown".equals(method)) {
                JsonNode details = params.path("exceptionDetails");
                errors.add("exception: " + details.path("exception").path("description").asText(details.path("text").asText())
                        + " at " + details.path("url").asText());
            } else if ("Runtime.consoleAPICalled".equals(method) && "error".equals(params.path("type").asText())) {
                errors.add("console.error: " + params.path("args").toString());
            }
            events.add(message);
        } catch (IOException e) {
            errors.add("unreadable DevTools message: " + e.getMessage());
        }
    }

    JsonNode send(String method, ObjectNode params) throws IOException {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(message.toString(), true).join();
        try {
            JsonNode reply = answer.get(90, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IOException(method + ": " + reply.get("error"));
            }
            return reply.path("result");
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException(method + " failed", e);
        }
    }

    /** Loads {@code url}, waits for its load event and the page's own requests (trend charts load after it). */
    void open(String url) throws IOException, InterruptedException {
        events.clear();
        send("Page.navigate", JSON.createObjectNode().put("url", url));
        for (int i = 0; i < 600 && events.stream().noneMatch(e -> "Page.loadEventFired".equals(e.path("method").asText()));
                i++) {
            Thread.sleep(100);
        }
        Thread.sleep(2500);
    }

    /** Evaluates {@code expression} in the page and returns its value (awaiting a promise). */
    JsonNode eval(String expression) throws IOException {
        JsonNode result = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IOException("script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    String text() throws IOException {
        return eval("document.body.innerText").asText();
    }

    /** A full-page PNG. */
    void screenshot(Path file) throws IOException {
        int height = Math.min(6000, Math.max(900, eval("document.documentElement.scrollHeight").asInt()));
        send("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", 1280).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false));
        JsonNode shot = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
        send("Emulation.clearDeviceMetricsOverride", JSON.createObjectNode());
    }

    /** JavaScript exceptions and console errors since the last call. */
    List<String> takeErrors() {
        List<String> taken = new ArrayList<>(errors);
        errors.clear();
        return taken;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
