#!/usr/bin/env bash
# The benchmark's one command (see docs/benchmarks.md):
#   bench/run.sh [--smoke | --quick | --full] [--reps N] [--sleep S] [--contenders LIST] [--no-publish] [--keep-work]
# It uses the project's test environment (scripts/test-env.sh; CDB_ENV_DIR, CDB_ENV_INDEX), starting it if
# needed, and wipes that daemon between runs. The shaped link needs root.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CDB_ENV_DIR=${CDB_ENV_DIR:-$REPO_ROOT/.cdb-env}
exec python3 "$REPO_ROOT/bench/bench.py" "$@"
