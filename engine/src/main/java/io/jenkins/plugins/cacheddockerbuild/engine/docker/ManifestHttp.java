package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonSyntaxException;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Asks a registry for a manifest over HTTP itself: what {@code docker manifest inspect --insecure --verbose} prints,
 * without a docker process per lookup (about 0.1 s each on a small agent) and, after the first lookup, without
 * docker's HTTPS attempt at a plain-HTTP registry. It answers only what it is sure of: the manifest (200), or that
 * there is none (404 with {@code MANIFEST_UNKNOWN} or {@code NAME_UNKNOWN}). For anything else (a login it does not
 * hold, a certificate Java does not trust, a proxy, Docker Hub, a 5xx) it answers {@code null}, and the caller asks
 * docker, which then reports what is wrong as it always did.
 *
 * <p>Credentials are only the engine's own logins, sent over HTTPS or to a loopback registry; never logged.
 */
public final class ManifestHttp {
    /** {@code -Dcached-docker-build.manifestHttp=false} turns it off (every lookup through docker). */
    public static final String SWITCH = "cached-docker-build.manifestHttp";
    private static final String ACCEPT = String.join(", ", MediaTypes.INDEX, MediaTypes.LIST, MediaTypes.OCI,
            MediaTypes.V2);
    private static final int MAX_BYTES = 4 << 20;
    private static final int CONNECT_MILLIS = 3_000;
    private static final int READ_MILLIS = 5_000;
    /** The scheme each registry answered on, learnt once per JVM (a Jenkins agent's lives long). */
    private static final Map<String, String> SCHEMES = new ConcurrentHashMap<>();
    /** Registries that timed out, left to docker until the time given (nanoTime), so a slow one costs once. */
    private static final Map<String, Long> LEFT_TO_DOCKER = new ConcurrentHashMap<>();
    private static final long LEAVE_NANOS = 10L * 60 * 1_000_000_000L;
    /** An HTTP request to an HTTPS port: "400 Client sent an HTTP request to an HTTPS server". */
    private static final CommandResult WRONG_SCHEME = new CommandResult(400, "", "");

    private final Map<String, RegistryLogin> logins = new LinkedHashMap<>();
    private final boolean enabled;

    /**
     * @param logins the engine's registry logins, by registry
     * @param dockerEnv docker's environment: a proxy named there (or in the engine's) leaves every lookup to docker
     */
    public ManifestHttp(List<RegistryLogin> logins, Map<String, String> dockerEnv) {
        for (RegistryLogin login : logins) {
            this.logins.put(login.registry(), login);
        }
        this.enabled = !"false".equals(System.getProperty(SWITCH)) && !proxied(dockerEnv) && !proxied(System.getenv())
                && System.getProperty("http.proxyHost") == null && System.getProperty("https.proxyHost") == null;
    }

    /**
     * What {@code docker manifest inspect --insecure --verbose ref} would print (exit 0), or its "no such manifest"
     * (exit 1); {@code null} when only docker can tell.
     */
    public CommandResult descriptor(String ref) {
        Ref parsed = Ref.of(ref);
        if (!enabled || parsed == null || leftToDocker(parsed.host)) {
            return null;
        }
        String known = SCHEMES.get(parsed.host);
        // docker --insecure tries HTTPS, then HTTP; a registry on this machine is most often plain HTTP, and asking
        // it so first spares the JVM its TLS set-up (0.1 s and more in a short-lived process)
        List<String> schemes = known != null ? List.of(known)
                : Challenge.loopback(parsed.host) ? List.of("http", "https") : List.of("https", "http");
        for (String scheme : schemes) {
            try {
                CommandResult answer = new Lookup(scheme, parsed).descriptor();
                if (answer != WRONG_SCHEME) {
                    if (answer != null) {
                        SCHEMES.put(parsed.host, scheme);
                    }
                    return answer;
                }
            } catch (SSLException e) {
                // a plain-HTTP registry, or a certificate Java does not trust: docker --insecure then tries HTTP too
            } catch (SocketTimeoutException e) {
                LEFT_TO_DOCKER.put(parsed.host, System.nanoTime() + LEAVE_NANOS);
                return null;
            } catch (IOException | JsonSyntaxException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean leftToDocker(String host) {
        Long until = LEFT_TO_DOCKER.get(host);
        return until != null && System.nanoTime() - until < 0;
    }

    private static boolean proxied(Map<String, String> env) {
        return env.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("https_proxy")
                || name.equalsIgnoreCase("http_proxy") || name.equalsIgnoreCase("all_proxy"));
    }

    /** {@code host/repository} and the tag or digest asked for; {@code null} for Docker Hub. */
    private record Ref(String text, String host, String repository, String reference) {
        static Ref of(String ref) {
            String repository = ImageReference.repositoryOf(ref);
            String host = ImageReference.registryOf(repository);
            if (host.equals("docker.io") || !repository.startsWith(host + "/")) {
                return null;
            }
            int at = ref.indexOf('@');
            String reference = at >= 0 ? ref.substring(at + 1)
                    : ref.length() > repository.length() ? ref.substring(repository.length() + 1) : "latest";
            return new Ref(ref, host, repository.substring(host.length() + 1), reference);
        }
    }

    /** One lookup on one scheme, with the authorization it needed. */
    private final class Lookup {
        private final String scheme;
        private final Ref ref;
        private String authorization;

        Lookup(String scheme, Ref ref) {
            this.scheme = scheme;
            this.ref = ref;
        }

        CommandResult descriptor() throws IOException, JsonSyntaxException {
            Response response = manifest(ref.reference);
            int status = response.status;
            if (status == 404) {
                String body = response.text();
                return body.contains("MANIFEST_UNKNOWN") || body.contains("NAME_UNKNOWN")
                        ? new CommandResult(1, "", "no such manifest: " + ref.text + "\n") : null;
            }
            if (status == 400 && scheme.equals("http")) {
                return WRONG_SCHEME;
            }
            if (status != 200) {
                return null;
            }
            if (MediaTypes.isIndex(response.mediaType())) {
                // docker prints an index as one wrapped manifest per platform; the first real platform's is enough
                String platform = TransferOutput.platformManifest(response.text());
                Map<String, Object> image = platform == null ? null
                        : wrapped(manifest(platform), ref.host + "/" + ref.repository + "@" + platform);
                return image == null ? null : answer(List.of(image));
            }
            Map<String, Object> image = wrapped(response, ref.text);
            return image == null ? null : answer(image);
        }

        private Response manifest(String reference) throws IOException {
            URI uri = URI.create(scheme + "://" + ref.host + "/v2/" + ref.repository + "/manifests/" + reference);
            Response response = send(uri, authorization);
            if (response.status == 401 && authorization == null) {
                authorization = authorization(response.challenge);
                if (authorization != null) {
                    response = send(uri, authorization);
                }
            }
            return response;
        }

        /** The header answering a challenge, or {@code null} when the engine holds no login that may be sent. */
        private String authorization(String challenge) throws IOException {
            Map<String, String> params = Challenge.params(challenge);
            RegistryLogin login = logins.get(ref.host);
            boolean maySend = login != null && (scheme.equals("https") || Challenge.loopback(ref.host));
            String basic = maySend ? "Basic " + Base64.getEncoder().encodeToString(
                    (login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8)) : null;
            if (Challenge.scheme(challenge).equals("basic")) {
                return basic;
            }
            if (!Challenge.scheme(challenge).equals("bearer") || params.get("realm") == null) {
                return null;
            }
            URI realm = Challenge.tokenUri(params);
            if (realm == null || basic != null && !realm.getScheme().equals("https") && !Challenge.loopback(realm.getHost())) {
                return null;
            }
            Response token = send(realm, basic);
            if (token.status != 200) {
                return null;
            }
            try {
                Object value = JsonText.parse(token.text()) instanceof Map<?, ?> answer
                        ? (answer.get("token") != null ? answer.get("token") : answer.get("access_token")) : null;
                return value instanceof String text && !text.isEmpty() ? "Bearer " + text : null;
            } catch (JsonSyntaxException e) {
                return null;
            }
        }
    }

    /** A status, the headers that matter, and the body (at most 4 MB). */
    private record Response(int status, byte[] body, String contentType, String contentDigest, String challenge) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String mediaType() {
            String type = contentType == null ? "" : contentType;
            int semicolon = type.indexOf(';');
            return (semicolon >= 0 ? type.substring(0, semicolon) : type).strip();
        }

        String digest() {
            if (contentDigest != null) {
                return contentDigest;
            }
            try {
                return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // HttpURLConnection rather than java.net.http: that client sets up TLS when it is made, 0.2 s of a fresh JVM
    private static Response send(URI uri, String authorization) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout(CONNECT_MILLIS);
        connection.setReadTimeout(READ_MILLIS);
        connection.setRequestProperty("Accept", ACCEPT);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        int status = connection.getResponseCode();
        byte[] body;
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            body = in == null ? new byte[0] : in.readNBytes(MAX_BYTES + 1);
        }
        if (body.length > MAX_BYTES) {
            connection.disconnect();
            throw new IOException("a manifest of more than " + MAX_BYTES + " bytes");
        }
        return new Response(status, body, connection.getHeaderField("Content-Type"),
                connection.getHeaderField("Docker-Content-Digest"), connection.getHeaderField("WWW-Authenticate"));
    }

    /**
     * docker's wrapping of an image manifest: {@code Ref}, {@code Descriptor} (media type, digest, size) and the
     * manifest under {@code SchemaV2Manifest} or {@code OCIManifest}; {@code null} for anything else.
     */
    private static Map<String, Object> wrapped(Response response, String ref) throws JsonSyntaxException {
        String type = response.mediaType();
        String key = MediaTypes.wrapperKey(type);
        if (response.status != 200 || key == null) {
            return null;
        }
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", type);
        descriptor.put("digest", response.digest());
        descriptor.put("size", response.body.length);
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("Ref", ref);
        wrapped.put("Descriptor", descriptor);
        wrapped.put(key, JsonText.parse(response.text()));
        return wrapped;
    }

    private static CommandResult answer(Object json) {
        return new CommandResult(0, JsonText.write(json) + "\n", "");
    }
}
