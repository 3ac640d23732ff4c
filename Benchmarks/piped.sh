#!/usr/bin/env bash
# A piped sale's CPU beside the sales bench's, same binary, same folder kind.
#
#   Benchmarks/piped.sh              # 1000 sales, scratch in $TMPDIR (default /tmp)
#   SALES=500 TMPDIR=/work/tmp Benchmarks/piped.sh
#
# The bench's figure is its own "CPU: … ms per sale" line (process CPU over the sales).
# The piped figure: one `pos-terminal --headless --clock …` process fed a script that
# signs in and makes SALES sales of 1.00 on deck card 1 (as the bench does), its CPU
# (user + system, from bash's `time`) less the CPU of a start-up that ends at once
# (the same command fed nothing), divided by SALES. Its transcript goes down a pipe to
# `grep -c` (whose CPU is counted with it), as a piped run's would: written to a file on
# the journal's disk instead, the file's growth rides on every fsync. Not run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

sales=${SALES:-1000}
bin=${POS_TERMINAL:-.build/release/pos-terminal}
[ -x "$bin" ] || swift build -c release --static-swift-stdlib --product pos-terminal >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clock=2026-11-21T09:30:00+08:00

cpu_of() { # CPU seconds (user + system) of a command with stdin from $1, output piped
  local in=$1 TIMEFORMAT='%3U %3S' t
  shift
  t=$({ time "$@" <"$in" 2>&1 | grep -c '_cardholder.txt' >"$work/count"; } 2>&1)
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.3f", a[1] + a[2] }'
}

{
  printf '<enter>01<enter>0000<enter>'
  for _ in $(seq "$sales"); do printf '1 100<enter><swipe 1><enter>123456<enter><enter>\n'; done
} >"$work/keys"
: >"$work/none"

bench=$("$bin" bench --sales "$sales" --work "$work/bench" | sed -nE 's/^CPU: ([0-9.]+) ms per sale.*/\1/p')
rm -rf "$work/bench"
start=$(cpu_of "$work/none" "$bin" --headless --state "$work/s0" --receipts "$work/r0" --clock "$clock")
piped=$(cpu_of "$work/keys" "$bin" --headless --state "$work/s1" --receipts "$work/r1" --clock "$clock")
done=$(cat "$work/count")
[ "$done" -eq "$sales" ] || { echo "piped run printed $done cardholder copies, not $sales" >&2; exit 1; }
awk -v b="$bench" -v s="$start" -v p="$piped" -v n="$sales" 'BEGIN {
  per = 1000 * (p - s) / n
  printf "bench:  %.3f ms CPU per sale (bench --sales %d)\n", b, n
  printf "piped:  %.3f ms CPU per sale (%.3f s for %d sales less %.3f s of start-up)\n", per, p, n, s
  printf "piped ÷ bench: %.2f×\n", per / b
}'
