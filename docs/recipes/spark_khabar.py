#!/usr/bin/env python3
"""Run khabar as the worker of an Apache Spark job: every partition of an NDJSON corpus is piped
through one `khabar analyze --input ndjson` process, which streams one JSON line out per line in.

    spark-submit spark_khabar.py INPUT.jsonl OUTPUT_DIR [KHABAR_BINARY]
    python3 spark_khabar.py INPUT.jsonl OUTPUT_DIR [KHABAR_BINARY]      (local mode, pip install pyspark)

The binary must exist at the same path on every executor (ship it with `--files khabar` and use
`./khabar`, or install it on the image). khabar keeps input order inside a partition and
carries each record's `id`, so results can be joined back to the input by id. A record that
fails (empty text, bad JSON) comes back as an error record `{"id": ..., "error": ...}`: the
count of output lines equals the count of input lines.
"""
import shlex
import sys

from pyspark.sql import SparkSession


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    src, dst = argv[0], argv[1]
    khabar = argv[2] if len(argv) > 2 else "khabar"
    spark = SparkSession.builder.master("local[2]").appName("khabar").getOrCreate()
    lines = spark.sparkContext.textFile(src)
    # One process per partition; --jobs 1 because Spark already runs one task per core.
    cmd = " ".join(shlex.quote(a) for a in
                   [khabar, "analyze", "--input", "ndjson", "--no-tokens", "--jobs", "1", "--quiet"])
    lines.pipe(cmd).saveAsTextFile(dst)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
