package io.jenkins.plugins.cacheddockerbuild.engine.report;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PhaseTimes;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Crafted reports of a realistic three-stage Node.js build ({@code deps} → {@code build} → {@code app}):
 * a cold first build, a warm build after a source change, and a feature-branch build taking its cache
 * from {@code main}. Shared by the JSON, analysis and HTML tests.
 */
public final class ReportFixtures {

    public static final String IMAGE = "127.0.0.1:5000/demo/shop-web";
    public static final String CACHE = "127.0.0.1:5000/demo/shop-web-cache";
    public static final String BASE = "127.0.0.1:5000/base/node:20";
    /** Why {@code auto} chose the classic builder on a Docker 20.10 agent whose client has no buildx. */
    public static final String AUTO_REASON = "auto: registry not available: docker client 28.2.2 at 'docker' has "
            + "no buildx (install the docker-buildx package, or put docker-buildx into $DOCKER_CONFIG/cli-plugins); "
            + "buildkit not available: docker client 28.2.2 at 'docker' cannot drive BuildKit (it has no buildx); "
            + "use --builder classic or a docker client with BuildKit";
    public static final String BASE_ID = "sha256:4f1c2d9a7be0c3a1d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c";

    private static final List<String> DEPS = List.of("WORKDIR /src", "COPY package.json package-lock.json ./",
            "RUN npm ci --no-audit");
    private static final List<String> BUILD = List.of("COPY src/ ./src/", "RUN npm run build", "RUN npm test");
    private static final List<String> APP = List.of("WORKDIR /app", "COPY --from=build /src/dist ./dist",
            "EXPOSE 8080", "CMD [\"node\", \"dist/server.js\"]");

    private ReportFixtures() {
    }

    /** The first build ever: nothing cached anywhere. */
    public static BuildReport coldMain() {
        return new BuildReport(BuildReport.SCHEMA_VERSION, IMAGE, "main", "classic", "asked for", "2025-06-02T09:14:03Z",
                List.of(stage("deps", false, DEPS, new boolean[3], new double[] {0.1, 0.4, 47.2}, null, 47.9),
                        stage("build", false, BUILD, new boolean[3], new double[] {0.6, 30.8, 12.1}, null, 43.7),
                        stage("app", true, APP, new boolean[4], new double[] {0.1, 0.3, 0.1, 0.1}, null, 1.2)),
                new PhaseTimes(1.1, 0, 92.8, 9.6), pushes("main"), List.of(), List.of(),
                Map.of("NODE_ENV", "5f2b1c0e"), null, 211_812_352L, null);
    }

    /** The next build on main after a change under src/: deps cached, build and app partly rerun. */
    public static BuildReport warmMain() {
        return new BuildReport(BuildReport.SCHEMA_VERSION, IMAGE, "main", "classic", "asked for", "2025-06-02T11:40:27Z",
                List.of(stage("deps", false, DEPS, new boolean[] {true, true, true}, new double[] {0, 0, 0},
                                CACHE + ":deps-main", 0.4),
                        stage("build", false, BUILD, new boolean[3], new double[] {0.7, 31.4, 11.8},
                                CACHE + ":build-main", 44.1),
                        stage("app", true, APP, new boolean[] {true, false, false, false}, new double[] {0, 0.3, 0.1, 0.1},
                                IMAGE + ":main", 0.9)),
                new PhaseTimes(1.3, 7.9, 45.4, 6.2), pushes("main"), List.of(), List.of(),
                Map.of("NODE_ENV", "5f2b1c0e"), 183_500_800L, 9_437_184L, null);
    }

    /** A feature branch whose first build found main's cache through the fallback chain. */
    public static BuildReport featureBranch() {
        return new BuildReport(BuildReport.SCHEMA_VERSION, IMAGE, "feature/login-page", "classic", AUTO_REASON,
                "2025-06-03T08:02:51Z",
                List.of(stage("deps", false, DEPS, new boolean[] {true, true, true}, new double[] {0, 0, 0},
                                CACHE + ":deps-main", 0.5),
                        stage("build", false, BUILD, new boolean[3], new double[] {0.6, 31.1, 12.3},
                                CACHE + ":build-main", 44.3),
                        stage("app", true, APP, new boolean[] {true, false, false, false}, new double[] {0, 0.3, 0.1, 0.1},
                                IMAGE + ":main", 0.8)),
                new PhaseTimes(1.4, 8.3, 45.2, 6.6), pushes("feature-login-page"), List.of(),
                List.of("extra cache source 127.0.0.1:5001/demo/shop-web:nightly: registry unreachable"
                        + " (connection refused); building without it"),
                Map.of("NODE_ENV", "5f2b1c0e"), 183_500_800L, 9_961_472L, null);
    }

    /** Earlier reports of {@link #IMAGE}, newest first, as a history would return them. */
    public static List<BuildReport> history() {
        return List.of(warmMain(), coldMain());
    }

    public static StageReport stage(String name, boolean finalStage, List<String> instructions, boolean[] cached,
            double[] seconds, String cacheSource, double stageSeconds) {
        List<StepRecord> steps = new ArrayList<>();
        int cachedCount = 0;
        for (int i = 0; i < instructions.size(); i++) {
            steps.add(new StepRecord(instructions.get(i), cached[i], seconds[i]));
            cachedCount += cached[i] ? 1 : 0;
        }
        String reason = cacheSource == null ? "no cache image found: tried " + CACHE + ":" + name + "-main" : null;
        return new StageReport(name, finalStage, steps.size(), cachedCount, cacheSource, reason, BASE, BASE_ID,
                stageSeconds, steps, null);
    }

    private static List<PushedRef> pushes(String tag) {
        return List.of(new PushedRef(CACHE + ":deps-" + tag, "sha256:9b1e4f0c2a7d" + "0".repeat(52), "cache"),
                new PushedRef(CACHE + ":build-" + tag, "sha256:3c77a2d1e8f5" + "1".repeat(52), "cache"),
                new PushedRef(IMAGE + ":" + tag, "sha256:e2a94b6d05c1" + "2".repeat(52), "final"));
    }
}
