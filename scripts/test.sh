#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: finds a JDK 25, lets the Maven wrapper fetch
# Maven and the dependencies, and runs `mvnw verify` (unit, integration and headless UI tests).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
echo "Using JDK at $JAVA_HOME"
exec ./mvnw -B -ntp verify "$@"
