package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What pull, push and manifest inspect print, as recorded from docker 24 against registry:2. */
class TransferOutputTest {
    private static final String A = "a1a1a1a1a1a1" + "0".repeat(52);
    private static final String B = "b2b2b2b2b2b2" + "1".repeat(52);
    private static final String C = "c3c3c3c3c3c3" + "2".repeat(52);
    private static final String CONFIG = "cfcfcfcfcfcf" + "3".repeat(52);
    private static final String PUSH_DIGEST = "sha256:" + "9b1e4f0c2a7d" + "4".repeat(52);

    private static final String MANIFEST = """
            {
               "schemaVersion": 2,
               "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
               "config": {
                  "mediaType": "application/vnd.docker.container.image.v1+json",
                  "size": 1457,
                  "digest": "sha256:%s"
               },
               "layers": [
                  {
                     "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                     "size": 1000,
                     "digest": "sha256:%s"
                  },
                  {
                     "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                     "size": 20000,
                     "digest": "sha256:%s"
                  },
                  {
                     "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                     "size": 300000,
                     "digest": "sha256:%s"
                  }
               ]
            }
            """.formatted(CONFIG, A, B, C);

    @Test
    void containerdImageStorePushIsCountedFromThePlatformManifestOfTheIndex() throws Exception {
        // Docker 26, containerd image store: push progress names compressed blobs (the config too), the tag is an OCI index
        String push = recorded("d26c-push.txt");
        String index = recorded("d26c-push-index.json");

        assertThat(TransferOutput.pushedLayers(push)).containsExactlyInAnyOrder("243cfaa2a954", "b2027ba112b1");
        String platform = TransferOutput.platformManifest(index);
        assertThat(platform).startsWith("sha256:").isNotEqualTo(TransferOutput.platformManifest(recorded("d26c-push-manifest.json")));
        assertThat(TransferOutput.platformManifest(recorded("d26c-push-manifest.json"))).isNull();
        assertThat(TransferOutput.pushedBytes(push, recorded("d26c-push-diffids.json"), recorded("d26c-push-manifest.json")))
                .as("only the 99-byte layer; the config is no layer").isEqualTo(99L);
        assertThat(TransferOutput.pushedBytes(push, recorded("d26c-push-diffids.json"), index)).isNull();
    }

    private static String recorded(String name) throws java.io.IOException {
        try (java.io.InputStream in = TransferOutputTest.class.getResourceAsStream("/recorded/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsTheDigestAPushReports() {
        String output = """
                The push refers to repository [127.0.0.1:5000/app]
                5f70bf18a086: Preparing
                5f70bf18a086: Layer already exists
                main: digest: %s size: 1234
                """.formatted(PUSH_DIGEST);

        assertThat(TransferOutput.pushedDigest(output)).isEqualTo(PUSH_DIGEST);
    }

    @Test
    void hasNoDigestWhenThePushPrintedNone() {
        assertThat(TransferOutput.pushedDigest("The push refers to repository [r/app]\n")).isNull();
        assertThat(TransferOutput.pushedDigest("main: digest: sha256:abc size: 1")).isNull();
    }

    @Test
    void countsOnlyLayersAPullDownloaded() {
        String output = """
                main: Pulling from app
                a1a1a1a1a1a1: Already exists
                b2b2b2b2b2b2: Pulling fs layer
                c3c3c3c3c3c3: Pulling fs layer
                b2b2b2b2b2b2: Verifying Checksum
                b2b2b2b2b2b2: Download complete
                b2b2b2b2b2b2: Pull complete
                c3c3c3c3c3c3: Pull complete
                Digest: sha256:%s
                Status: Downloaded newer image for 127.0.0.1:5000/app:main
                127.0.0.1:5000/app:main
                """.formatted(C);

        assertThat(TransferOutput.pulledLayers(output)).containsExactly("b2b2b2b2b2b2", "c3c3c3c3c3c3");
    }

    @Test
    void pullOfAnImageAlreadyPresentDownloadedNothing() {
        String output = "main: Pulling from app\nDigest: sha256:" + C + "\nStatus: Image is up to date for r/app:main\n";

        assertThat(TransferOutput.pulledLayers(output)).isEmpty();
        assertThat(TransferOutput.pulledLayers(null)).isEmpty();
    }

    @Test
    void readsTheConfigDigestAManifestNames() {
        assertThat(TransferOutput.configDigest(MANIFEST)).isEqualTo("sha256:" + CONFIG);
        assertThat(TransferOutput.configDigest("{\"schemaVersion\": 2, \"manifests\": [{\"digest\": \"sha256:"
                + A + "\"}]}")).as("a manifest list has no config").isNull();
        assertThat(TransferOutput.configDigest(null)).isNull();
    }

    @Test
    void readsLayerSizesFromTheManifest() {
        Map<String, Long> sizes = TransferOutput.layerSizes(MANIFEST);

        assertThat(sizes).containsEntry("a1a1a1a1a1a1", 1000L).containsEntry("b2b2b2b2b2b2", 20000L)
                .containsEntry("c3c3c3c3c3c3", 300000L);
        assertThat(TransferOutput.layerSizes(null)).isEmpty();
    }

    @Test
    void bytesOfSumsTheKnownSizesOfTheDownloadedLayers() {
        Map<String, Long> sizes = TransferOutput.layerSizes(MANIFEST);

        assertThat(TransferOutput.bytesOf(Set.of("b2b2b2b2b2b2", "c3c3c3c3c3c3"), sizes)).isEqualTo(320000L);
        assertThat(TransferOutput.bytesOf(Set.of(), sizes)).isZero();
        assertThat(TransferOutput.bytesOf(Set.of("dddddddddddd"), sizes)).isNull();
    }

    @Test
    void readsLayersAPushUploaded() {
        String output = """
                The push refers to repository [127.0.0.1:5000/app]
                a1a1a1a1a1a1: Preparing
                b2b2b2b2b2b2: Preparing
                c3c3c3c3c3c3: Preparing
                a1a1a1a1a1a1: Layer already exists
                b2b2b2b2b2b2: Pushed
                c3c3c3c3c3c3: Mounted from other/app
                main: digest: %s size: 945
                """.formatted(PUSH_DIGEST);

        assertThat(TransferOutput.pushedLayers(output)).containsExactly("b2b2b2b2b2b2");
    }

    @Test
    void pushedBytesPairsDiffIdsWithManifestSizesByPosition() {
        // diff ids (uncompressed) differ from the manifest's blob digests: only the position pairs them
        String d1 = "d1d1d1d1d1d1" + "5".repeat(52);
        String d2 = "d2d2d2d2d2d2" + "6".repeat(52);
        String d3 = "d3d3d3d3d3d3" + "7".repeat(52);
        String diffIds = "[\"sha256:" + d1 + "\",\"sha256:" + d2 + "\",\"sha256:" + d3 + "\"]\n";
        String push = "d1d1d1d1d1d1: Layer already exists\nd2d2d2d2d2d2: Pushed\nd3d3d3d3d3d3: Pushed\n"
                + "main: digest: " + PUSH_DIGEST + " size: 945\n";

        assertThat(TransferOutput.pushedBytes(push, diffIds, MANIFEST)).isEqualTo(320000L);
        assertThat(TransferOutput.pushedBytes("d1d1d1d1d1d1: Pushed\n", diffIds, MANIFEST)).isEqualTo(1000L);
        assertThat(TransferOutput.pushedBytes("d1d1d1d1d1d1: Layer already exists\n", diffIds, MANIFEST)).isZero();
    }

    @Test
    void pushedBytesIsUnknownWhenTheListsDoNotPair() {
        String twoDiffIds = "[\"sha256:" + A + "\",\"sha256:" + B + "\"]";
        String threeDiffIds = "[\"sha256:" + A + "\",\"sha256:" + B + "\",\"sha256:" + C + "\"]";

        // unpaired, but a1a1a1a1a1a1 is a layer blob of the manifest: the containerd image store's naming, counted so
        assertThat(TransferOutput.pushedBytes("a1a1a1a1a1a1: Pushed\n", twoDiffIds, MANIFEST)).isEqualTo(1000L);
        assertThat(TransferOutput.pushedBytes("d4d4d4d4d4d4: Pushed\n", twoDiffIds, MANIFEST)).isNull();
        assertThat(TransferOutput.pushedBytes("a1a1a1a1a1a1: Pushed\n", threeDiffIds, "{}")).isNull();
        assertThat(TransferOutput.pushedBytes("a1a1a1a1a1a1: Pushed\n", threeDiffIds, null)).isNull();
        assertThat(TransferOutput.pushedBytes("eeeeeeeeeeee: Pushed\n", threeDiffIds, MANIFEST)).isNull();
    }

    @Test
    void descriptorDigestIsTheManifestDigestTheRegistryHoldsNotTheConfigDigest() throws Exception {
        String verbose;
        try (var in = getClass().getResourceAsStream("/recorded/manifest-inspect-verbose.json")) {
            verbose = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        assertThat(TransferOutput.descriptorDigest(verbose))
                .isEqualTo("sha256:d3ab9afa1d1958c596a01da78c3f68eb1280336e9c4b5e775645e7a835cd382f");
        assertThat(TransferOutput.descriptorDigest(MANIFEST)).isNull();
        assertThat(TransferOutput.descriptorDigest(null)).isNull();
    }

    @Test
    void verboseLookupOfOneImageNamesTheRegistrysDigestAndReadsLikeThePlainManifest() throws Exception {
        // the same BuildKit-pushed image (dockerd 20.10, inline cache), looked up by the 20.10 and the 26.1 client;
        // the registry answered HEAD with Docker-Content-Digest sha256:a07760...
        for (String name : new String[] {"manifest-inspect-verbose-d20.json", "manifest-inspect-verbose-d26.json"}) {
            String verbose = recorded(name);

            assertThat(TransferOutput.descriptorDigest(verbose)).as(name)
                    .isEqualTo("sha256:a0776003698cbba02cfb9fb0efff4233998156ac8f7dc6a7428061d39e3540c0");
            assertThat(TransferOutput.configDigest(verbose)).as(name)
                    .isEqualTo("sha256:fa3911d43ed1c0475890d11bf129b1e25a1cb2022305f728768e7ed9ca094b9f");
            assertThat(TransferOutput.layerSizes(verbose)).as(name).containsEntry("8c0bd0bc3219", 1069162L).hasSize(2);
        }
    }

    @Test
    void verboseLookupOfAnIndexGivesNoDigestNorImageIdButThePlatformsLayerSizes() throws Exception {
        // Docker 26 client, an image pushed from the containerd image store: an OCI index with an attestation
        String verbose = recorded("manifest-inspect-verbose-d26-index.json");

        assertThat(TransferOutput.descriptorDigest(verbose)).isNull();
        assertThat(TransferOutput.configDigest(verbose)).isNull();
        assertThat(TransferOutput.platformManifest(verbose)).isNull();
        assertThat(TransferOutput.layerSizes(verbose)).containsOnly(Map.entry("8c0bd0bc3219", 1069162L),
                Map.entry("2c91a5ab253e", 99L));
        assertThat(TransferOutput.pushedBytes(Set.of("2c91a5ab253e"), java.util.List.of(), verbose)).isEqualTo(99L);
    }
}
