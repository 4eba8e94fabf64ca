#!/usr/bin/env bash
# Builds Rangefinder if needed and opens the app on the local file system (no cloud account needed).
# Any arguments are passed on, so `scripts/run-app.sh ls ~/` runs the CLI instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if [ ! -f target/rangefinder.jar ] || [ -n "$(find src pom.xml -newer target/rangefinder.jar -print -quit)" ]; then
  ./mvnw -B -q -ntp -DskipTests package
fi
exec "$JAVA_HOME/bin/java" -jar target/rangefinder.jar "$@"
