#!/usr/bin/env bash
# Prints one closing line for the whole `make test` run: "tests: N passed, N failed, N skipped".
# Java counts come from the Surefire/Failsafe XML reports; frontend counts from vitest's "Tests" lines in
# the log given as $1 (the captured output of `make test`).
set -uo pipefail
cd "$(dirname "$0")/.."
log=${1:-/dev/null}

read -r jt jf je js < <(
  find modules infra -path '*/target/*-reports/TEST-*.xml' -print0 2>/dev/null \
    | xargs -0 -r sed -n 's/^<testsuite[^>]* tests="\([0-9]*\)"[^>]* errors="\([0-9]*\)"[^>]* skipped="\([0-9]*\)"[^>]* failures="\([0-9]*\)".*/\1 \4 \2 \3/p' \
    | awk '{t+=$1; f+=$2; e+=$3; s+=$4} END {print t+0, f+0, e+0, s+0}')

read -r fp ff fs < <(
  sed 's/\x1b\[[0-9;]*m//g' "$log" 2>/dev/null | grep -E '^\s+Tests\s+' \
    | awk '{ for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^skipped/) s += $i } }
           END {print p+0, f+0, s+0}')

passed=$(( jt - jf - je - js + fp ))
failed=$(( jf + je + ff ))
skipped=$(( js + fs ))
echo "java: $((jt - jf - je - js)) passed, $((jf + je)) failed, $js skipped; frontend: $fp passed, $ff failed, $fs skipped"
echo "tests: $passed passed, $failed failed, $skipped skipped"
