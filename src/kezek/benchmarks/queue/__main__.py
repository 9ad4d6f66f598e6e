"""`python -m kezek.benchmarks.queue [--child PHASE ARGFILE | options]`."""

from __future__ import annotations

import json
import sys

if len(sys.argv) == 4 and sys.argv[1] == "--child":
    from kezek.benchmarks.queue.children import child_main

    child_main(sys.argv[2], sys.argv[3])
else:
    from kezek.benchmarks.queue.run import run_benchmark

    print(json.dumps(run_benchmark(sys.argv[1:]), ensure_ascii=False))
