#!/usr/bin/env bash
# jlink + jpackage: a trimmed runtime, the app image (GUI launcher `Rangefinder` and CLI launcher
# `rangefinder`, with an AOT cache trained by installer/train-aot.sh), and the build OS's native
# installer (not with RF_IMAGE_ONLY=1). Run through `./mvnw -Pinstaller -DskipTests
# package`, which builds target/rangefinder.jar and target/lib/ first. Output: target/installer/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
OUT=target/installer
VERSION=$(sed -n 's/^version=//p' target/classes/io/rangefinder/version.properties | sed 's/-.*//')
case "$(uname -s)" in
  Linux) OS=linux; ICON=assets/icon.png; TYPES=(deb); command -v rpmbuild > /dev/null && TYPES+=(rpm) ;;
  Darwin) OS=mac; ICON=assets/icon.icns; TYPES=(dmg pkg) ;;
  MINGW*|MSYS*|CYGWIN*) OS=windows; ICON=assets/icon.ico; TYPES=(msi exe) ;;
  *) echo "unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
rm -rf "$OUT"
mkdir -p "$OUT/input"
cp target/rangefinder.jar target/lib/*.jar "$OUT/input/"
# Class files older than Java 6 (picocli's) stay out of the AOT cache and are verified at every
# start; re-emit them as Java 8 class files (same bytecode, with stack maps) so the cache holds them.
"$JAVA_HOME/bin/java" installer/tools/UpgradeOldClasses.java "$OUT"/input/*.jar
# Classes of signed jars (the Azure SDK's core) stay out of the AOT cache too; drop the signatures.
"$JAVA_HOME/bin/java" installer/tools/Unsign.java "$OUT"/input/*.jar

echo "== jlink: $(tr ',' ' ' < installer/modules.txt | wc -w) modules"
"$JAVA_HOME/bin/jlink" --add-modules "$(tr -d '[:space:]' < installer/modules.txt)" \
  --strip-debug --no-header-files --no-man-pages --compress zip-6 --generate-cds-archive --output "$OUT/runtime"
# The class-data archive makes the JDK's classes load from a mapped file (start-up 2.0 -> 1.7 s
# here). Its variant for heaps over 32 GiB (no compressed oops) is not worth 14 MB in a desktop app.
rm -f "$OUT/runtime/lib/server/classes_nocoops.jsa"

echo "== jpackage app image"
"$JAVA_HOME/bin/jpackage" @installer/common.args @installer/app.args --type app-image --app-version "$VERSION" \
  --input "$OUT/input" --runtime-image "$OUT/runtime" --icon "$ICON" --dest "$OUT" \
  --add-launcher rangefinder=installer/cli-launcher.properties

if [ "$OS" = linux ]; then
  # A script per launcher instead of jpackage's binary, which queries rpm and dpkg on every start.
  for name in Rangefinder rangefinder; do
    sed "s/@NAME@/$name/" installer/linux/launcher.sh > "$OUT/Rangefinder/bin/$name"
    chmod 755 "$OUT/Rangefinder/bin/$name"
  done
fi

echo "== AOT cache for the CLI launcher"
installer/train-aot.sh "$OUT/Rangefinder" || echo "AOT training failed: the CLI launcher starts without a cache" >&2

[ "${RF_IMAGE_ONLY:-0}" = 1 ] && TYPES=()   # bench/compare.sh needs only the app image
for type in "${TYPES[@]}"; do
  echo "== jpackage $type"
  "$JAVA_HOME/bin/jpackage" @installer/common.args @installer/$OS.args --type "$type" --app-version "$VERSION" \
    --app-image "$OUT/Rangefinder" --license-file LICENSE --resource-dir "installer/$OS" --dest "$OUT" \
    ${ICON:+--icon "$ICON"}
done

echo "== sizes"
du -sh "$OUT/runtime" "$OUT/Rangefinder" | sed 's/^/  /'
ls -la "$OUT" | grep -E '\.(deb|rpm|msi|exe|dmg|pkg)$' | awk '{printf "  %.1f MB  %s\n", $5/1e6, $NF}' || true
