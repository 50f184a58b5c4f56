package io.jenkins.plugins.cacheddockerbuild.cli;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Registry credentials. Passwords are never options: they come from an environment variable that is
 * named on the command line, or from standard input.
 */
final class LoginOptions {
    @Option(names = "--username", paramLabel = "USER", description = "Log in to the image's registry as USER.")
    String username;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the password.")
    String passwordEnv;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Option(names = "--cache-username", paramLabel = "USER", description = "Log in to the --cache-repo registry as USER.")
    String cacheUsername;

    @Option(names = "--cache-password-env", paramLabel = "VAR", description = "Environment variable holding that password.")
    String cachePasswordEnv;

    InputStream stdin = System.in;

    List<RegistryLogin> logins(String image, String cacheRepo, Map<String, String> env) throws InvalidInputException {
        List<RegistryLogin> logins = new ArrayList<>();
        if (username != null) {
            String password = passwordStdin ? readStdin() : fromEnv("password-env", passwordEnv, env);
            logins.add(new RegistryLogin(registry(image), username, password));
        } else if (passwordEnv != null || passwordStdin) {
            throw new InvalidInputException("username", null, "a password was given without --username");
        }
        if (cacheUsername != null) {
            if (cacheRepo == null) {
                throw new InvalidInputException("cache-username", cacheUsername, "needs --cache-repo");
            }
            logins.add(new RegistryLogin(registry(cacheRepo), cacheUsername,
                    fromEnv("cache-password-env", cachePasswordEnv, env)));
        }
        return logins;
    }

    private static String registry(String repository) {
        String registry = ImageReference.registryOf(repository);
        return registry.equals("docker.io") ? "" : registry;
    }

    private static String fromEnv(String option, String variable, Map<String, String> env) throws InvalidInputException {
        if (variable == null) {
            throw new InvalidInputException(option, null, "name the environment variable that holds the password");
        }
        String value = env.get(variable);
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(option, variable, "that environment variable is not set");
        }
        return value;
    }

    private String readStdin() throws InvalidInputException {
        try {
            String value = new String(stdin.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new InvalidInputException("password-stdin", null, "standard input was empty");
            }
            return value;
        } catch (IOException e) {
            throw new InvalidInputException("password-stdin", null, "could not read standard input: " + e.getMessage());
        }
    }
}
