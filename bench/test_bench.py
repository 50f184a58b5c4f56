"""Unit tests of the benchmark's own parsing and statistics: python3 -m unittest discover -s bench"""
import contextlib
import io
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import apps  # noqa: E402
import bench  # noqa: E402
import contenders  # noqa: E402
import profiles  # noqa: E402
import report  # noqa: E402

CLASSIC = """Step 1/9 : FROM 127.0.0.1:5000/base/busybox:1 AS deps
 ---> 0123456789ab
Step 2/9 : COPY deps.txt /deps/deps.txt
 ---> Using cache
 ---> 1111111111aa
Step 3/9 : RUN sleep 6 && dd if=/dev/urandom of=/deps/lib.bin bs=1M count=40
 ---> Using cache
 ---> 2222222222bb
Step 4/9 : FROM deps AS builder
 ---> 2222222222bb
Step 5/9 : COPY src/ /src/
 ---> 3333333333cc
Step 6/9 : RUN sleep 1 && mkdir -p /out
 ---> Running in 5a5a5a5a5a5a
Removing intermediate container 5a5a5a5a5a5a
 ---> 4444444444dd
Step 7/9 : FROM 127.0.0.1:5000/base/busybox:1
 ---> 0123456789ab
Step 8/9 : RUN sleep 1 && mkdir -p /app
 ---> Using cache
 ---> 5555555555ee
Step 9/9 : COPY --from=builder /out/ /app/
 ---> 6666666666ff
Successfully built 6666666666ff
"""

BUILDKIT = """#4 [deps 1/3] FROM 127.0.0.1:5000/base/busybox:1@sha256:717c
#4 DONE 0.0s

#6 [deps 2/3] COPY deps.txt /deps/deps.txt
#6 CACHED

#7 [deps 3/3] RUN sleep 6 && dd if=/dev/urandom of=/deps/lib.bin bs=1M count=40
#7 CACHED

#9 [builder 1/2] COPY src/ /src/
#9 DONE 0.1s

#10 [builder 2/2] RUN sleep 1 && mkdir -p /out
#10 DONE 1.7s

#5 [stage-2 2/3] RUN sleep 1 && mkdir -p /app
#5 sha256:b548
#5 DONE 1.5s

#11 [stage-2 3/3] COPY --from=builder /out/ /app/
#11 DONE 0.4s
"""

# a fresh agent after a source change (bench log of hand-buildah, lines shortened): buildah starts the final stage
# before builder and its COPY --from waits, so STEP lines of two stages interleave
BUILDAH = """[1/3] STEP 1/3: FROM 127.0.0.1:56267/base/busybox:1 AS deps
[1/3] STEP 2/3: COPY deps.txt /deps/deps.txt
--> Cache pulled from remote 127.0.0.1:56267/bench/multi-hand-buildah-cache:1783c46e5a9a
--> Using cache 24357696a0d71857f6c0a37c7bfebd127c226c621c90df1fa8609d8af6f8b6b7
--> 24357696a0d
[1/3] STEP 3/3: RUN sleep 2 && dd if=/dev/urandom of=/deps/lib.bin bs=1M count=5 2>/dev/null && ls -l /deps
--> Cache pulled from remote 127.0.0.1:56267/bench/multi-hand-buildah-cache:cd560d6bbbe6
--> Using cache 70f3d55815a54feac2e524fc57facfd1d66ae13ab77e4b6c911b132c1074548a
--> 70f3d55815a
[3/3] STEP 1/3: FROM 127.0.0.1:56267/base/busybox:1
[3/3] STEP 2/3: RUN sleep 1 && mkdir -p /app && echo 'listen 8080' > /app/config.txt
--> Cache pulled from remote 127.0.0.1:56267/bench/multi-hand-buildah-cache:8dbec425baf4
--> Using cache 5667f6f441b354b9e4c0dd1bb21e0bf9034c7219a36830e94fc209911f9fb4ce
--> 5667f6f441b
[3/3] STEP 3/3: COPY --from=builder /out/ /app/
[2/3] STEP 1/3: FROM 70f3d55815a54feac2e524fc57facfd1d66ae13ab77e4b6c911b132c1074548a AS builder
[2/3] STEP 2/3: COPY src/ /src/
--> Pushing cache 127.0.0.1:56267/bench/multi-hand-buildah-cache:ed3c6fd48766
--> ea1acd26a64
[2/3] STEP 3/3: RUN sleep 1 && mkdir -p /out && cat /src/*.txt > /out/app.txt
--> Pushing cache 127.0.0.1:56267/bench/multi-hand-buildah-cache:a2396ef394fc
--> 1f6123357c6
[3/3] COMMIT 127.0.0.1:56267/bench/multi-hand-buildah:latest
--> Pushing cache 127.0.0.1:56267/bench/multi-hand-buildah-cache:7177ba76d1e3
--> 72e3a250804
"""


class ParsingTest(unittest.TestCase):
    def setUp(self):
        self.app = apps.make_app("multi", "127.0.0.1:5000/base/busybox:1", 6, 40)

    def test_classic_output_gives_each_step_its_outcome(self):
        outcomes = apps.classic_steps(self.app, CLASSIC, {})
        self.assertEqual(outcomes, {("deps", 1): True, ("deps", 2): True, ("builder", 1): False,
                                    ("builder", 2): False, ("stage-2", 1): True, ("stage-2", 2): False})

    def test_buildkit_output_gives_each_step_its_outcome(self):
        outcomes = apps.buildkit_steps(self.app, BUILDKIT, {})
        self.assertEqual(outcomes[("deps", 2)], True)
        self.assertEqual(outcomes[("stage-2", 1)], False)
        self.assertEqual(len(outcomes), 6)

    def test_buildah_output_gives_each_step_its_outcome_across_interleaved_stages(self):
        outcomes = apps.buildah_steps(self.app, BUILDAH, {})
        self.assertEqual(outcomes, {("deps", 1): True, ("deps", 2): True, ("builder", 1): False,
                                    ("builder", 2): False, ("stage-2", 1): True, ("stage-2", 2): False})

    def test_the_first_sighting_of_a_step_wins(self):
        outcomes = apps.buildkit_steps(self.app, BUILDKIT, {("stage-2", 1): True})
        self.assertTrue(outcomes[("stage-2", 1)])

    def test_unaffected_steps_of_a_source_change_and_their_hits_per_stage(self):
        outcomes = apps.buildkit_steps(self.app, BUILDKIT, {})
        summary = apps.cache_summary(self.app, "source", outcomes)
        self.assertEqual(summary["unaffectedSteps"], 3)
        self.assertEqual(summary["unaffectedCached"], 2)
        self.assertFalse(summary["allUnaffectedCachedInEveryStage"])
        self.assertEqual(summary["stages"]["stage-2"], {"unaffected": 1, "unaffectedCached": 0})

    def test_single_stage_buildkit_output_has_no_stage_name(self):
        single = apps.make_app("single", "base", 1, 1)
        outcomes = apps.buildkit_steps(single, "#5 [2/5] COPY deps.txt /deps/deps.txt\n#5 CACHED\n", {})
        self.assertEqual(outcomes, {("stage-0", 1): True})

    def test_versions_move_with_the_change(self):
        self.assertEqual(apps.next_version((3, 4), "source"), (3, 5))
        self.assertEqual(apps.next_version((3, 4), "deps"), (4, 4))
        self.assertEqual(apps.next_version((3, 4), "none"), (3, 4))


class StatisticsTest(unittest.TestCase):
    def run_entry(self, contender, seconds, change="source", agent="fresh"):
        return {"rep": 1, "app": "multi", "link": "shaped", "agent": agent, "change": change,
                "contender": contender, "ok": True, "seconds": seconds, "phases": {"build": seconds},
                "bytes": {"wireDown": 1, "wireUp": 2, "registryGrowth": 3},
                "cache": {"hitRatio": 0.5, "unaffectedRatio": 1.0, "allUnaffectedCachedInEveryStage": True,
                          "cachedSteps": 3, "steps": 6}}

    def test_targets_compare_medians_of_the_target_scenario(self):
        runs = [self.run_entry("recipe", s) for s in (10, 11, 12)]
        runs += [self.run_entry("engine-buildkit", s) for s in (8, 9, 30)]
        runs += [self.run_entry("warm-local", 4, agent="warm")]
        key, checks = report.targets(self.summary(runs), {})
        self.assertEqual(key, ("multi", "shaped", "fresh", "source"))
        recipe = next(c for c in checks if c["builder"] == "engine-buildkit" and c.get("against") == "recipe")
        self.assertAlmostEqual(recipe["value"], 9 / 11, places=3)
        self.assertTrue(recipe["met"])
        local = next(c for c in checks if c.get("builder") == "engine-buildkit" and c.get("against") == "warm-local")
        self.assertFalse(local["met"])

    def summary(self, runs):
        return {k: {c: report.summarize(r) for c, r in v.items()} for k, v in report.cells(runs).items()}

    def test_a_target_whose_contender_was_not_run_is_not_measured(self):
        runs = [self.run_entry("recipe", 10), self.run_entry("engine-buildkit", 8)]
        _key, checks = report.targets(self.summary(runs), {})
        by_hand = next(c for c in checks if c["builder"] == "engine-buildkit" and c.get("against") == "hand-buildkit")
        self.assertIsNone(by_hand["met"])
        self.assertIsNone(by_hand["value"])
        self.assertEqual(by_hand["detail"], "same strategy by hand (BuildKit) was not run")
        recipe = next(c for c in checks if c["builder"] == "engine-buildkit" and c.get("against") == "recipe")
        self.assertTrue(recipe["met"])
        classic = [c for c in checks if c["builder"] == "engine-classic"]
        self.assertEqual(len(classic), 4)  # three ratios and the cache target, none measured
        self.assertTrue(all(c["met"] is None for c in classic))
        self.assertIn("engine --builder classic was not run", classic[0]["detail"])

    def test_the_engine_on_docker26_is_held_to_the_buildx_one_liner_and_names_its_fixed_costs(self):
        runs = [self.run_entry("buildx-registry", s) for s in (1.4, 1.5, 1.6)]
        slow = [dict(self.run_entry("engine26-buildkit", s), phases={"startup+plan": 0.3, "resolve": 0.2,
                                                                     "build": s - 1, "push": 0.4})
                for s in (2.0, 2.2, 2.4)]
        _key, checks = report.targets(self.summary(runs + slow), {})
        check = next(c for c in checks if c["builder"] == "engine26-buildkit" and c.get("against") == "buildx-registry")
        self.assertAlmostEqual(check["value"], 2.2 / 1.5, places=3)
        self.assertFalse(check["met"])
        self.assertEqual(check["detail"], "2.20 s / 1.50 s; fixed costs: startup+plan 0.30 s, resolve 0.20 s, push 0.40 s")
        self.assertFalse([c for c in checks if c["builder"] == "engine26-buildkit" and c.get("against") == "recipe"])

    def test_a_fetched_layer_makes_a_buildkit_step_cached(self):
        app = apps.make_app("multi", "127.0.0.1:5000/base/busybox:1", 1, 1)
        out = ("#8 [builder 1/2] COPY src/ /src/\n"
               "#8 sha256:4d082a0150ff8d059ddedf16500926cf53b6f95e418d552558824d96bc37070d 92B / 92B 0.0s done\n"
               "#8 DONE 0.2s\n#9 [builder 2/2] RUN sleep 1\n#9 DONE 1.0s\n")
        self.assertEqual(apps.buildkit_steps(app, out, {}), {("builder", 1): True, ("builder", 2): False})

    def test_an_engine_whose_every_run_failed_is_not_measured(self):
        failed = dict(self.run_entry("engine-classic", 0), ok=False, error="engine exited 1")
        runs = [self.run_entry("recipe", 10), failed]
        _key, checks = report.targets(self.summary(runs), {})
        recipe = next(c for c in checks if c["builder"] == "engine-classic" and c.get("against") == "recipe")
        self.assertEqual(recipe["detail"], "engine --builder classic never succeeded")

    def test_results_say_not_measured_where_a_contender_is_missing(self):
        outdir = tempfile.mkdtemp(prefix="cdb-bench-test.")
        self.addCleanup(shutil.rmtree, outdir)
        meta = {"profile": "quick", "reps": 1, "sleepSeconds": 6, "depsMb": {"multi": 40, "single": 30}}
        data = report.write(outdir, meta, [self.run_entry("recipe", 10), self.run_entry("engine-buildkit", 8)])
        self.assertIn("NOT MEASURED engine-buildkit ≤ 1.05× the same strategy typed by hand: n/a ("
                      "same strategy by hand (BuildKit) was not run)", data["targetLines"])
        with open(os.path.join(outdir, "results.md")) as f:
            md = f.read()
        self.assertIn("| engine-buildkit ≤ 1.05× the same strategy typed by hand | n/a | not measured |", md)
        self.assertIn("| engine-buildkit ≤ 0.85× the articles' recipe | 0.80× | yes | 8.00 s / 10.00 s |", md)


class ContenderFilterTest(unittest.TestCase):
    def test_a_list_names_each_contender_once_in_the_order_given(self):
        self.assertEqual(contenders.parse("engine-buildkit, recipe,engine-buildkit"), ["engine-buildkit", "recipe"])

    def test_an_unknown_or_empty_name_is_refused_with_the_known_ones(self):
        with self.assertRaisesRegex(ValueError, "unknown contender 'engine'; the contenders are cold, recipe, "
                                                "hand-buildkit, engine-classic, engine-buildkit, hand-buildah, "
                                                "engine-buildah, buildx-registry, engine26-buildkit, engine26-registry, "
                                                "warm-local"):
            contenders.parse("recipe,engine")
        with self.assertRaisesRegex(ValueError, "empty contender name"):
            contenders.parse("recipe,")

    def test_the_command_line_refuses_an_unknown_contender(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), self.assertRaises(SystemExit) as exit_:
            bench.parse_args(["--contenders", "recipe,kaniko"])
        self.assertEqual(exit_.exception.code, 2)
        self.assertIn("argument --contenders: unknown contender 'kaniko'", stderr.getvalue())

    def test_without_the_option_the_profile_is_unchanged(self):
        name, profile = bench.profile_for(bench.parse_args(["--quick"]))
        self.assertEqual(name, "quick")
        self.assertEqual(profile, profiles.PROFILES["quick"])

    def test_the_quick_profile_restricted_to_recipe_and_the_buildkit_engine(self):
        _name, profile = bench.profile_for(bench.parse_args(["--quick", "--contenders", "recipe,engine-buildkit"]))
        self.assertEqual(profile["contenders"], ["recipe", "engine-buildkit"])
        self.assertEqual(profile["fresh"], profiles.PROFILES["quick"]["fresh"])
        self.assertEqual((profile["cold"], profile["local"]), ([], []))
        self.assertEqual(profiles.contenders_of(profile), ["recipe", "engine-buildkit"])
        self.assertEqual(profiles.links_of(profile), {"shaped"})

    def test_only_the_warm_local_rebuild_needs_no_shaped_link(self):
        profile = profiles.restrict(profiles.PROFILES["default"], ["warm-local"])
        self.assertEqual((profile["contenders"], profile["fresh"], profile["warm"], profile["cold"]), ([], [], [], []))
        self.assertEqual(profile["local"], profiles.PROFILES["default"]["local"])
        self.assertEqual(profiles.links_of(profile), {"loopback"})

    def test_a_profile_that_runs_none_of_the_contenders_is_an_error(self):
        with self.assertRaisesRegex(SystemExit, "the smoke profile runs none of them "
                                                r"\(it runs recipe, engine-classic, engine-buildkit, hand-buildah, engine-buildah, "
                                                r"buildx-registry, engine26-registry\)"):
            bench.profile_for(bench.parse_args(["--smoke", "--contenders", "cold,hand-buildkit"]))


if __name__ == "__main__":
    unittest.main()
