package io.jenkins.plugins.cacheddockerbuild.engine.output;

/** Docker Hub's short names, expanded the way BuildKit prints them, so references can be compared. */
final class ImageReferences {

    private ImageReferences() {
    }

    /** {@code busybox} becomes {@code docker.io/library/busybox:latest}; registry references keep their host. */
    static String normalize(String ref) {
        String result = ref;
        int slash = result.indexOf('/');
        String first = slash < 0 ? "" : result.substring(0, slash);
        if (slash < 0) {
            result = "docker.io/library/" + result;
        } else if (!first.contains(".") && !first.contains(":") && !first.equals("localhost")) {
            result = "docker.io/" + result;
        }
        boolean tagged = result.substring(result.lastIndexOf('/') + 1).contains(":");
        return tagged || result.contains("@") ? result : result + ":latest";
    }

    static String withoutDigest(String ref) {
        int at = ref.indexOf('@');
        return at < 0 ? ref : ref.substring(0, at);
    }
}
