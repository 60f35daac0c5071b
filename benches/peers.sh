#!/usr/bin/env bash
# Side-by-side with the Python peers on the same text, one core:
#
#   benches/peers.sh [VENV]      (default VENV: /tmp/khabar-peers, created with ../shared/bench/setup-peers.sh)
#
# Builds a 5 MB text file from the SaudiNewsNet articles (one article per line), runs the peers'
# normalize / tokenize / sentence tasks on it and the Farasa segmenter on a 0.5 MB cut (it manages
# ~0.15 MB/s) with ../shared/bench/bench.py (work-only seconds, median of RUNS), and times whole
# khabar processes on the same articles by their CPU time, user + sys of every thread (one core's
# worth of work: start-up, reading and writing included, median of RUNS): `normalize` over the text file (it builds the offset map for every line), `tokenize`
# over the articles as NDJSON records (it runs decode, normalize, tokens, sentences and clitics,
# nothing else) writing JSON with every token's offsets and segments, and writing segmented text
# (`-f text`, the closest to what the peers return). Then, like for like with the peers' work-only
# seconds, the same stages inside one process (examples/text_throughput.rs: wall time of
# the stage calls per article, no reading, parsing or writing; median of RUNS, and the 0.5 MB
# cut in one cold pass for Farasa's comparison). Prints MB/s and ratios.
#
#   KHABAR_SHARED=/path/to/shared benches/peers.sh /tmp/peers   (when ../shared is elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
shared=${KHABAR_SHARED:-$(pwd)/../shared}
venv=${1:-/tmp/khabar-peers}
[ -x "$venv/bin/python" ] || bash "$shared/bench/setup-peers.sh" "$venv"
cargo build --release -q
bin=$(pwd)/target/release/khabar
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$shared/data/news/articles-1.jsonl" "$tmp" <<'PY'
import json, sys
src, tmp = sys.argv[1], sys.argv[2]
texts = []
size = 0
for line in open(src, encoding="utf-8"):
    t = " ".join(json.loads(line)["text"].split())
    if not t:
        continue
    texts.append(t)
    size += len(t.encode()) + 1
    if size >= 5_000_000:
        break
open(f"{tmp}/bench.txt", "w", encoding="utf-8").write("\n".join(texts) + "\n")
# The same articles as NDJSON records: khabar analyzes each line as one article, as the peers do.
with open(f"{tmp}/bench.jsonl", "w", encoding="utf-8") as fh:
    for i, t in enumerate(texts):
        fh.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
small, s = [], 0
for t in texts:
    small.append(t); s += len(t.encode()) + 1
    if s >= 500_000:
        break
open(f"{tmp}/small.txt", "w", encoding="utf-8").write("\n".join(small) + "\n")
with open(f"{tmp}/small.jsonl", "w", encoding="utf-8") as fh:
    for i, t in enumerate(small):
        fh.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
PY
"$venv/bin/python" "$shared/bench/bench.py" "$venv/bin/python" "$tmp/bench.txt" "$RUNS" \
    normalize-camel normalize-pyarabic tokenize-pyarabic sentences-pyarabic > "$tmp/peers.json" 2>/dev/null
"$venv/bin/python" "$shared/bench/bench.py" "$venv/bin/python" "$tmp/small.txt" 1 segment-farasa \
    > "$tmp/farasa.json" 2>/dev/null
khabar_mbs() {  # median whole-process MB/s of CPU time (user + sys) of khabar ARGS over FILE
    local file=$1; shift
    python3 - "$file" "$RUNS" "$bin" "$@" <<'PY'
import os, resource, statistics, subprocess, sys
f, runs, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
ts = []
for _ in range(runs):
    t = cpu()
    subprocess.run(cmd + [f], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    ts.append(cpu() - t)
print(round(os.path.getsize(f.replace(".jsonl", ".txt")) / 1e6 / statistics.median(ts), 2))
PY
}
norm=$(khabar_mbs "$tmp/bench.txt" normalize)
tok=$(khabar_mbs "$tmp/bench.jsonl" tokenize --format ndjson --input ndjson -j 1)
tok_text=$(khabar_mbs "$tmp/bench.jsonl" tokenize --format text --input ndjson -j 1)
tok_small=$(khabar_mbs "$tmp/small.jsonl" tokenize --format ndjson --input ndjson -j 1)
full=$(khabar_mbs "$tmp/bench.jsonl" analyze --no-tokens --input ndjson -j 1)
# Work only, like the peers' side: the stage calls inside one process, wall time on the idle
# machine (as the peers time theirs), median of RUNS (examples/text_throughput.rs); the 0.5 MB
# cut in one pass with a cold clitic memo.
cargo build --release -q --example text_throughput
tt=$(pwd)/target/release/examples/text_throughput
rate() { grep "^$1" | awk '{print $NF == "MB/s" ? $(NF-1) : $NF}'; }
"$tt" "$tmp/bench.jsonl" "$RUNS" > "$tmp/tt.txt"
"$tt" "$tmp/small.jsonl" 1 > "$tmp/tt-small.txt"
w_norm=$(rate "normalize+offset map" < "$tmp/tt.txt")
w_tok=$(rate "all three" < "$tmp/tt.txt")
w_small=$(rate "normalize+tokenize" < "$tmp/tt-small.txt")
python3 - "$tmp" "$norm" "$tok" "$tok_text" "$tok_small" "$full" "$w_norm" "$w_tok" "$w_small" <<'PY'
import json, sys
tmp, norm, tok, tok_text, tok_small, full, w_norm, w_tok, w_small = sys.argv[1], *map(float, sys.argv[2:])
peers = {r["task"]: r for r in json.load(open(f"{tmp}/peers.json"))["tasks"]}
farasa = {r["task"]: r for r in json.load(open(f"{tmp}/farasa.json"))["tasks"]}
def p(task, src=peers):
    r = src.get(task, {})
    return r.get("MB_per_s_work", float("nan"))
rows = [
    ("normalize (+offset map)", norm, "CAMeL Tools normalizers", p("normalize-camel")),
    ("normalize (+offset map)", norm, "PyArabic normalizers", p("normalize-pyarabic")),
    ("tokenize+sentences+clitics (JSON)", tok, "PyArabic tokenize (no sentences, no clitics)", p("tokenize-pyarabic")),
    ("tokenize+sentences+clitics", tok, "PyArabic sentence_tokenize", p("sentences-pyarabic")),
    ("same, -f text (segmented)", tok_text, "PyArabic tokenize (no sentences, no clitics)", p("tokenize-pyarabic")),
    ("tokenize+sentences+clitics (JSON, 0.5 MB)", tok_small, "Farasa segmenter (0.5 MB)", p("segment-farasa", farasa)),
    ("full analyze", full, "PyArabic tokenize", p("tokenize-pyarabic")),
    ("WORK ONLY: normalize (+offset map)", w_norm, "CAMeL Tools normalizers", p("normalize-camel")),
    ("WORK ONLY: tokenize+sentences+clitics", w_tok, "PyArabic tokenize (no sentences, no clitics)", p("tokenize-pyarabic")),
    ("WORK ONLY: tokenize+clitics (0.5 MB, cold)", w_small, "Farasa segmenter (0.5 MB)", p("segment-farasa", farasa)),
]
print(f"{'khabar stage (whole process unless WORK ONLY)':42} {'MB/s':>8}  {'peer (work only)':45} {'MB/s':>8} {'ratio':>8}")
for k, km, peer, pm in rows:
    print(f"{k:42} {km:8.2f}  {peer:45} {pm:8.2f} {km / pm:8.1f}x")
PY
