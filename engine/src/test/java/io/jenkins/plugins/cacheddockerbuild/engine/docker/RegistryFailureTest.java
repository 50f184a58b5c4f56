package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Real error texts of docker 20–27 and registry:2, and what they mean. */
class RegistryFailureTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "no such manifest: 127.0.0.1:5000/app:main | MISSING",
        "manifest unknown: manifest unknown | MISSING",
        "Error response from daemon: manifest for 127.0.0.1:5000/app:main not found: manifest unknown: manifest unknown | MISSING",
        "An image does not exist locally with the tag: 127.0.0.1:5000/app | MISSING",
        "'Get \"http://127.0.0.1:5001/v2/\": dial tcp 127.0.0.1:5001: connect: connection refused' | UNREACHABLE",
        "'Error response from daemon: Get \"https://registry.invalid/v2/\": dial tcp: lookup registry.invalid: no such host' | UNREACHABLE",
        "'Get \"https://r.example.com/v2/\": net/http: request canceled (Client.Timeout exceeded while awaiting headers)' | UNREACHABLE",
        "'Put \"http://127.0.0.1:5000/v2/app/blobs/uploads/x\": read tcp 127.0.0.1:40000->127.0.0.1:5000: read: connection reset by peer' | UNREACHABLE",
        "'Get \"https://127.0.0.1:5000/v2/\": EOF' | UNREACHABLE",
        "unauthorized: authentication required | DENIED",
        "denied: requested access to the resource is denied | DENIED",
        "'errors:\ndenied: requested access to the resource is denied\nunauthorized: authentication required' | DENIED",
        "Error response from daemon: Head \"https://r/v2/app/manifests/main\": 401 Unauthorized | DENIED",
        "Error response from daemon: 403 Forbidden | DENIED",
        "Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running? | DAEMON_DOWN",
        "error during connect: Get \"http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.24/version\": open //./pipe/docker_engine | DAEMON_DOWN",
        "received unexpected HTTP status: 503 Service Unavailable | OTHER",
        "received unexpected HTTP status: 500 Internal Server Error | OTHER",
        "something nobody has seen before | OTHER",
    })
    void classifiesRealDockerErrors(String text, RegistryFailure expected) {
        assertThat(RegistryFailure.classify(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"'' | OTHER"})
    void classifiesEmptyText(String text, RegistryFailure expected) {
        assertThat(RegistryFailure.classify(text)).isEqualTo(expected);
        assertThat(RegistryFailure.classify(null)).isEqualTo(RegistryFailure.OTHER);
    }

    @ParameterizedTest
    @EnumSource(value = RegistryFailure.class, names = {"UNREACHABLE", "OTHER"})
    void retriesOnlyWhatMayPass(RegistryFailure failure) {
        assertThat(failure.transientFailure()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = RegistryFailure.class, names = {"MISSING", "DENIED", "DAEMON_DOWN"})
    void doesNotRetryWhatIsFinal(RegistryFailure failure) {
        assertThat(failure.transientFailure()).isFalse();
        assertThat(failure.describe()).isNotBlank();
    }
}
