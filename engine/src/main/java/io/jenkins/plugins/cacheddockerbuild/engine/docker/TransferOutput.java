package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import java.util.HashMap;
import java.util.LinkedHashSet;
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
    private static final Pattern MANIFEST_OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern SIZE = Pattern.compile("\"size\"\\s*:\\s*(\\d+)");
    private static final Pattern DIGEST = Pattern.compile("\"digest\"\\s*:\\s*\"sha256:([0-9a-f]{64})\"");
    private static final Pattern CONFIG_DIGEST =
            Pattern.compile("\"config\"\\s*:\\s*\\{[^{}]*\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"");

    private static final Pattern DESCRIPTOR_DIGEST =
            Pattern.compile("\"Descriptor\"\\s*:\\s*\\{[^{}]*\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"");

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
        Matcher matcher = DESCRIPTOR_DIGEST.matcher(verboseJson == null ? "" : verboseJson);
        return matcher.find() ? matcher.group(1) : null;
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
        Matcher matcher = CONFIG_DIGEST.matcher(manifestJson == null ? "" : manifestJson);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Compressed size per short layer id, from {@code docker manifest inspect} JSON. */
    public static Map<String, Long> layerSizes(String manifestJson) {
        Map<String, Long> sizes = new HashMap<>();
        Matcher object = MANIFEST_OBJECT.matcher(manifestJson == null ? "" : manifestJson);
        while (object.find()) {
            Matcher size = SIZE.matcher(object.group());
            Matcher digest = DIGEST.matcher(object.group());
            if (size.find() && digest.find()) {
                sizes.put(digest.group(1).substring(0, 12), Long.parseLong(size.group(1)));
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
        java.util.List<String> diffIds = new java.util.ArrayList<>();
        Matcher id = Pattern.compile("sha256:[0-9a-f]{64}").matcher(diffIdsJson == null ? "" : diffIdsJson);
        while (id.find()) {
            diffIds.add(id.group());
        }
        return pushedBytes(pushedLayers(pushOutput), diffIds, manifestJson);
    }

    /**
     * The same from what was already read: the short ids of the uploaded layers and the image's diff ids
     * ({@code sha256:...}, in order).
     */
    public static Long pushedBytes(Set<String> uploadedLayers, java.util.List<String> diffIds, String manifestJson) {
        java.util.List<String> shortIds = diffIds.stream()
                .map(diffId -> diffId.substring(diffId.indexOf(':') + 1, Math.min(diffId.length(), diffId.indexOf(':') + 13)))
                .toList();
        int layersAt = manifestJson == null ? -1 : manifestJson.indexOf("\"layers\"");
        if (layersAt < 0) {
            return null;
        }
        java.util.List<Long> sizes = new java.util.ArrayList<>();
        Matcher object = MANIFEST_OBJECT.matcher(manifestJson.substring(layersAt));
        while (object.find()) {
            Matcher size = SIZE.matcher(object.group());
            if (size.find()) {
                sizes.add(Long.parseLong(size.group(1)));
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

    private static Set<String> shortIds(Pattern pattern, String output) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher matcher = pattern.matcher(output == null ? "" : output);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
