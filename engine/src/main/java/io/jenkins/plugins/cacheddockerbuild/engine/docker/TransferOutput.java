package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonSyntaxException;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code docker pull}, {@code docker push} and {@code docker manifest inspect} print: the
 * pushed digest, which layers a pull actually downloaded, and the layer sizes a manifest declares.
 */
public final class TransferOutput {
    private static final Pattern PUSH_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
    private static final Pattern PULLED_LAYER = Pattern.compile("(?m)^([0-9a-f]{12}): Pull complete");
    private static final Pattern PUSHED_LAYER = Pattern.compile("(?m)^([0-9a-f]{12}): Pushed");

    private TransferOutput() {
    }

    /** The digest {@code docker push} reported, or {@code null}. */
    public static String pushedDigest(String output) {
        Matcher matcher = PUSH_DIGEST.matcher(output);
        String digest = null;
        while (matcher.find()) {
            digest = matcher.group(1);
        }
        return digest;
    }

    /**
     * The manifest digest the registry holds for a ref, from {@code docker manifest inspect --verbose} of one
     * image manifest; {@code null} for anything else.
     */
    public static String descriptorDigest(String verboseJson) {
        return parsed(verboseJson) instanceof Map<?, ?> verbose
                && verbose.get("Descriptor") instanceof Map<?, ?> descriptor && descriptor.get("digest") instanceof String digest && digest.startsWith("sha256:") ? digest : null;
    }

    /** Short ids (12 hex digits) of the layers a pull downloaded (not those that already existed). */
    public static Set<String> pulledLayers(String output) {
        return shortIds(PULLED_LAYER, output);
    }

    /** Short ids of the layers a push uploaded (not those the registry already had or mounted). */
    public static Set<String> pushedLayers(String output) {
        return shortIds(PUSHED_LAYER, output);
    }

    /**
     * The config digest an image manifest names: the image id the image has on any daemon. {@code null} for
     * a manifest list (several platforms) or anything unreadable.
     */
    public static String configDigest(String manifestJson) {
        return manifest(manifestJson).get("config") instanceof Map<?, ?> config
                && config.get("digest") instanceof String digest && digest.startsWith("sha256:") ? digest : null;
    }

    /** Compressed size per short layer id, from {@code docker manifest inspect} JSON. */
    public static Map<String, Long> layerSizes(String manifestJson) {
        Map<String, Long> sizes = new HashMap<>();
        for (Map<?, ?> layer : layers(manifestJson)) {
            if (layer.get("digest") instanceof String digest && digest.startsWith("sha256:") && digest.length() >= 19
                    && layer.get("size") instanceof Number size) {
                sizes.put(digest.substring(7, 19), size.longValue());
            }
        }
        return sizes;
    }

    /**
     * Bytes a push uploaded. Push progress names layers by their diff id (uncompressed), the manifest lists
     * compressed sizes; both list the layers in the same order, which pairs them.
     *
     * @param diffIdsJson {@code docker image inspect --format '{{json .RootFS.Layers}}'} output
     * @return the bytes, or {@code null} when the two lists do not pair up
     */
    public static Long pushedBytes(String pushOutput, String diffIdsJson, String manifestJson) {
        List<String> diffIds = new ArrayList<>();
        if (parsed(diffIdsJson) instanceof List<?> ids) {
            ids.forEach(id -> diffIds.add(String.valueOf(id)));
        }
        return pushedBytes(pushedLayers(pushOutput), diffIds, manifestJson);
    }

    /**
     * The same from what was already read: the short ids of the uploaded layers and the image's diff ids
     * ({@code sha256:...}, in order).
     */
    public static Long pushedBytes(Set<String> uploadedLayers, java.util.List<String> diffIds, String manifestJson) {
        Long byDiffIds = pushedBytesByDiffIds(uploadedLayers, diffIds, manifestJson);
        return byDiffIds != null ? byDiffIds : pushedBytesByBlobs(uploadedLayers, manifestJson);
    }

    /**
     * Docker's containerd image store names pushed layers by their compressed digest, as the manifest does
     * (and also "pushes" the config and manifests, which are no layers): the sizes are read straight from it.
     */
    private static Long pushedBytesByBlobs(Set<String> uploadedLayers, String manifestJson) {
        Map<String, Long> sizes = layerSizes(manifestJson);
        long total = 0;
        boolean any = false;
        for (String layer : uploadedLayers) {
            if (sizes.containsKey(layer)) {
                total += sizes.get(layer);
                any = true;
            }
        }
        return any ? total : null;
    }

    /**
     * The image manifest an OCI index or manifest list names for a real platform (not an attestation's
     * {@code unknown/unknown}), or {@code null} when {@code json} is no index.
     */
    public static String platformManifest(String json) {
        if (!(parsed(json) instanceof Map<?, ?> index) || index.containsKey("layers")
                || !(index.get("manifests") instanceof List<?> entries)) {
            return null;
        }
        for (Object item : entries) {
            if (item instanceof Map<?, ?> entry && entry.get("platform") instanceof Map<?, ?> platform
                    && !"unknown".equals(platform.get("architecture")) && entry.get("digest") instanceof String digest
                    && digest.startsWith("sha256:")) {
                return digest;
            }
        }
        return null;
    }

    private static Long pushedBytesByDiffIds(Set<String> uploadedLayers, java.util.List<String> diffIds,
            String manifestJson) {
        java.util.List<String> shortIds = diffIds.stream()
                .map(diffId -> diffId.substring(diffId.indexOf(':') + 1, Math.min(diffId.length(), diffId.indexOf(':') + 13)))
                .toList();
        if (!(platformOrManifest(manifestJson).get("layers") instanceof List<?>)) {
            return null;
        }
        List<Long> sizes = new ArrayList<>();
        for (Map<?, ?> layer : layers(manifestJson)) {
            if (layer.get("size") instanceof Number size) {
                sizes.add(size.longValue());
            }
        }
        if (sizes.size() != shortIds.size()) {
            return null;
        }
        long total = 0;
        for (String layer : uploadedLayers) {
            int index = shortIds.indexOf(layer);
            if (index < 0) {
                return null;
            }
            total += sizes.get(index);
        }
        return total;
    }

    /** Bytes of the listed layers whose size is known; {@code null} when none is known. */
    public static Long bytesOf(Set<String> layers, Map<String, Long> sizes) {
        long total = 0;
        boolean known = false;
        for (String layer : layers) {
            Long size = sizes.get(layer);
            if (size != null) {
                total += size;
                known = true;
            }
        }
        return known || layers.isEmpty() ? total : null;
    }

    /**
     * The image manifest as a JSON object; empty when it is none (absent, unreadable, not an object, an index).
     * {@code manifest inspect --verbose} wraps it in its descriptor ({@code SchemaV2Manifest} from a Docker
     * image, {@code OCIManifest} from an OCI one): it is unwrapped, so both forms read alike.
     */
    private static Map<?, ?> manifest(String json) {
        return parsed(json) instanceof Map<?, ?> map ? unwrapped(map) : Map.of();
    }

    private static Map<?, ?> unwrapped(Map<?, ?> map) {
        for (String key : List.of("SchemaV2Manifest", "OCIManifest")) {
            if (map.get(key) instanceof Map<?, ?> inner) {
                return inner;
            }
        }
        return map;
    }

    /**
     * The same, where {@code json} may also be what {@code manifest inspect --verbose} prints for an index: one
     * wrapped manifest per platform, the first real platform's taken (an attestation's is {@code unknown}).
     * Only for layer sizes: the index's own digest is not in it, and its config digest is no image id.
     */
    private static Map<?, ?> platformOrManifest(String json) {
        if (parsed(json) instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> wrapped && wrapped.get("Descriptor") instanceof Map<?, ?> descriptor
                        && !(descriptor.get("platform") instanceof Map<?, ?> platform
                                && "unknown".equals(platform.get("architecture")))) {
                    return unwrapped(wrapped);
                }
            }
            return Map.of();
        }
        return manifest(json);
    }

    private static List<Map<?, ?>> layers(String manifestJson) {
        List<Map<?, ?>> layers = new ArrayList<>();
        if (platformOrManifest(manifestJson).get("layers") instanceof List<?> list) {
            list.stream().filter(Map.class::isInstance).forEach(layer -> layers.add((Map<?, ?>) layer));
        }
        return layers;
    }

    private static Object parsed(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JsonText.parse(json);
        } catch (JsonSyntaxException e) {
            return null;  // docker printed something else: sizes and digests are then unknown
        }
    }

    private static Set<String> shortIds(Pattern pattern, String output) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher matcher = pattern.matcher(output == null ? "" : output);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
