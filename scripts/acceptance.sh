#!/usr/bin/env bash
# Runs the acceptance suite (module acceptance/, docs/acceptance.md) against a real Jenkins when one is given:
# CDB_JENKINS_URL (a running Jenkins with the plugin installed), or a settings file naming a war, a plugins
# directory and a command that packs the plugin from this working tree (CDB_JENKINS_SETTINGS, default
# ~/.cached-docker-build/jenkins.properties). Without either it prints one line saying so and succeeds.
#
#   scripts/acceptance.sh [extra maven arguments]
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"

settings=${CDB_JENKINS_SETTINGS:-$HOME/.cached-docker-build/jenkins.properties}
if [[ -n ${CDB_JENKINS_URL:-} ]]; then
    echo "acceptance suite: against the Jenkins at $CDB_JENKINS_URL"
elif [[ -f $settings ]]; then
    echo "acceptance suite: starting the Jenkins named in $settings"
else
    echo "acceptance suite: not run — no Jenkins given (set CDB_JENKINS_URL, or write $settings; see docs/acceptance.md)"
    exit 0
fi
export CDB_ENV_DIR=${CDB_ENV_DIR:-$REPO_ROOT/.cdb-env}
# Only the suite's tests: the engine is built (not tested again) for its test-jar.
mvn -B -ntp -Pacceptance -pl acceptance -am test -Dtest='*AcceptanceTest' -Dsurefire.failIfNoSpecifiedTests=false "$@"
echo "acceptance suite: screenshots in acceptance/target/acceptance/"
