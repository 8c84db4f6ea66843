"""Server CPU of one uncached request per page, measured in-process through the WSGI handler.

    .venv/bin/python benchmarks/profile_request.py                     # the pages of make bench
    .venv/bin/python benchmarks/profile_request.py --page all          # every page type
    .venv/bin/python benchmarks/profile_request.py --page home --profile cprofile --top 30
    .venv/bin/python benchmarks/profile_request.py --page / --page /es/ --instructions
    .venv/bin/python benchmarks/profile_request.py --workdir /tmp/iceinfo-prof ...   # keep and reuse the set-up
    .venv/bin/python benchmarks/profile_request.py --scale ...         # at generate_content's volumes

The same production settings and preparation as ``benchmarks/run.py`` (migrate, load_seed_content,
collectstatic into a temp dir; SQLite unless DATABASE_URL is PostgreSQL), with PAGE_CACHE_SECONDS=0:
every request runs Django's whole cycle through ``iceinfo.wsgi.application`` (the per-language frame
cache stays on). No sockets and no gunicorn: what is left is the server's own CPU per request.

``--instructions`` also runs each page in a child process under valgrind's callgrind, instrumented
only around the measured requests (callgrind's client requests, from a small C helper compiled with
gcc), and reports instructions per request: an exact count, unaffected by what else the machine
runs. See benchmarks/README.md.
"""

import argparse
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import Database, collect_static, log, prepare, production_env  # noqa: E402

# Name -> path; "directorate" is looked up in the seeded database.
PAGES = {
    "home": "/",
    "directorate": None,
    "Spanish home": "/es/",
    "Arabic directorate": None,
    "directorate list": "/about-ice/directorates/",
    "leadership": "/leadership/",
    "content page": None,
    "field office list": "/contact/field-offices/",
    "ZIP search 77060": "/contact/field-offices/?q=77060",
    "contact": "/contact/",
    "news": "/news/",
    "search": "/search/?q=detention",
    "site map": "/site-map/",
    "languages": "/languages/",
    "facility list": "/detention-facilities/",
    "facility page": None,
}
DEFAULT_PAGES = [
    "home", "directorate", "Spanish home", "field office list", "ZIP search 77060", "facility list", "facility page",
]


def prepared_env(workdir, scale=False):
    """(environment, database) for ``workdir``; prepares the database and static files on first use.

    ``database`` is None when an earlier run prepared ``workdir`` (SQLite only: a throwaway
    PostgreSQL database is dropped at the end of the run that made it).
    """
    marker = Path(workdir) / "profile-env.json"
    if marker.exists():
        return json.loads(marker.read_text()), None
    database = Database(workdir)
    env = production_env(workdir, database.url)
    prepare(env, argparse.Namespace(scale_options=""), scale=scale)
    collect_static(env)
    if database.kind == "SQLite":
        marker.write_text(json.dumps(env))
    return env, database


def setup_django(env):
    os.environ.update(env)
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.chdir(ROOT)
    from iceinfo.wsgi import application

    return application


def resolve_pages(names):
    from django.utils import translation

    from directorates.models import Directorate
    from facilities.models import DetentionFacility
    from iceinfo.models import Page

    pages = []
    for name in names:
        path = PAGES.get(name, name if name.startswith("/") else None)
        if name == "directorate" or name == "Arabic directorate":
            with translation.override("ar" if name.startswith("Arabic") else "en"):
                path = Directorate.objects.published().order_by("order").first().get_absolute_url()
        elif name == "content page":
            page = Page.objects.published().filter(parent__isnull=False).order_by("pk").first()
            path = page.get_absolute_url() if page else "/about-ice/"
        elif name == "facility page":  # as in run.py: the first by name
            path = DetentionFacility.objects.published().order_by("name").first().get_absolute_url()
        if path is None:
            sys.exit(f"unknown page {name!r}: one of {', '.join(PAGES)} or a path starting with /")
        pages.append((name, path))
    return pages


def wsgi_environ(path):
    """What gunicorn hands the app for ``wrk``'s request (GET, a Host header, nothing else)."""
    path_info, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote(path_info).encode("utf-8").decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def request(application, path):
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(line)

    result = application(wsgi_environ(path), start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return status[0], body


def count_queries(application, path):
    from django.db import connection

    queries = []

    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        request(application, path)
    return len(queries)


def measure(application, path, requests, rounds):
    """CPU ms per request (process_time) for each round."""
    per_round = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(requests):
            request(application, path)
        per_round.append((time.process_time() - start) * 1000 / requests)
    return per_round


def profile(application, name, path, requests, kind, top):
    if kind == "pyinstrument":
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(requests):
            request(application, path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        request(application, path)
    profiler.disable()
    print(f"\n=== {name} {path}: cProfile over {requests} requests")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


CALLGRIND_C = """
#include <valgrind/callgrind.h>
void iceinfo_start(void) { CALLGRIND_START_INSTRUMENTATION; }
void iceinfo_zero(void) { CALLGRIND_ZERO_STATS; }
void iceinfo_dump(void) { CALLGRIND_DUMP_STATS_AT("measured"); }
"""


def callgrind_controls(workdir):
    """ctypes handles on callgrind's client requests, compiled once into workdir (needs gcc, valgrind headers)."""
    import ctypes

    library = Path(workdir) / "callgrind_controls.so"
    if not library.exists():
        source = Path(workdir) / "callgrind_controls.c"
        source.write_text(CALLGRIND_C)
        subprocess.run(["gcc", "-O1", "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    return ctypes.CDLL(str(library))


def child_requests(application, args, path):
    """The body of an --instructions child (running under callgrind, not instrumented yet)."""
    controls = callgrind_controls(args.workdir)
    for _ in range(args.warmup):  # fills Django's caches; not instrumented, so fast
        request(application, path)
    controls.iceinfo_start()
    for _ in range(5):  # instrumented warm-up: the first instrumented requests set callgrind up
        request(application, path)
    controls.iceinfo_zero()
    for _ in range(args.requests):
        request(application, path)
    controls.iceinfo_dump()


def callgrind_instructions(args, path, requests):
    """Instructions executed per request over ``requests`` requests of ``path``, counted by callgrind."""
    callgrind_controls(args.workdir)  # compile before valgrind starts
    with tempfile.TemporaryDirectory(prefix="iceinfo-callgrind-") as tmp:
        out = Path(tmp) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
            sys.executable, __file__, "--child", "--workdir", args.workdir,
            "--warmup", str(args.warmup), "--requests", str(requests), "--page", path,
        ]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
        dumps = [f for f in Path(tmp).iterdir() if "measured" in f.read_text(errors="replace")[:4000]]
        if len(dumps) != 1:
            sys.exit(f"callgrind: expected one 'measured' dump, found {len(dumps)}")
        text = dumps[0].read_text(errors="replace")
    match = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M)
    return int(match.group(1)) / requests


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--page", action="append", help=f"page name ({', '.join(PAGES)}) or path; repeatable. "
                        "'all' for every page. Default: the pages of benchmarks/run.py")
    parser.add_argument("--requests", type=int, default=200, help="requests per round (default 200)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per page; the best and the median are shown")
    parser.add_argument("--warmup", type=int, default=20, help="requests before measuring (default 20)")
    parser.add_argument("--profile", choices=["cprofile", "pyinstrument"], help="then profile each page")
    parser.add_argument("--top", type=int, default=25, help="lines of the profile (default 25)")
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions per request with callgrind (slow: about 40 s per page)")
    parser.add_argument("--workdir", help="keep the prepared database and static files here and reuse them")
    parser.add_argument("--scale", action="store_true",
                        help="fill the database with manage.py generate_content first (as run.py --scale)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    names = args.page or DEFAULT_PAGES
    if names == ["all"]:
        names = list(PAGES)
    if args.instructions and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("--instructions needs the SQLite set-up: unset DATABASE_URL")
    keep = bool(args.workdir)
    args.workdir = args.workdir or tempfile.mkdtemp(prefix="iceinfo-profile-")
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    env, database = prepared_env(args.workdir, args.scale)
    application = setup_django(env)
    if args.child:
        child_requests(application, args, names[0])
        return
    try:
        report(application, names, args)
    finally:
        if database is not None:
            from django.db import connections

            connections.close_all()
            database.drop()
        if not keep:
            shutil.rmtree(args.workdir, ignore_errors=True)


def report(application, names, args):
    pages = resolve_pages(names)
    for name, path in pages:
        status, _body = request(application, path)
        if not status.startswith("200"):
            sys.exit(f"{name} {path}: {status}")

    print(f"{'page':22}{'path':38}{'queries':>8}{'cpu ms/req best':>17}{'median':>8}"
          + (f"{'instr/req (M)':>15}" if args.instructions else ""))
    for name, path in pages:
        for _ in range(args.warmup):
            request(application, path)
        queries = count_queries(application, path)
        rounds = measure(application, path, args.requests, args.rounds)
        line = f"{name:22}{path[:37]:38}{queries:8d}{min(rounds):17.2f}{statistics.median(rounds):8.2f}"
        if args.instructions:
            count = max(args.requests // 10, 10)
            log(f"callgrind {name}: {count} requests")
            line += f"{callgrind_instructions(args, path, count) / 1e6:15.2f}"
        print(line, flush=True)

    if args.profile:
        for name, path in pages:
            profile(application, name, path, args.requests, args.profile, args.top)


if __name__ == "__main__":
    main()
