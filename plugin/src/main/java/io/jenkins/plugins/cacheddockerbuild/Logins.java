package io.jenkins.plugins.cacheddockerbuild;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryEndpoint;

/**
 * Looks up the registries' username/password credentials for the build (tracking their use) and turns
 * them into engine logins. The password goes only to {@code docker login --password-stdin}.
 */
final class Logins {
    private Logins() {
    }

    static List<RegistryLogin> of(Run<?, ?> run, CachedDockerBuildSettings settings) throws IOException {
        List<RegistryLogin> logins = new ArrayList<>();
        add(run, settings.getRegistry(), logins);
        add(run, settings.getCacheRegistry(), logins);
        return logins;
    }

    private static void add(Run<?, ?> run, DockerRegistryEndpoint endpoint, List<RegistryLogin> logins)
            throws IOException {
        if (endpoint == null || endpoint.getCredentialsId() == null || endpoint.getCredentialsId().isBlank()) {
            return;
        }
        StandardUsernamePasswordCredentials credentials = CredentialsProvider.findCredentialById(
                endpoint.getCredentialsId(), StandardUsernamePasswordCredentials.class, run);
        if (credentials == null) {
            throw new AbortException(Messages.Logins_CredentialsNotFound(endpoint.getCredentialsId()));
        }
        CredentialsProvider.track(run, credentials);
        logins.add(new RegistryLogin(host(endpoint), credentials.getUsername(), credentials.getPassword().getPlainText()));
    }

    /** {@code host[:port]} of the endpoint, or empty for Docker Hub. */
    static String host(DockerRegistryEndpoint endpoint) throws IOException {
        if (endpoint.getUrl() == null || endpoint.getUrl().isBlank()) {
            return "";
        }
        URL url = endpoint.getEffectiveUrl();
        return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }
}
