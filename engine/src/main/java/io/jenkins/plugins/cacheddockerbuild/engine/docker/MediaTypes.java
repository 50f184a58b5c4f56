package io.jenkins.plugins.cacheddockerbuild.engine.docker;

/** The manifest media types a registry answers with, and how {@code docker manifest inspect --verbose} wraps each. */
final class MediaTypes {
    static final String V2 = "application/vnd.docker.distribution.manifest.v2+json";
    static final String LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String OCI = "application/vnd.oci.image.manifest.v1+json";
    static final String INDEX = "application/vnd.oci.image.index.v1+json";

    private MediaTypes() {
    }

    static boolean isIndex(String type) {
        return type.equals(LIST) || type.equals(INDEX);
    }

    /** The member docker puts an image manifest under, or {@code null} for a type it does not print so. */
    static String wrapperKey(String type) {
        return switch (type) {
            case V2 -> "SchemaV2Manifest";
            case OCI -> "OCIManifest";
            default -> null;
        };
    }
}
