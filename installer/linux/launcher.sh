#!/bin/bash
# Starts the bundled runtime as jpackage's NAME.cfg says (class path, main class, JVM options).
# It stands in for jpackage's Linux launcher binary, which asks the package managers who owns it
# (rpm -qf, dpkg -S, then dpkg -L when installed from a .deb; twice over) on every start: 0.1 s on
# a machine with few packages, more on a desktop with thousands. installer/package.sh puts one of
# these, with NAME filled in, in place of each launcher.
set -e
self=$(readlink -f "${BASH_SOURCE[0]}")
root=${self%/*}    # bin/
root=${root%/*}    # the image (parameter expansion: no dirname processes on the start path)
APPDIR="$root/lib/app"
cfg="$APPDIR/@NAME@.cfg"
cp=()
opts=()
main=
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    app.classpath=*) cp+=("${line#app.classpath=}") ;;
    app.mainclass=*) main=${line#app.mainclass=} ;;
    java-options=*) opts+=("${line#java-options=}") ;;
  esac
done < "$cfg"
cp=("${cp[@]//\$APPDIR/$APPDIR}")
opts=("${opts[@]//\$APPDIR/$APPDIR}")
# The CLI has one AOT cache per store family (installer/train-aot.sh): the first az:// or gs://
# location among the arguments picks that store's cache, if the image has it; else the default one.
for arg in "$@"; do
  case "$arg" in
    az://*|--*=az://*) family=az ;;
    gs://*|--*=gs://*) family=gs ;;
    s3://*|--*=s3://*) break ;;
    *) continue ;;
  esac
  if [ -s "$APPDIR/@NAME@-$family.aot" ]; then
    opts=("${opts[@]/#-XX:AOTCache=*/-XX:AOTCache=$APPDIR/@NAME@-$family.aot}")
  fi
  break
done
classpath=$(IFS=:; echo "${cp[*]}")
exec "$root/lib/runtime/bin/java" "${opts[@]}" -Djpackage.app-path="$self" -cp "$classpath" "$main" "$@"
