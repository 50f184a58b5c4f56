package io.jenkins.plugins.cacheddockerbuild.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Jenkins' HTTP API as a user script drives it: a crumb for every POST (bound to the session cookie),
 * basic auth with an API token when given, jobs created from {@code config.xml}, builds queued and polled.
 */
final class JenkinsApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String url;
    private final String authorization;
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private String crumbField;
    private String crumb;

    JenkinsApi(String url, String user, String token) {
        this.url = url;
        this.authorization = user == null || user.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    String url() {
        return url;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path + (path.endsWith("/") ? "" : "/") + "api/json?depth=1");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + "api/json: HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        String[] crumbHeader = crumb();
        if (crumbHeader != null) {
            request.header(crumbHeader[0], crumbHeader[1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, String... namesAndValues) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(encode(namesAndValues[i])).append('=')
                    .append(encode(namesAndValues[i + 1]));
        }
        return post(path, "application/x-www-form-urlencoded", form.toString());
    }

    void createJob(String name, String configXml) throws IOException, InterruptedException {
        HttpResponse<String> response = post("createItem?name=" + encode(name), "application/xml", configXml);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("createItem " + name + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** Runs a Groovy script in the script console (needs Overall/Administer); returns its output. */
    String script(String groovy) throws IOException, InterruptedException {
        HttpResponse<String> response = postForm("scriptText", "script", groovy);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("scriptText: HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Queues a build and waits until it has a number. */
    int startBuild(String job) throws IOException, InterruptedException {
        HttpResponse<String> queued = post("job/" + job + "/build", null, "");
        String location = queued.headers().firstValue("Location").orElseThrow(() ->
                new IllegalStateException("build of " + job + " not queued: HTTP " + queued.statusCode()));
        String item = URI.create(location).getPath().replaceFirst("^.*?/queue/", "queue/");
        for (int i = 0; i < 600; i++) {
            JsonNode executable = json(item).path("executable");
            if (executable.has("number")) {
                return executable.get("number").asInt();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(job + " stayed in the queue");
    }

    /** Waits for build {@code number} of {@code job} to finish; returns its result. */
    String awaitResult(String job, int number, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode build = json("job/" + job + "/" + number + "/");
            if (!build.path("building").asBoolean(true) && !build.path("result").isNull()) {
                return build.path("result").asText();
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(job + " #" + number + " still running after " + timeout);
    }

    String console(String job, int number) throws IOException, InterruptedException {
        return get("job/" + job + "/" + number + "/consoleText").body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private synchronized String[] crumb() throws IOException, InterruptedException {
        if (crumbField == null) {
            HttpResponse<String> response = get("crumbIssuer/api/json");
            if (response.statusCode() == 404) {
                return null;  // CSRF protection off
            }
            JsonNode json = JSON.readTree(response.body());
            crumbField = json.path("crumbRequestField").asText();
            crumb = json.path("crumb").asText();
        }
        return new String[] {crumbField, crumb};
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
