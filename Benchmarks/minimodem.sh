#!/usr/bin/env bash
# Our reader's decoder beside minimodem (the peer software modem), on the same
# amount of audio at 48 kHz, timed by CPU time (user + system) of one core.
#
#   Benchmarks/minimodem.sh            # 7 rounds of the deck (about 72 s of audio)
#   ROUNDS=3 Benchmarks/minimodem.sh
#
# Ours: every deck card's swipe (its own reader profile, recorded at 48 kHz) written
# to WAV by `pos-terminal reader encode`, then read and decoded ROUNDS times in one
# process by `pos-terminal reader speed`. minimodem: one WAV of 1200-baud Bell 202
# FSK of the same total duration, written by `minimodem --tx`, decoded by
# `minimodem --rx`. Not run by .ci/run: it installs minimodem with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-7}
rate=48000
bin=${POS_TERMINAL:-.build/release/pos-terminal}
if [ ! -x "$bin" ]; then
  echo "building the deployed binary (swift build -c release --static-swift-stdlib)" >&2
  swift build -c release --static-swift-stdlib --product pos-terminal >&2
fi
if ! command -v minimodem >/dev/null 2>&1; then
  echo "installing minimodem" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq minimodem >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Seconds of audio in a WAV file: data bytes / (rate × block align), from its header.
wav_seconds() {
  local f=$1 rate align off size
  rate=$(od -An -tu4 -j24 -N4 "$f" | tr -d ' ')
  align=$(od -An -tu2 -j32 -N2 "$f" | tr -d ' ')
  off=$(grep -obUaP 'data' "$f" | head -1 | cut -d: -f1)
  size=$(od -An -tu4 -j$((off + 4)) -N4 "$f" | tr -d ' ')
  awk -v s="$size" -v r="$rate" -v a="$align" 'BEGIN { printf "%.6f", s / (r * a) }'
}

# CPU seconds (user + system) of a command, from bash's `time`.
cpu_of() {
  local TIMEFORMAT='%3U %3S' t
  t=$({ time "$@" >"$work/out" 2>"$work/err"; } 2>&1) || {
    cat "$work/err" >&2
    return 1
  }
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.3f", a[1] + a[2] }'
}

# Every deck card (./Config, else the built-in deck), recorded at 48 kHz.
files=()
for n in $(seq 1 99); do
  f="$work/card$n.wav"
  "$bin" reader encode --card "$n" --rate "$rate" -o "$f" >/dev/null 2>&1 || break
  files+=("$f")
done
[ ${#files[@]} -gt 0 ] || { echo "no deck cards encoded" >&2; exit 1; }

# Ours, in one process: the in-process decode CPU (reads and decodes only) and the
# whole process's CPU (start-up included), as minimodem's is.
ours_cpu=$(cpu_of "$bin" reader speed --repeat "$rounds" "${files[@]}")
line=$(cat "$work/out")
ours_audio=$(sed -E 's/.*: ([0-9.]+) s of audio in ([0-9.]+) s CPU.*/\1/' <<<"$line")
ours_decode=$(sed -E 's/.*: ([0-9.]+) s of audio in ([0-9.]+) s CPU.*/\2/' <<<"$line")

# minimodem: 1200 baud, 8N1 (10 bits a byte), enough text for the same duration.
bytes=$(awk -v s="$ours_audio" 'BEGIN { printf "%d", s * 120 }')
head -c "$bytes" /dev/urandom | base64 -w 0 | head -c "$bytes" >"$work/text"
# The carrier's lead-in and tail add a little: trim the text until the file is no longer.
while :; do
  minimodem --tx 1200 --samplerate "$rate" -f "$work/mm.wav" <"$work/text" 2>/dev/null
  mm_audio=$(wav_seconds "$work/mm.wav")
  over=$(awk -v m="$mm_audio" -v o="$ours_audio" 'BEGIN { printf "%d", (m - o) * 120 + 0.999 }')
  [ "$over" -gt 0 ] || break
  head -c "$(($(stat -c %s "$work/text") - over))" "$work/text" >"$work/text2"
  mv "$work/text2" "$work/text"
done
mm_cpu=$(cpu_of minimodem --rx 1200 --samplerate "$rate" -f "$work/mm.wav")
if cmp -s "$work/out" "$work/text"; then mm_ok="decoded all $(stat -c %s "$work/text") bytes"; else
  mm_ok="decoded text differs from what was sent"
fi

echo "audio: ours ${#files[@]} deck cards × $rounds rounds = $ours_audio s at $rate Hz; minimodem $mm_audio s of 1200-baud FSK ($mm_ok)"
awk -v oa="$ours_audio" -v od="$ours_decode" -v op="$ours_cpu" -v ma="$mm_audio" -v mc="$mm_cpu" 'BEGIN {
  printf "ours, decoding only:     %7.3f s CPU  %7.1f µs CPU per audio second  (%5.0f× real time)\n", od, 1e6 * od / oa, oa / od
  printf "ours, whole process:     %7.3f s CPU  %7.1f µs CPU per audio second  (%5.0f× real time)\n", op, 1e6 * op / oa, oa / op
  printf "minimodem, whole process:%7.3f s CPU  %7.1f µs CPU per audio second  (%5.0f× real time)\n", mc, 1e6 * mc / ma, ma / mc
  printf "ratio (minimodem ÷ ours, CPU per audio second): %.2f× decoding only, %.2f× whole process\n", (mc / ma) / (od / oa), (mc / ma) / (op / oa)
}'
