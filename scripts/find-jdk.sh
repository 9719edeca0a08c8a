#!/usr/bin/env bash
# Prints the home of a JDK >= 21: $JAVA_HOME when it is one, else the newest under /usr/lib/jvm.
# Exits 1 with one line on stderr saying what to install when there is none.
set -u
MIN=21

major() { # $1 = JDK home; prints its feature version, or nothing
  [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

if [ -n "${JAVA_HOME:-}" ]; then
  v=$(major "$JAVA_HOME")
  if [ -n "$v" ] && [ "$v" -ge "$MIN" ]; then echo "$JAVA_HOME"; exit 0; fi
fi

best=""; bestv=0
for d in /usr/lib/jvm/*; do
  [ -d "$d" ] && [ ! -L "$d" ] || continue
  v=$(major "$d")
  if [ -n "$v" ] && [ "$v" -ge "$MIN" ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
done
if [ -n "$best" ]; then echo "$best"; exit 0; fi

echo "error: no JDK >= $MIN found (JAVA_HOME is '${JAVA_HOME:-unset}', nothing suitable in /usr/lib/jvm); install one, e.g. Temurin 21 or 25, and set JAVA_HOME" >&2
exit 1
