#!/usr/bin/env bash
# Start-up of the BUILT Host (issue 14): from process spawn to (a) /health/ready answering 200 and (b) the first
# GraphQL answer (the admin's `login`), on a WARM data folder (cluster made and migrated, server stopped) and on a
# FRESH one (empty: initdb, migrations, admin seed). Zero-config mode: a private PostgreSQL under the data folder, the
# Offline provider, local storage, Development settings (as `dotnet run --project Host`).
#
#   dotnet build -c Release Host
#   bench/startup.sh [runs] [label=host-folder ...]
#
# Besides wall times it reports the CPU time the Host had used by its first answer, which the load of other processes
# on a shared machine moves much less than the wall times. runs defaults to 5; without a folder it measures Host/bin/Release/net10.0/linux-x64. Several folders (e.g. the
# base commit's build and this one's) are measured interleaved, run by run, so machine load hits them alike. Each
# start's Debug timeline (category ProductDescriber.Startup) is kept in $OUT/<label>-<warm|fresh>-<run>.log.
set -euo pipefail

runs=${1:-5}
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
variants=("$@")
if [ ${#variants[@]} -eq 0 ]; then
    variants=("current=$root/Host/bin/Release/net10.0/linux-x64")
fi

port=${PORT:-5190}
out=${OUT:-$(mktemp -d /tmp/startup-bench.XXXXXX)}
mkdir -p "$out"
url="http://127.0.0.1:$port"
login='{"query":"mutation { login(input: {username: \"admin\", password: \"admin123\"}) { accessToken errors { code } } }"}'

# Milliseconds since $1 (an $EPOCHREALTIME), without spawning a process.
elapsed_ms() {
    local now=$EPOCHREALTIME
    echo $(( (${now/./} - ${1/./}) / 1000 ))
}

# CPU time (user + system, ms) process $1 has used: unlike wall time, barely moved by the load of other processes.
cpu_ms() {
    local stat
    read -r -a stat < "/proc/$1/stat"
    echo $(( (stat[13] + stat[14]) * 1000 / $(getconf CLK_TCK) ))
}

# Starts the Host of folder $1 on data folder $2; prints "<ms to ready> <ms to first GraphQL answer> <CPU ms then>";
# its log goes to $3.
measure() {
    local bin=$1 data=$2 log=$3 start pid ready answer cpu
    start=$EPOCHREALTIME
    # From its own folder, which is its content root (appsettings.json); env: bash cannot set a name with a dot.
    cd "$bin"
    env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$url" Database__DataDirectory="$data" \
        Logging__LogLevel__ProductDescriber.Startup=Debug \
        "$bin/ProductDescriber.Host" > "$log" 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready" || true)" = 200 ]; do
        if ! kill -0 "$pid" 2> /dev/null; then
            echo "the Host ended before it was ready; see $log" >&2
            return 1
        fi
        sleep 0.01
    done
    ready=$(elapsed_ms "$start")
    if ! curl -s -H 'Content-Type: application/json' -d "$login" "$url/graphql" | grep -q accessToken; then
        echo "login gave no token; see $log" >&2
        return 1
    fi
    answer=$(elapsed_ms "$start")
    cpu=$(cpu_ms "$pid")
    # TERM, not INT: bash takes a child that died of SIGINT for a Ctrl+C meant for itself, and quits.
    kill -TERM "$pid"
    wait "$pid" || true
    cd "$root"
    echo "$ready $answer $cpu"
}

# min / median / max of the numbers on standard input.
summary() {
    sort -n | awk '{ v[NR] = $1 } END { printf "%d / %d / %d", v[1], v[int((NR + 1) / 2)], v[NR] }'
}

echo "runs: $runs, results and logs in $out"
for variant in "${variants[@]}"; do
    label=${variant%%=*}
    bin=${variant#*=}
    # The warm folder: made and migrated by one start that is not counted.
    rm -rf "$out/$label-warm-data"
    measure "$bin" "$out/$label-warm-data" "$out/$label-prepare.log" > /dev/null
done

for run in $(seq 1 "$runs"); do
    echo "run $run: $(uptime)"
    for variant in "${variants[@]}"; do
        label=${variant%%=*}
        bin=${variant#*=}
        for kind in warm fresh; do
            data="$out/$label-warm-data"
            if [ "$kind" = fresh ]; then
                data="$out/$label-fresh-data"
                rm -rf "$data"
            fi
            read -r ready answer cpu < <(measure "$bin" "$data" "$out/$label-$kind-$run.log")
            echo "$ready" >> "$out/$label-$kind.ready"
            echo "$answer" >> "$out/$label-$kind.answer"
            echo "$cpu" >> "$out/$label-$kind.cpu"
            echo "  $label $kind: ready $ready ms, first GraphQL answer $answer ms, Host CPU $cpu ms"
        done
    done
done

echo
echo "| Host | data folder | ready (min / median / max ms) | first GraphQL answer (min / median / max ms) | Host CPU by then (min / median / max ms) |"
echo "| --- | --- | --- | --- | --- |"
for variant in "${variants[@]}"; do
    label=${variant%%=*}
    for kind in warm fresh; do
        echo "| $label | $kind | $(summary < "$out/$label-$kind.ready") | $(summary < "$out/$label-$kind.answer") | $(summary < "$out/$label-$kind.cpu") |"
    done
done
for variant in "${variants[@]}"; do
    rm -rf "$out/${variant%%=*}-fresh-data"
done
