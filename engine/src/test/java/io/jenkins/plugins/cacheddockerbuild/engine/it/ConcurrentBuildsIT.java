package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds at once on one daemon. Each build labels its final image with its own name, so the registry can
 * tell whose image a pushed digest is: a report is true when every digest it claims is its own image and
 * is what the registry had for that ref when it was pushed.
 */
class ConcurrentBuildsIT {
    private static final String LABEL = "it.build";
    private final TestEnvironment env = TestEnvironment.get();
    private final Daemon daemon = new Daemon(env);
    private final RegistryHttp registry = new RegistryHttp();
    private final List<String> temporaryTagsBefore = temporaryTags();

    @TempDir
    Path workspace;

    @Test
    void twoBranchesAtOnceEachPushTheirOwnImage() throws Exception {
        String image = EngineRun.uniqueRepository(env, "two-branches");
        List<Job> jobs = List.of(new Job("feature/a", image, BuilderKind.CLASSIC, 31),
                new Job("feature/b", image, BuilderKind.CLASSIC, 32));

        List<BuildReport> reports = runAtOnce(jobs);

        for (int i = 0; i < jobs.size(); i++) {
            assertTrue(jobs.get(i), reports.get(i));
            String branchTag = jobs.get(i).branch.replace('/', '-');
            assertThat(registry.digest(image + ":" + branchTag)).as("nobody else pushed " + branchTag)
                    .isEqualTo(digest(reports.get(i), image + ":" + branchTag));
        }
        assertNoTemporaryTagsLeft();
    }

    @Test
    void sameBranchAtOnceEachReportsTheImageItPushed() throws Exception {
        String image = EngineRun.uniqueRepository(env, "same-branch");
        List<Job> jobs = List.of(new Job("main", image, BuilderKind.CLASSIC, 41),
                new Job("main", image, BuilderKind.CLASSIC, 42));

        List<BuildReport> reports = runAtOnce(jobs);

        for (int i = 0; i < jobs.size(); i++) {
            assertTrue(jobs.get(i), reports.get(i));
        }
        assertThat(registry.digest(image + ":main")).as("the tag ends on one of the two builds")
                .isIn(digest(reports.get(0), image + ":main"), digest(reports.get(1), image + ":main"));
        assertNoTemporaryTagsLeft();
    }

    /**
     * The window the temporary tags cannot close: the final refs are shared names on the daemon between
     * being tagged and being pushed. Here another build retags two of them right after the first one was
     * pushed; the report must still name this build's own image, and the registry must have it.
     */
    @Test
    void refRetaggedByAnotherBuildWhilePublishingStillGetsOwnImage() throws Exception {
        String image = EngineRun.uniqueRepository(env, "retagged");
        Job job = new Job("main", image, BuilderKind.CLASSIC, 61);
        Path app = BlobApp.create(workspace.resolve(job.name()), env.baseImage(), job.seed);
        EngineRun engine = new EngineRun(env);
        engine.whenLogged("pushed " + image + ":1.0 ", () -> {
            daemon.client().tagImageCmd(env.baseImage(), image, "latest").exec();
            daemon.client().tagImageCmd(env.baseImage(), image, "main").exec();
        });

        BuildReport report = engine.build(engine.request(image, app, job.builder).branch(job.branch)
                .tags(List.of("1.0", "latest")).label(LABEL, job.name()).build());

        assertTrue(job, report);
        assertThat(digest(report, image + ":latest")).isEqualTo(digest(report, image + ":1.0"))
                .isEqualTo(registry.digest(image + ":latest"));
        assertThat(registry.config(image + ":main")).contains("\"" + LABEL + "\":\"" + job.name() + "\"");
    }

    @Test
    void fourAppsAtOnceAllSucceedWithTrueReports() throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(new Job("main", EngineRun.uniqueRepository(env, "app" + i),
                    i % 2 == 0 ? BuilderKind.CLASSIC : BuilderKind.BUILDKIT, 50 + i));
        }

        List<BuildReport> reports = runAtOnce(jobs);

        for (int i = 0; i < jobs.size(); i++) {
            assertTrue(jobs.get(i), reports.get(i));
            for (PushedRef pushed : reports.get(i).pushed()) {
                assertThat(registry.digest(pushed.ref())).as(pushed.ref()).isEqualTo(pushed.digest());
            }
        }
        assertNoTemporaryTagsLeft();
    }

    /** One build: its branch, image, builder, and the seed of its content and the name on its label. */
    private record Job(String branch, String image, BuilderKind builder, long seed) {
        String name() {
            return "job-" + seed;
        }
    }

    private List<BuildReport> runAtOnce(List<Job> jobs) throws Exception {
        CyclicBarrier start = new CyclicBarrier(jobs.size());
        ExecutorService pool = Executors.newFixedThreadPool(jobs.size());
        try {
            List<Future<BuildReport>> futures = new ArrayList<>();
            for (Job job : jobs) {
                Path app = BlobApp.create(workspace.resolve(job.name()), env.baseImage(), job.seed);
                EngineRun engine = new EngineRun(env);
                Callable<BuildReport> build = () -> {
                    start.await(30, TimeUnit.SECONDS);
                    return engine.build(engine.request(job.image, app, job.builder).branch(job.branch)
                            .label(LABEL, job.name()).build());
                };
                futures.add(pool.submit(build));
            }
            List<BuildReport> reports = new ArrayList<>();
            for (Future<BuildReport> future : futures) {
                try {
                    reports.add(future.get(5, TimeUnit.MINUTES));
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("a build did not end in 5 minutes; where every thread stood:\n"
                            + threadDump(), e);
                }
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Seen once in 40 runs: a build hung; what each thread (and so each docker call) was doing then. */
    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            for (StackTraceElement frame : stack) {
                dump.append("    at ").append(frame).append('\n');
            }
        });
        ProcessHandle.allProcesses().filter(process -> process.info().command().orElse("").contains("docker"))
                .forEach(process -> dump.append("process ").append(process.pid()).append(": ")
                        .append(process.info().commandLine().orElse("?")).append('\n'));
        return dump.toString();
    }

    /** Every digest the report claims for the final image is this job's own image (its label says so). */
    private void assertTrue(Job job, BuildReport report) throws Exception {
        assertThat(report.pushed()).as(job.name() + " pushed").isNotEmpty();
        assertThat(report.notPushed()).isEmpty();
        for (PushedRef pushed : report.pushed()) {
            assertThat(pushed.digest()).as(pushed.ref()).startsWith("sha256:");
            if (pushed.kind().equals("final")) {
                String config = registry.config(job.image + "@" + pushed.digest());
                assertThat(config).as("image pushed as " + pushed.ref() + " by " + job.name())
                        .contains("\"" + LABEL + "\":\"" + job.name() + "\"");
            }
        }
    }

    private static String digest(BuildReport report, String ref) {
        return report.pushed().stream().filter(pushed -> pushed.ref().equals(ref)).map(PushedRef::digest)
                .findFirst().orElseThrow(() -> new AssertionError(ref + " not in " + report.pushed()));
    }

    private void assertNoTemporaryTagsLeft() {
        assertThat(temporaryTags()).as("temporary tags of these builds").isSubsetOf(temporaryTagsBefore);
    }

    private List<String> temporaryTags() {
        return daemon.client().listImagesCmd().exec().stream()
                .flatMap(image -> image.getRepoTags() == null ? java.util.stream.Stream.empty()
                        : java.util.stream.Stream.of(image.getRepoTags()))
                .filter(tag -> tag.startsWith("cached-docker-build-tmp:")).toList();
    }
}
