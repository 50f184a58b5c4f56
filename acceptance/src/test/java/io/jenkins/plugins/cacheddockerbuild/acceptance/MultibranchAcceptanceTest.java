package io.jenkins.plugins.cacheddockerbuild.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.cacheddockerbuild.engine.it.SampleApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A multibranch Pipeline over a local git repository (issue 13): {@code main} is built, then a new branch
 * {@code feature-x} on a fresh agent takes its cache from {@code main}'s tags through the fallback chain.
 */
@ExtendWith(Suite.Extension.class)
class MultibranchAcceptanceTest {
    /** What a multibranch Pipeline over a git repository needs in the Jenkins besides our plugin's own needs. */
    static final List<String> REQUIRED_PLUGINS = List.of("workflow-multibranch", "branch-api", "cloudbees-folder",
            "scm-api", "git", "git-client");
    private static final Pattern STAGE_LINE = Pattern.compile("STAGE (\\S+) cached=(\\d+)/(\\d+) source=(\\S+)");

    @Test
    void aNewBranchTakesItsCacheFromMain(Suite suite) throws Exception {
        requirePlugins(suite);
        SampleApp app = suite.sampleApp("multibranch");
        Path repo = app.dir();
        Files.writeString(repo.resolve("Jenkinsfile"), jenkinsfile(suite.image("multibranch"), suite.env.dockerHost()));
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "app with a cachedDockerBuild Jenkinsfile");

        String job = "multibranch-" + suite.runId;
        suite.api.createJob(job, Jobs.multibranch(repo));
        suite.wipeDaemon();
        String main = index(suite, job, "main");
        assertThat(suite.api.awaitResult(main, 1, Duration.ofMinutes(5))).as(suite.api.console(main, 1))
                .isEqualTo("SUCCESS");
        assertThat(stages(suite.api.console(main, 1))).as("main's cold build: no cache anywhere")
                .allSatisfy(stage -> assertThat(stage[3]).isEqualTo("null"));

        // The new branch comes after main's build, with a source change, on an agent that has nothing cached.
        git(repo, "checkout", "-q", "-b", "feature-x");
        app.changeSource("feature-x");
        git(repo, "commit", "-q", "-am", "feature-x: a source change");
        suite.wipeDaemon();
        String feature = index(suite, job, "feature-x");
        String result = suite.api.awaitResult(feature, 1, Duration.ofMinutes(5));
        String console = suite.api.console(feature, 1);
        assertThat(result).as(console).isEqualTo("SUCCESS");

        assertThat(console).as(console).containsPattern("RESULT branch=feature-x cached=[1-9]\\d*/\\d+ ");
        List<String[]> stages = stages(console);
        assertThat(stages).as(console).isNotEmpty();
        Set<String> sources = new TreeSet<>();
        for (String[] stage : stages) {
            sources.add(stage[3]);
        }
        // Only main's tags: feature-x has no cache tags of its own yet, and main's exist for every built stage.
        assertThat(sources).as(console).allMatch(source -> source.startsWith(suite.image("multibranch") + ":main"));
        assertThat(stages).as(console).anyMatch(stage -> Integer.parseInt(stage[1]) > 0);

        assertThat(suite.openAndShoot("job/" + job + "/", "multibranch-job-page.png"))
                .isSubsetOf(suite.coreErrors("job"));
        assertThat(suite.browser.text()).contains("main", "feature-x");
        assertThat(suite.openAndShoot("job/" + feature + "/1/", "multibranch-feature-x-build-page.png"))
                .isSubsetOf(suite.coreErrors("build"));
        String page = suite.browser.text();
        assertThat(page).as(page).containsPattern("[1-9]\\d*/\\d+ steps from cache")
                .contains(suite.image("multibranch") + ":main--");
        // The branch's first build: its verdict compares with main's cold build, whose cache served it.
        assertThat(page).as(page).containsPattern("the cache (saved|cost)").doesNotContain("no estimate");
    }

    /** Fails the test, naming them, when the Jenkins lacks plugins a multibranch Pipeline over git needs. */
    private static void requirePlugins(Suite suite) throws IOException, InterruptedException {
        JsonNode plugins = suite.api.json("pluginManager/").path("plugins");
        Set<String> active = new TreeSet<>();
        plugins.forEach(plugin -> {
            if (plugin.path("active").asBoolean()) {
                active.add(plugin.path("shortName").asText());
            }
        });
        List<String> missing = REQUIRED_PLUGINS.stream().filter(name -> !active.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new AssertionError("the Jenkins lacks the plugins a multibranch Pipeline over git needs: "
                    + String.join(", ", missing) + " (see docs/acceptance.md)");
        }
    }

    /** Indexes the multibranch job and waits for {@code branch}'s job to have its first build; returns its path. */
    private static String index(Suite suite, String job, String branch) throws IOException, InterruptedException {
        int status = suite.api.post("job/" + job + "/build?delay=0", null, "").statusCode();
        assertThat(status).as("indexing " + job).isLessThan(400);
        String path = job + "/job/" + branch;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (suite.api.get("job/" + path + "/1/api/json").statusCode() == 200) {
                return path;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("branch indexing of " + job + " made no first build of " + branch + ":\n"
                + suite.api.get("job/" + job + "/indexing/consoleText").body());
    }

    /** The Jenkinsfile: the branch from {@code BRANCH_NAME} (else main), main's cache as the fallback. */
    private static String jenkinsfile(String image, String dockerHost) {
        return """
                node {
                  checkout scm
                  withEnv(['DOCKER_HOST=%s']) {
                    def result = cachedDockerBuild image: '%s', branch: env.BRANCH_NAME ?: 'main', fallbacks: 'main'
                    echo "RESULT branch=${env.BRANCH_NAME} cached=${result.cachedSteps}/${result.totalSteps} "
                    for (stage in result.stages) {
                      echo "STAGE ${stage.name} cached=${stage.cachedSteps}/${stage.steps} source=${stage.cacheSource}"
                    }
                  }
                }
                """.formatted(dockerHost, image);
    }

    /** The STAGE lines the Jenkinsfile echoes: name, cached steps, steps, cache source. */
    private static List<String[]> stages(String console) {
        List<String[]> stages = new ArrayList<>();
        Matcher matcher = STAGE_LINE.matcher(console);
        while (matcher.find()) {
            stages.add(new String[] {matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4)});
        }
        return stages;
    }

    private static void git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=acceptance",
                "-c", "user.email=acceptance@localhost", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        if (git.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
        }
    }
}
