#!/usr/bin/env bash
# A soak: a fleet of terminals sells against `pos-terminal host` for N minutes while
# faults are injected, then says how many sales, reversals and resends there were and
# whether the books balanced. Not run by .ci/run.
#
#   Benchmarks/soak.sh            # 2 minutes
#   MINUTES=10 TERMINALS=8 SALES=6 Benchmarks/soak.sh
#
# Each round: a fresh host folder and fleet folder; host.yaml gets a random
# wire_fault (none, close, garbled, wrong_mac, other_trace, delay) on random traces,
# printer.yaml a random paper_out_after; the host is killed (SIGKILL) and restarted
# on the same folder at a random moment. Per round: the fleet's summary lines, then
# the journals' reversals (sales reversed) and resends (reversal attempts beyond the
# first). The totals close the run; exit 1 when any round's books did not balance.
set -uo pipefail
cd "$(dirname "$0")/.."

minutes=${MINUTES:-2}
terminals=${TERMINALS:-6}
sales=${SALES:-5}
bin=${POS_TERMINAL:-.build/debug/pos-terminal}
[ -x "$bin" ] || { echo "soak: build first (swift build), or set POS_TERMINAL" >&2; exit 2; }
work=$(mktemp -d)
host_pid=
cleanup() { [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
RANDOM=${SEED:-2026}

start_host() { # $1 state folder, $2 config; sets host_pid and port
  rm -f "$work/port"
  "$bin" host --listen 127.0.0.1:${port:-0} --state "$1" --config "$2" \
    --port-file "$work/port" >>"$work/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
  port=$(cat "$work/port" 2>/dev/null)
}

faults=(none close garbled wrong_mac other_trace delay)
end=$(($(date +%s) + minutes * 60))
round=0 all_sales=0 all_approved=0 all_reversed=0 all_resends=0 kills=0 unbalanced_rounds=0
while [ "$(date +%s)" -lt "$end" ]; do
  round=$((round + 1))
  dir="$work/round-$round"
  mkdir -p "$dir"
  cp -r Config "$dir/Config"
  fault=${faults[RANDOM % ${#faults[@]}]}
  traces="[$((RANDOM % sales + 1)), $((RANDOM % sales + 2))]"
  paper=$((RANDOM % 4 == 0 ? RANDOM % 6 + 1 : 0))
  {
    echo "wire_fault: $fault"
    echo "wire_fault_traces: $traces"
    echo "wire_delay_s: 1"
  } >"$dir/wire.yaml"
  grep -v '^\(wire_fault\|wire_fault_traces\|wire_delay_s\):' Config/host.yaml >"$dir/Config/host.yaml"
  cat "$dir/wire.yaml" >>"$dir/Config/host.yaml"
  if [ "$paper" -gt 0 ]; then
    grep -v '^paper_out_after:' Config/printer.yaml >"$dir/Config/printer.yaml"
    echo "paper_out_after: $paper" >>"$dir/Config/printer.yaml"
  fi
  port=
  start_host "$dir/host" "$dir/Config"
  "$bin" fleet --host "tcp://127.0.0.1:$port" --terminals "$terminals" --sales "$sales" \
    --config "$dir/Config" --work "$dir/fleet" >"$dir/fleet.out" 2>/dev/null &
  fleet_pid=$!
  # The host dies at a random moment and comes back on the same folder and port.
  sleep "0.$((RANDOM % 9 + 1))"
  if kill -0 "$fleet_pid" 2>/dev/null && [ $((RANDOM % 3)) -ne 0 ]; then
    kill -9 "$host_pid" 2>/dev/null
    wait "$host_pid" 2>/dev/null
    kills=$((kills + 1))
    sleep 0.3
    start_host "$dir/host" "$dir/Config"
  fi
  wait "$fleet_pid"
  kill "$host_pid" 2>/dev/null
  wait "$host_pid" 2>/dev/null
  host_pid=
  line=$(grep '^fleet:' "$dir/fleet.out")
  books=$(grep '^books:' "$dir/fleet.out")
  approved=$(sed -n 's/.*sales: \([0-9]*\) approved.*/\1/p' <<<"$line")
  balanced=$(sed -n 's/^books: \([0-9]*\) of \([0-9]*\).*/\1 \2/p' <<<"$books")
  reversed=0 resends=0
  for j in "$dir"/fleet/*/state/journal.sqlite; do
    [ -f "$j" ] || continue
    r=$(sqlite3 -readonly "$j" "SELECT COUNT(*) FROM transactions WHERE status = 'reversed'" 2>/dev/null || echo 0)
    s=$(sqlite3 -readonly "$j" "SELECT COALESCE(SUM(MAX(attempts - 1, 0)), 0) FROM reversals" 2>/dev/null || echo 0)
    reversed=$((reversed + r)) resends=$((resends + s))
  done
  all_sales=$((all_sales + terminals * sales))
  all_approved=$((all_approved + ${approved:-0}))
  all_reversed=$((all_reversed + reversed))
  all_resends=$((all_resends + resends))
  read -r ok of <<<"${balanced:-0 $terminals}"
  [ "$ok" = "$of" ] || unbalanced_rounds=$((unbalanced_rounds + 1))
  printf 'round %d: wire_fault %-11s traces %s paper_out_after %s: %s approved of %d, %s reversed, %s resends, books %s of %s balanced\n' \
    "$round" "$fault" "$traces" "${paper/#0/never}" "${approved:-0}" $((terminals * sales)) \
    "$reversed" "$resends" "$ok" "$of"
done
echo "soak: $minutes min, $round rounds, $kills host kills: $all_sales sales asked, $all_approved approved, $all_reversed reversed, $all_resends resends; rounds with books that did not balance: $unbalanced_rounds"
[ "$unbalanced_rounds" -eq 0 ]
