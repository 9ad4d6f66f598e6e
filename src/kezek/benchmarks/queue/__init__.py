"""`kezek bench queue --entries N --json`: the housing queue at scale, measured end to end.

1. a FRESH database: a SQLite file in a temporary directory, or a PostgreSQL database
   `kezek_bench_<pid>` created (and dropped at the end) on the server of --database-url
   (default: this machine's server through its Unix socket, else 127.0.0.1:5432);
2. `migrate`, then N active entries over the three lists imported from a generated CSV through
   the real import service (`queue_import`: checks every row, bulk path) -> import_s;
3. a real server (gunicorn, gthread workers, bound to 127.0.0.1 on a free port) on that
   database; 16 keep-alive connections for S seconds against /api/v1/health, then against
   /api/v1/queue/position with random existing (IIN, request number) pairs -> *_rps, p99, ratio;
4. head removals: the first entry of the longest list removed through `queue_entry_remove`,
   20 times; the median wall time of the service call -> head_removal_ms, with the new head at
   1, the next at 2 and the tail at a brute-force COUNT(*) after each removal;
5. a brute-force recount (every list sorted by key in full) of a sample of positions served by
   the HTTP endpoint after the run -> positions_exact; the block counters are checked too.

Prints nothing on stdout itself (the `kezek bench` dispatcher prints the returned dict as one JSON
line); progress goes to stderr. Talks to this machine only (127.0.0.1, Unix sockets).

The phases that need Django on the benchmark database run in child processes
(`python -m kezek.benchmarks.queue --child PHASE`) with that database in their environment,
so the calling process's own database is never touched.

The modules: `data.py` generates the queue's CSV; `environment.py` owns the temporary directory,
the fresh database, the child processes and the server; `load.py` drives keep-alive load and
meters CPU; `run.py` is the run itself (`run_benchmark`); `children.py` holds the child phases.
"""
