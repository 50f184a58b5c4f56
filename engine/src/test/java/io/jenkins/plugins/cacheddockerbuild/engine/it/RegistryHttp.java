package io.jenkins.plugins.cacheddockerbuild.engine.it;

import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonSyntaxException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The tests' own look into the plain test registry through its v2 API: which digest a tag points at,
 * what the image's config says, and deleting a tag behind a build's back.
 */
public final class RegistryHttp {
    private static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    // Docker 26 with the containerd image store pushes an OCI index (image plus attestation manifest)
    private static final String ANY_MANIFEST = MANIFEST_V2 + ", application/vnd.docker.distribution.manifest.list.v2+json, "
            + "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The digest {@code ref} ({@code host:port/repo:tag}) points at, or {@code null} if the tag does not exist. */
    public String digest(String ref) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(request(manifestUrl(ref)).setHeader("Accept", ANY_MANIFEST)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200 ? response.headers().firstValue("Docker-Content-Digest").orElse(null) : null;
    }

    /**
     * The image config JSON of {@code ref} (a tag or {@code repo@digest}): labels, history, rootfs. Of an OCI index
     * (Docker 26's containerd store pushes the image and an attestation), that of its image.
     */
    public String config(String ref) throws IOException, InterruptedException {
        String[] parts = split(ref);
        String manifest = get(manifestUrl(ref), ANY_MANIFEST);
        String platform = TransferOutput.platformManifest(manifest);
        if (platform != null) {
            manifest = get(URI.create("http://" + parts[0] + "/v2/" + parts[1] + "/manifests/" + platform), ANY_MANIFEST);
        }
        String config = TransferOutput.configDigest(manifest);
        if (config == null) {
            throw new IOException("no config in manifest of " + ref + ": " + manifest);
        }
        return get(URI.create("http://" + parts[0] + "/v2/" + parts[1] + "/blobs/" + config), "*/*");
    }

    /** The diff ids of the image {@code ref} names, lowest layer first. */
    @SuppressWarnings("unchecked")
    public List<String> diffIds(String ref) throws IOException, InterruptedException {
        try {
            Map<String, Object> config = (Map<String, Object>) JsonText.parse(config(ref));
            return (List<String>) ((Map<String, Object>) config.get("rootfs")).get("diff_ids");
        } catch (JsonSyntaxException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Deletes the manifest {@code ref} points at (the test registry allows deletes). */
    public void delete(String ref) throws IOException, InterruptedException {
        String digest = digest(ref);
        String[] parts = split(ref);
        HttpResponse<String> response = http.send(request(URI.create("http://" + parts[0] + "/v2/" + parts[1]
                + "/manifests/" + digest)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("delete of " + ref + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private String get(URI uri, String accept) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(uri).setHeader("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Accept", MANIFEST_V2).timeout(Duration.ofSeconds(20));
    }

    private static URI manifestUrl(String ref) {
        String[] parts = split(ref);
        return URI.create("http://" + parts[0] + "/v2/" + parts[1] + "/manifests/" + parts[2]);
    }

    /** host, repository path, tag or digest. */
    private static String[] split(String ref) {
        int slash = ref.indexOf('/');
        String host = ref.substring(0, slash);
        String rest = ref.substring(slash + 1);
        int at = rest.indexOf('@');
        int colon = at >= 0 ? at : rest.lastIndexOf(':');
        return new String[] {host, rest.substring(0, colon), rest.substring(colon + 1)};
    }
}
