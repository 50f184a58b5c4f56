package io.jenkins.plugins.cacheddockerbuild.acceptance;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Which Jenkins the suite drives. Either one that runs already ({@code CDB_JENKINS_URL}, with
 * {@code CDB_JENKINS_USER} and {@code CDB_JENKINS_TOKEN} if it has security), with the plugin installed; or a
 * settings file ({@code CDB_JENKINS_SETTINGS}, default {@code ~/.cached-docker-build/jenkins.properties}) that
 * names a {@code war}, a {@code plugins} directory of {@code .jpi}/{@code .hpi} files and a {@code pack} command
 * that builds this plugin's {@code .hpi} from the working tree and prints its path, from which the suite starts
 * its own Jenkins.
 */
record JenkinsTarget(String url, String user, String token, Properties settings, Path settingsFile) {
    static final String URL_VARIABLE = "CDB_JENKINS_URL";
    static final String SETTINGS_VARIABLE = "CDB_JENKINS_SETTINGS";

    static Path defaultSettingsFile() {
        return Path.of(System.getProperty("user.home"), ".cached-docker-build", "jenkins.properties");
    }

    /** The Jenkins given, or an exception saying what to give: the suite never skips silently. */
    static JenkinsTarget fromEnvironment() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new JenkinsTarget(url.endsWith("/") ? url : url + "/", System.getenv("CDB_JENKINS_USER"),
                    System.getenv("CDB_JENKINS_TOKEN"), null, null);
        }
        String named = System.getenv(SETTINGS_VARIABLE);
        Path file = named == null || named.isBlank() ? defaultSettingsFile() : Path.of(named);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("No Jenkins given: set " + URL_VARIABLE + " to a Jenkins with the plugin "
                    + "installed, or write " + file + " (war=, plugins=, pack=); see docs/acceptance.md");
        }
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            settings.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        for (String key : new String[] {"war", "plugins", "pack"}) {
            if (settings.getProperty(key, "").isBlank()) {
                throw new IllegalStateException(file + " lacks " + key + "=; see docs/acceptance.md");
            }
        }
        return new JenkinsTarget(null, null, null, settings, file);
    }

    boolean startsItsOwn() {
        return url == null;
    }
}
