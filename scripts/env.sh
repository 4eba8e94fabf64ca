# Sourced by the other scripts: finds a JDK 25 (or newer) and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 25+, then `java` on PATH, then the usual install folders.

rf_java_major() {
  # prints the feature version of the java binary given as $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

rf_find_jdk() {
  local cand major
  for cand in "${JAVA_HOME:-}" \
              "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" \
              /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* \
              "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
              /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(rf_java_major "$cand/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      echo "$cand"
      return 0
    fi
  done
  return 1
}

if ! RF_JDK=$(rf_find_jdk); then
  echo "error: Rangefinder needs a JDK 25 or newer and none was found." >&2
  echo "       Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$RF_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
