package io.jenkins.plugins.cacheddockerbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest
    @ValueSource(strings = {
        "app", "team/app", "registry.example.com/team/app", "registry:5000/app", "127.0.0.1:5000/demo/shop-web",
        "localhost/app", "localhost:5000/a/b/c", "Registry.Example.COM/app", "a.b", "a__b", "a---b", "a_b.c-d",
        "quay.io/org/app-name_2",
    })
    void acceptsValidRepositories(String repository) throws Exception {
        assertThat(ImageReference.repository("image", repository)).isEqualTo(repository);
    }

    @Test
    void trimsTheRepository() throws Exception {
        assertThat(ImageReference.repository("image", "  registry:5000/app \n")).isEqualTo("registry:5000/app");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "team/App                | 'App' is not a valid repository name component",
        "App                     | 'App' is not a valid repository name component",
        "registry:5000/Team/app  | 'Team' is not a valid repository name component",
        "app:latest              | without a tag",
        "registry:5000/app:main  | without a tag",
        "app@" + "sha256:abc     | without a digest",
        "a//b                    | '' is not a valid repository name component",
        "/app                    | '' is not a valid repository name component",
        "app/                    | '' is not a valid repository name component",
        "-app                    | '-app' is not a valid repository name component",
        "app_                    | 'app_' is not a valid repository name component",
        "a b                     | 'a b' is not a valid repository name component",
        "-bad.example.com/app    | '-bad.example.com' is not a valid registry host",
        "bad-.example.com/app    | 'bad-.example.com' is not a valid registry host",
        "host:port:1/app         | 'host:port:1' is not a valid registry host",
        "host:abc/app            | 'host:abc' is not a valid registry host",
    })
    void rejectsInvalidRepositoriesNamingTheCulprit(String repository, String problem) {
        assertThatThrownBy(() -> ImageReference.repository("image", repository))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("image: ")
                .hasMessageContaining(problem)
                .hasMessageContaining("(got '" + repository + "')");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void requiresARepository(String repository) {
        assertThatThrownBy(() -> ImageReference.repository("image", repository))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("an image repository is required");
    }

    @Test
    void rejectsRepositoriesLongerThan255Characters() {
        String repository = "registry:5000/" + "a".repeat(250);

        assertThatThrownBy(() -> ImageReference.repository("cache-repo", repository))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("cache-repo: is longer than 255 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "v1.2.3", "1.0.0-rc1", "Latest", "_under"})
    void acceptsValidTags(String tag) throws Exception {
        assertThat(ImageReference.tag("tag", tag)).isEqualTo(tag);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "-dash", "feature/login", "a:b", "a b", "ü"})
    void rejectsInvalidTags(String tag) {
        assertThatThrownBy(() -> ImageReference.tag("tag", tag))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("tag: is not a valid tag");
    }

    @Test
    void acceptsTagsUpTo128CharactersAndNoLonger() throws Exception {
        assertThat(ImageReference.tag("tag", "a".repeat(128))).hasSize(128);
        assertThatThrownBy(() -> ImageReference.tag("tag", "a".repeat(129))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsANullTag() {
        assertThatThrownBy(() -> ImageReference.tag("tag", null)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "app", "app:main", "registry:5000/app", "registry:5000/app:main", "registry:5000/team/app:1.0",
        "app@" + DIGEST, "registry:5000/app:main@" + DIGEST, "localhost:5000/app@" + DIGEST,
    })
    void acceptsFullReferencesWithTagsAndDigests(String reference) throws Exception {
        assertThat(ImageReference.reference("cache-from", reference)).isEqualTo(reference);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "app@sha256:xyz            | 'sha256:xyz' is not a valid digest",
        "app@sha256:0123           | 'sha256:0123' is not a valid digest",
        "app@                      | '' is not a valid digest",
        "App:main                  | 'App' is not a valid repository name component",
        "app:                      | is not a valid tag",
        "app:-bad                  | is not a valid tag",
        "registry:5000/app:a/b     | 'app:a' is not a valid repository name component",
    })
    void rejectsInvalidFullReferences(String reference, String problem) {
        assertThatThrownBy(() -> ImageReference.reference("cache-from", reference))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("cache-from: ")
                .hasMessageContaining(problem);
    }

    @Test
    void rejectsAnEmptyFullReference() {
        assertThatThrownBy(() -> ImageReference.reference("cache-from", " "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must not be empty");
    }

    @ParameterizedTest
    @CsvSource({
        "registry:5000/team/app, registry:5000",
        "registry.example.com/app, registry.example.com",
        "localhost/app, localhost",
        "team/app, docker.io",
        "app, docker.io",
    })
    void tellsTheRegistryOfARepository(String repository, String registry) {
        assertThat(ImageReference.registryOf(repository)).isEqualTo(registry);
    }

    @ParameterizedTest
    @CsvSource({
        "registry:5000/app:main, registry:5000/app",
        "registry:5000/app, registry:5000/app",
        "app:main, app",
        "app, app",
    })
    void stripsTagAndDigestFromAReference(String reference, String repository) {
        assertThat(ImageReference.repositoryOf(reference)).isEqualTo(repository);
        assertThat(ImageReference.repositoryOf(reference + "@" + DIGEST)).isEqualTo(repository);
    }
}
