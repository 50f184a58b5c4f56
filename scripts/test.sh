#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against a real dockerd, buildah and registries
# (installed and started by scripts/test-env.sh), the HTML report's browser test, and the benchmark's own
# unit tests (bench/test_bench.py: its contender filter, targets and report; no timings), then the
# benchmark's smoke run: that it runs end to end against the real daemon, never its timings. The acceptance
# suite against a real Jenkins runs when one is given (scripts/acceptance.sh, docs/acceptance.md); otherwise
# one line says why it did not run.
#
#   scripts/test.sh [extra maven arguments]
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"

bash scripts/test-env.sh start
export CDB_ENV_DIR=${CDB_ENV_DIR:-$REPO_ROOT/.cdb-env}
python3 -m unittest discover -s bench -t bench
mvn -B -ntp verify "$@"
bash scripts/acceptance.sh
bench/run.sh --smoke --no-publish --out "$(mktemp -d /tmp/cdb-bench-smoke.XXXXXX)"
