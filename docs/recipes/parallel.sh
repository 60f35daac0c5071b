#!/usr/bin/env bash
# khabar over a large NDJSON archive with GNU parallel, on one machine or several (--sshlogin):
# the archive is cut into blocks of whole lines, each block piped through one khabar process,
# and the results written in input order (--keep-order).
#
#   docs/recipes/parallel.sh ARCHIVE.jsonl > analyses.ndjson
#
# Across machines add e.g. `--sshlogin 8/host1,8/host2 --transferfile ...`; khabar must be on
# each host's PATH. Within one machine `khabar analyze --jobs N` alone is simpler and as fast.
set -euo pipefail
archive=${1:?usage: parallel.sh ARCHIVE.jsonl}
khabar=${KHABAR:-khabar}
parallel --pipe --block 8M --keep-order --halt never \
    "$khabar" analyze --input ndjson --no-tokens --jobs 1 --quiet < "$archive"
