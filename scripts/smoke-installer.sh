#!/usr/bin/env bash
# Installer smoke test (Linux): builds the app image and the .deb with `./mvnw -Pinstaller`, starts
# the GUI launcher under Xvfb until its main window has shown a listing (it writes a screenshot and
# exits), runs the CLI launcher with --version, and checks the .deb's metadata. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
OUT=target/installer
need=()
command -v xvfb-run > /dev/null || need+=(xvfb xauth)
dpkg -s libgtk-3-0 > /dev/null 2>&1 || need+=(libgtk-3-0)
dpkg -s libxtst6 > /dev/null 2>&1 || need+=(libxtst6)
command -v fakeroot > /dev/null || need+=(fakeroot)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" > /dev/null
fi

./mvnw -B -q -ntp -Dskip.npm -Pinstaller -DskipTests package

SHOT="$OUT/smoke-window.png"
rm -f "$SHOT"
start=$(date +%s%N)
# A throwaway home, so the window opens at its defaults and nothing of the user's is touched.
SMOKE_HOME=$(mktemp -d)
RANGEFINDER_READY_FILE="$PWD/$SHOT" RANGEFINDER_EXIT_WHEN_READY=1 HOME="$SMOKE_HOME" XDG_CONFIG_HOME="$SMOKE_HOME/.config" \
  timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$OUT/Rangefinder/bin/Rangefinder" 2> "$OUT/smoke-gui.log" || {
    echo "the GUI launcher failed:" >&2; cat "$OUT/smoke-gui.log" >&2; exit 1; }
end=$(date +%s%N)
[ -s "$SHOT" ] || { echo "no window screenshot at $SHOT" >&2; cat "$OUT/smoke-gui.log" >&2; exit 1; }
echo "== GUI launcher: window shown and exited cleanly; $(grep -o 'window ready [0-9]* ms after start' "$OUT/smoke-gui.log"), whole run $(( (end - start) / 1000000 )) ms"

"$OUT/Rangefinder/bin/rangefinder" --version | tee "$OUT/smoke-cli.txt"
grep -q '^rangefinder ' "$OUT/smoke-cli.txt"
# The CLI launcher's AOT cache is there and usable: AOTMode=on makes the JVM refuse to start otherwise.
[ -s "$OUT/Rangefinder/lib/app/rangefinder.aot" ] || { echo "the app image has no AOT cache for the CLI" >&2; exit 1; }
JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$OUT/Rangefinder/bin/rangefinder" --version > /dev/null 2>&1 || {
  echo "the CLI launcher cannot use its AOT cache" >&2; exit 1; }
# The per-store caches, picked by the launcher for az:// and gs:// commands (the servers are not
# running: the command fails on its connection, but a cache the JVM cannot use fails it first).
for family in az gs; do
  [ -s "$OUT/Rangefinder/lib/app/rangefinder-$family.aot" ] || { echo "the app image has no $family AOT cache" >&2; exit 1; }
  JAVA_TOOL_OPTIONS=-XX:AOTMode=on AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;" \
    STORAGE_EMULATOR_HOST=http://127.0.0.1:9 "$OUT/Rangefinder/bin/rangefinder" --timeout 2 stat "$family://devstoreaccount1/none/x" \
    > /dev/null 2> "$OUT/smoke-aot-$family.txt" || true
  if grep -qi 'AOT cache\|AOTCache' "$OUT/smoke-aot-$family.txt"; then
    echo "the CLI launcher cannot use its $family AOT cache:" >&2; cat "$OUT/smoke-aot-$family.txt" >&2; exit 1
  fi
done

deb=$(ls "$OUT"/*.deb)
dpkg-deb -f "$deb" Package Version Depends | sed 's/^/  /'
dpkg-deb -c "$deb" > "$OUT/deb-contents.txt"
grep -q 'opt/rangefinder/bin/rangefinder$' "$OUT/deb-contents.txt" || { echo "the .deb lacks the CLI launcher" >&2; exit 1; }
grep -q 'opt/rangefinder/bin/Rangefinder$' "$OUT/deb-contents.txt" || { echo "the .deb lacks the GUI launcher" >&2; exit 1; }
echo "== sizes: app image $(du -sh "$OUT/Rangefinder" | cut -f1), $(basename "$deb") $(du -h "$deb" | cut -f1)"
# Install it as a user would (apt resolves the declared dependencies), on this machine whose menu
# folders may not exist, then remove it again.
echo "== apt-get install ./$(basename "$deb")"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" > "$OUT/deb-install.log" 2>&1 || {
  echo "installing the .deb failed:" >&2; tail -20 "$OUT/deb-install.log" >&2; exit 1; }
rangefinder --version | head -1
# Installed under /opt, the cache trained in the build folder must still map.
JAVA_TOOL_OPTIONS=-XX:AOTMode=on rangefinder --version > /dev/null 2>&1 || { echo "the installed CLI cannot use its AOT cache" >&2; exit 1; }
[ -f /usr/share/applications/rangefinder.desktop ] || { echo "no desktop entry after install" >&2; exit 1; }
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq rangefinder > "$OUT/deb-remove.log" 2>&1
[ ! -e /usr/bin/rangefinder ] && [ ! -e /usr/share/applications/rangefinder.desktop ] || { echo "remove left files behind" >&2; exit 1; }
echo "== installer smoke test passed"
