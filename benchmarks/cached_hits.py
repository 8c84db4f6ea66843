"""Cost of one page-cache hit on the production stack, in-process: wall time, CPU, Redis commands.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/cached_hits.py
    .venv/bin/python benchmarks/cached_hits.py --hits 5000 --rounds 5 --workdir /tmp/iceinfo-prof

The same preparation as ``benchmarks/profile_request.py`` (production settings, migrate,
load_seed_content, collectstatic; SQLite unless DATABASE_URL is PostgreSQL), a throwaway
``redis-server`` on a free port, and the page cache on. Each round runs one child process per mode,
alternating, and requests each page ``--hits`` times through ``iceinfo.wsgi.application`` after it
is stored:

- **asking**: ``CONTENT_VERSION_RECHECK_SECONDS=0``: nothing is kept, every hit reads the content
  version from Redis (as every hit did before issue 20);
- **kept**: the default: the process keeps the version and Redis announces changes
  (``iceinfo.serving.version_watch``), so a warm hit sends Redis nothing.

Per page and mode: the median over rounds of wall and CPU microseconds per hit, and Redis commands
per hit (``INFO commandstats`` of the throwaway server, pings of the listener left out). No socket
to the client and no gunicorn: what is left is the hit itself, including its Redis round trip. CPU
per hit is the steadier figure on a busy machine; the wall time also counts Redis's answer.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import log  # noqa: E402
from tests.servers import ThrowawayRedis  # noqa: E402

PAGES = ["/", "/es/", "/contact/field-offices/?q=77060"]
MODES = {"asking": "0", "kept": "2"}
LEFT_OUT = ("cmdstat_ping", "cmdstat_info", "cmdstat_config", "cmdstat_client")  # the listener's and ours


def child(args):
    """One mode in a process of its own: warm every page, then time ``args.hits`` hits of each."""
    os.environ.update(json.loads(Path(args.env_file).read_text()))
    os.environ.update({"REDIS_URL": args.redis_url, "PAGE_CACHE_SECONDS": "300"})
    os.environ["CONTENT_VERSION_RECHECK_SECONDS"] = MODES[args.mode]
    os.chdir(ROOT)
    import redis

    from benchmarks.profile_request import request
    from iceinfo.wsgi import application

    server = redis.Redis.from_url(args.redis_url)
    for _ in range(3):
        for path in PAGES:
            request(application, path)
    deadline = time.monotonic() + 10
    while args.mode == "kept" and time.monotonic() < deadline:
        if any(c.get("name", "").startswith("iceinfo-version-watch") for c in server.client_list()):
            break
        time.sleep(0.05)
    for path in PAGES:
        request(application, path)  # read (and, when kept, kept) with the listener subscribed
    results = []
    for path in PAGES:
        server.config_resetstat()
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.hits):
            request(application, path)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        stats = server.info("commandstats")
        commands = sum(value["calls"] for name, value in stats.items() if not name.startswith(LEFT_OUT))
        results.append(
            {"wall_us": wall / args.hits * 1e6, "cpu_us": cpu / args.hits * 1e6, "commands": commands / args.hits}
        )
    print(json.dumps(results))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hits", type=int, default=2000, help="hits per page, mode and round (default 2000)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of both modes (default 3)")
    parser.add_argument("--workdir", help="keep the prepared database and static files here and reuse them")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--env-file", help=argparse.SUPPRESS)
    parser.add_argument("--redis-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    import tempfile

    from benchmarks.profile_request import prepared_env

    workdir = args.workdir or tempfile.mkdtemp(prefix="iceinfo-hits-")
    Path(workdir).mkdir(parents=True, exist_ok=True)
    env, database = prepared_env(workdir)
    env_file = Path(workdir) / "hits-env.json"
    env_file.write_text(json.dumps(env))
    redis_server = ThrowawayRedis(workdir)
    redis_server.start()
    redis_url = redis_server.url
    runs = {mode: [] for mode in MODES}
    try:
        for number in range(args.rounds):
            for mode in MODES:
                redis_server.cli("flushall")
                log(f"round {number + 1}: {mode}")
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        "--mode",
                        mode,
                        "--env-file",
                        str(env_file),
                        "--redis-url",
                        redis_url,
                        "--hits",
                        str(args.hits),
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=600,
                )
                runs[mode].append(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        redis_server.stop()
        if database is not None:
            database.drop()
    print(f"{'page':34} {'mode':7} {'wall us/hit':>12} {'cpu us/hit':>11} {'redis cmds/hit':>15}")
    for index, path in enumerate(PAGES):
        medians = {}
        for mode in MODES:
            medians[mode] = {k: statistics.median(run[index][k] for run in runs[mode]) for k in runs[mode][0][0]}
            m = medians[mode]
            print(f"{path:34} {mode:7} {m['wall_us']:12.1f} {m['cpu_us']:11.1f} {m['commands']:15.3f}")
        print(
            f"{'':34} {'kept/asking':>20} wall {medians['kept']['wall_us'] / medians['asking']['wall_us']:.2f}, "
            f"cpu {medians['kept']['cpu_us'] / medians['asking']['cpu_us']:.2f}"
        )


if __name__ == "__main__":
    main()
