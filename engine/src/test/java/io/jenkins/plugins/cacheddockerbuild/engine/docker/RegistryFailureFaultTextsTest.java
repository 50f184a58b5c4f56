package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Error texts recorded from docker 20.10 and 28.2 against the faulty registries of the reliability tests
 * (htpasswd registry without login, a registry answering 403 or 404 to everything): a denied read must not
 * be retried, and an unknown repository is as normal as an unknown tag.
 */
class RegistryFailureFaultTextsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'Get \"http://127.0.0.1:22632/v2/play/app/manifests/main\": no basic auth credentials' | DENIED",
        "no basic auth credentials | DENIED",
        "denied | DENIED",
        "Error response from daemon: denied | DENIED",
        "name unknown | MISSING",
        "Error response from daemon: name unknown | MISSING",
    })
    void classifiesTextsOfFaultyRegistries(String text, RegistryFailure expected) {
        assertThat(RegistryFailure.classify(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "no such manifest: 127.0.0.1:5000/it/denied-cache:main | 127.0.0.1:5000/it/denied-cache:main | MISSING",
        "'Error response from daemon: manifest for r.example.com/unauthorized/app:fix-timeout not found: manifest unknown' | r.example.com/unauthorized/app:fix-timeout | MISSING",
        "'Get \"http://127.0.0.1:5000/v2/denied/manifests/main\": dial tcp 127.0.0.1:5000: connect: connection refused' | 127.0.0.1:5000/denied:main | UNREACHABLE",
        "'pull access denied for team/eof, repository does not exist or may require docker login' | team/eof:main | DENIED",
        "'Get \"http://127.0.0.1:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused' | 127.0.0.1:5000/re:main | UNREACHABLE",
        "no such manifest: r:5000/team/tls:main | r:5000/team/tls:main | MISSING",
    })
    void namesInTheMessageDoNotDecideWhatItMeans(String text, String ref, RegistryFailure expected) {
        assertThat(RegistryFailure.classify(text, ref)).isEqualTo(expected);
    }
}
