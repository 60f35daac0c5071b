#!/usr/bin/env bash
# Corpus benchmark: times the release binary over an NDJSON corpus, stage by stage.
#
#   benches/corpus.sh [CORPUS.jsonl ...]     (default: ../shared/data/news/articles-*.jsonl)
#
# Whole processes over the same NDJSON records ({"id","text",...} per line), output discarded:
#   decode+normalize        khabar normalize --input ndjson
#   tokenize+segment        khabar tokenize -f ndjson: tokens, sentences, clitics (no model loaded)
#   entities                khabar entities: the text layer, NER, linking and grouping (no claims)
#   claims                  khabar claims: everything, printing the claims
#   analyze --no-tokens     the full pipeline (tokens, NER, entities, claims), archive layout
#   analyze                 the same with tokens and sentences in the output
#   analyze --no-tokens -j2 both cores
# Each stage includes the ones before it; the difference between rows is the stage's own cost.
# (In-process stage costs: `cargo run --release --example text_throughput`, `--example
# ner_speed`, `--example claims_cost`.)
# One job is one worker thread; a reading thread beside it takes about 3% of the CPU time.
# Reported: median wall time of RUNS runs (default 3), MB/s of article text, articles/s, and
# peak RSS (GNU time). Then start-up + analysis of the seed article (median of 20 runs).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
JOBS=${JOBS:-1}
root=$(pwd)
shared=${KHABAR_SHARED:-$root/../shared}
if [ $# -gt 0 ]; then corpus=("$@"); else corpus=("$shared"/data/news/articles-*.jsonl); fi
cargo build --release -q
bin=$root/target/release/khabar
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat "${corpus[@]}" > "$tmp/corpus.jsonl"
read -r articles text_bytes < <(python3 -c '
import json,sys
n=b=0
for line in open(sys.argv[1],encoding="utf-8"):
    line=line.strip()
    if not line: continue
    n+=1; b+=len(json.loads(line).get("text","").encode("utf-8"))
print(n,b)' "$tmp/corpus.jsonl")
echo "corpus: ${corpus[*]}"
echo "articles: $articles, article text: $(python3 -c "print(round($text_bytes/1e6,1))") MB, jobs: $JOBS, runs: $RUNS"
printf '%-18s %10s %10s %12s %12s\n' stage "median s" "MB/s" "articles/s" "peak RSS MB"
stage() {
    local name=$1 jobs=$2; shift 2
    local times=() rss=0
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" "$@" --input ndjson --jobs "$jobs" \
            "$tmp/corpus.jsonl" > /dev/null 2> "$tmp/stderr" || true
        read -r t m < <(tail -n 1 "$tmp/time")
        times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
    done
    local med
    med=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    python3 -c "
t=$med; print('%-18s %10.2f %10.1f %12.0f %12.1f' % ('$name', t, $text_bytes/1e6/t, $articles/t, $rss/1024))"
}
stage decode+normalize "$JOBS" normalize
stage tokenize+segment "$JOBS" tokenize --quiet -f ndjson
stage entities "$JOBS" entities --quiet
stage claims "$JOBS" claims --quiet
stage "analyze --no-tokens" "$JOBS" analyze --quiet --no-tokens
stage analyze "$JOBS" analyze --quiet
stage "analyze -j2" 2 analyze --quiet --no-tokens
# Start-up plus analysis of the seed article, one process per run.
python3 - "$bin" <<'PY'
import statistics, subprocess, sys, time
bin = sys.argv[1]
ts = []
for _ in range(21):
    t = time.perf_counter()
    subprocess.run([bin, "analyze", "fixtures/seed-article.txt"], stdout=subprocess.DEVNULL, check=True)
    ts.append(time.perf_counter() - t)
print("seed article, start-up + analyze: median %.1f ms (21 runs)" % (1000 * statistics.median(ts[1:])))
PY
