package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void bearerChallengeGivesTheTokenEndpointWithServiceAndScope() {
        String header = "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\","
                + "scope=\"repository:team/app:pull\"";

        Map<String, String> params = Challenge.params(header);

        assertThat(Challenge.scheme(header)).isEqualTo("bearer");
        assertThat(params).containsEntry("realm", "https://auth.example.com/token")
                .containsEntry("service", "registry.example.com").containsEntry("scope", "repository:team/app:pull");
        assertThat(Challenge.tokenUri(params)).hasToString("https://auth.example.com/token?service=registry.example.com"
                + "&scope=repository%3Ateam%2Fapp%3Apull");
    }

    @Test
    void basicChallengeAndUnusableRealms() {
        assertThat(Challenge.scheme("Basic realm=\"Registry Realm\"")).isEqualTo("basic");
        assertThat(Challenge.scheme("")).isEmpty();
        assertThat(Challenge.tokenUri(Map.of("realm", "file:///etc/passwd"))).isNull();
        assertThat(Challenge.tokenUri(Map.of("realm", "not a uri"))).isNull();
        assertThat(Challenge.tokenUri(Map.of("realm", "https://auth.example.com/token?account=x", "service", "r")))
                .hasToString("https://auth.example.com/token?account=x&service=r");
    }

    @Test
    void loopbackHostsWithAndWithoutPort() {
        assertThat(Challenge.loopback("127.0.0.1:5000")).isTrue();
        assertThat(Challenge.loopback("localhost")).isTrue();
        assertThat(Challenge.loopback("[::1]:5000")).isTrue();
        assertThat(Challenge.loopback("registry.example.com:5000")).isFalse();
        assertThat(Challenge.loopback("127.example.com")).isFalse();
    }
}
