package io.jenkins.plugins.cacheddockerbuild.engine.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A two-stage app without any {@code RUN}: a {@code deps} stage that copies a file of random bytes, and a
 * final stage that copies it on. It builds in about a second with either builder, and its layer gives
 * pulls and pushes something big enough to cut mid-transfer. Tests about faults use it; tests about cache
 * hits use {@link SampleApp}.
 */
public final class BlobApp {
    /** Size of the random layer: well above what a faulty proxy lets through before it cuts. */
    public static final int BLOB_BYTES = 768 * 1024;

    private BlobApp() {
    }

    /** Writes the app into {@code dir}; {@code seed} makes the blob (and so the layers) differ between apps. */
    public static Path create(Path dir, String baseImage, long seed) throws IOException {
        Files.createDirectories(dir);
        byte[] blob = new byte[BLOB_BYTES];
        new Random(seed).nextBytes(blob);
        Files.write(dir.resolve("blob"), blob);
        Files.writeString(dir.resolve("Dockerfile"), String.join("\n",
                "FROM " + baseImage + " AS deps",
                "COPY blob /blob",
                "",
                "FROM " + baseImage,
                "COPY --from=deps /blob /blob",
                ""));
        return dir;
    }
}
