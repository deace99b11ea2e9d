"""Varnish in front of gunicorn, and traffic that is not content (issue 17), on 127.0.0.1.

    .venv/bin/python bench/perf.py --database-url postgres://postgres@127.0.0.1:5432/hub_bench \
        --resources 10000 --workshops 100 --skip-wrk        # fills the database once
    .venv/bin/python bench/cdn_bench.py --database-url postgres://postgres@127.0.0.1:5432/hub_bench

On a database filled by bench/perf.py (it is not changed, apart from one toolkit's title and
the bench's registrations), it prints, with the commands that produced them:

1. **Throughput of a resource page**, uncached (gunicorn, 2 workers, ``PAGE_CACHE_SECONDS=0``:
   every request rendered) against Varnish-cached (deploy/varnish/hub.vcl in front of the same
   gunicorn), with ``wrk -t2 -c16 -d10s --latency``, and ``/bench/ping/`` as the ceiling.
2. **Publish-to-visible latency through Varnish**: the bench publishes a new title of that page
   (``save_revision().publish()``, which purges Varnish on commit) ``--publishes`` times; for
   each, the time from the call until a GET through Varnish shows the new title, and how long
   ``publish()`` itself took.
3. **Content is not traffic**: home, library and the resource page under wrk with the hub's
   page cache on, without and then with 20 registrations per second posted to an upcoming
   workshop at the same time (``--registrations-per-second``), and the content generation
   before and after (a registration must not replace it, or every cached page is flushed).

Needs wrk and varnishd (Debian packages; .ci/system-deps installs both). The page cache is a
file cache in var/bench-cdn/ shared by gunicorn and this process; the registrations' emails
wait in the job queue (no worker runs).
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.perf import free_port, log, run_gunicorn, setup_django, wrk  # noqa: E402

VARNISHD = shutil.which("varnishd", path=os.environ.get("PATH", "") + ":/usr/sbin")


def start_varnish(workdir, port, backend_port):
    vcl = (ROOT / "deploy" / "varnish" / "hub.vcl").read_text()
    vcl = re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', vcl, count=1)
    path = workdir / f"hub-{backend_port}.vcl"
    path.write_text(vcl)
    command = [
        VARNISHD, "-F", "-j", "none", "-a", f"127.0.0.1:{port}", "-T", "none",
        "-f", str(path), "-n", str(workdir / f"varnish-{port}"), "-s", "malloc,128m",
        "-p", "ban_lurker_sleep=0.01",
    ]  # fmt: skip
    log_file = open(workdir / f"varnish-{port}.log", "w")  # noqa: SIM115 - closed by stop()
    proc = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 - loopback
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.2)
    return proc, log_file, base, " ".join(command)


def stop(proc, log_file):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log_file.close()


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def print_wrk(name, result):
    log(
        f"{name:<34} {result['rps']:>8.1f} req/s  p50 {result['p50']:>7.2f} ms  "
        f"p99 {result['p99']:>7.2f} ms  non-2xx {result['errors']}   [{result['command']}]"
    )


# 1 and 2: Varnish ----------------------------------------------------------------------------


def varnish_figures(args, workdir, page, varnish_port):
    proc, log_file, base, server = run_gunicorn(args, workdir, 0, args.cache_url)
    vproc, vlog, varnish, vcommand = start_varnish(workdir, varnish_port, base.rsplit(":", 1)[1])
    log(f"\n## 1. A resource page, uncached and through Varnish ({page.url})")
    log(f"server: CDN_CACHE_SECONDS=300 {server}")
    log(f"varnish: {vcommand}")
    results = {}
    try:
        get(varnish + page.url)
        status, headers, _body = get(varnish + page.url)
        log(f"through Varnish: {status}, X-Cache {headers.get('X-Cache')}, "
            f"Cache-Control {headers.get('Cache-Control')}")  # fmt: skip
        for name, url in (
            ("ping (trivial cached view)", base + "/bench/ping/"),
            ("resource, uncached (gunicorn)", base + page.url),
            ("resource, Varnish-cached", varnish + page.url),
        ):
            results[name] = wrk(url, args.duration, args.connections)
            print_wrk(name, results[name])
        publish_latency(args, page, varnish)
    finally:
        stop(vproc, vlog)
        stop(proc, log_file)
    return results


def publish_latency(args, page, varnish):
    log(f"\n## 2. Publish-to-visible latency through Varnish ({args.publishes} publishes)")
    visible, publishing = [], []
    original = page.title_en
    try:
        for number in range(1, args.publishes + 1):
            get(varnish + page.url)  # in Varnish before the change
            title = f"{original} (edition {number})"
            page.title_en = title
            started = time.perf_counter()
            page.save_revision().publish()
            publishing.append((time.perf_counter() - started) * 1000)
            while title not in get(varnish + page.url)[2]:
                if time.perf_counter() - started > 30:
                    raise RuntimeError("the new title did not show through Varnish in 30 s")
                time.sleep(0.002)
            visible.append((time.perf_counter() - started) * 1000)
    finally:
        page.title_en = original
        page.save_revision().publish()
    log(
        f"publish() to visible through Varnish: median {statistics.median(visible):.0f} ms, "
        f"max {max(visible):.0f} ms; of which publish() itself (save, index job queued, purge "
        f"on commit): median {statistics.median(publishing):.0f} ms"
    )
    log("each (ms): " + ", ".join(f"{v:.0f}" for v in visible))


# 3. Content is not traffic -------------------------------------------------------------------


class Registrations(threading.Thread):
    """Posts registrations to ``path`` at ``rate`` per second until stopped."""

    def __init__(self, base, path, rate):
        super().__init__(daemon=True)
        self.base, self.path, self.rate = base, path, rate
        self.halt = threading.Event()
        self.sent = self.received = 0
        self.statuses = {}
        status, headers, body = get(base + path)
        self.cookie = SimpleCookie(headers.get("Set-Cookie", ""))["csrftoken"].value
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]

    def post(self, number):
        data = {
            "csrfmiddlewaretoken": self.token,
            "name": f"Bench visitor {number}",
            "email": f"bench{number}.{time.time_ns()}@example.org",
            "organisation": "Bench council",
            "country": "France",
            "language": "en",
            "needs": "",
            "consent_privacy": "on",
            "website": "",
        }
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.base + self.path,
            data=urlencode(data).encode(),
            headers={"Cookie": f"csrftoken={self.cookie}", "Referer": self.base + self.path},
        )
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def run(self):
        from concurrent.futures import ThreadPoolExecutor

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=8) as pool:
            while not self.halt.is_set():
                due = started + self.sent / self.rate
                time.sleep(max(0.0, due - time.perf_counter()))
                pool.submit(self.post, self.sent)
                self.sent += 1


class Sampler(threading.Thread):
    """GETs ``url`` every half second and counts how often the hub's page cache answered."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.halt, self.answers = url, threading.Event(), []

    def run(self):
        while not self.halt.wait(0.5):
            self.answers.append(get(self.url)[1].get("X-Hub-Cache", "-"))

    def summary(self):
        hits = sum(1 for answer in self.answers if answer.upper().startswith("HIT"))
        return f"{hits} of {len(self.answers)}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def traffic_figures(args, workdir, pages, workshop):
    from hub.caching import current_generation

    proc, log_file, base, server = run_gunicorn(args, workdir, 300, args.cache_url)
    log("\n## 3. Content is not traffic: the page cache on, without and with registrations")
    log(f"server: {server}")
    log(f"registrations to: {workshop.url} ({args.registrations_per_second}/s)")
    rows = []
    try:
        for _label, url in pages:
            get(base + url)
        before = current_generation()
        for label, url in pages:
            quiet = wrk(base + url, args.duration, args.connections)
            posting = Registrations(base, workshop.url, args.registrations_per_second)
            posting.start()
            sampler = Sampler(base + url)
            sampler.start()
            busy = wrk(base + url, args.duration, args.connections)
            posting.halt.set()
            sampler.halt.set()
            posting.join()
            sampler.join()
            rows.append((label, quiet, busy, posting, sampler))
        after = current_generation()
    finally:
        stop(proc, log_file)
    for label, quiet, busy, posting, sampler in rows:
        print_wrk(f"{label}, no registrations", quiet)
        print_wrk(f"{label}, {args.registrations_per_second} registrations/s", busy)
        log(
            f"{'':<34} registrations sent {posting.sent}, answers {posting.statuses}; "
            f"the page sampled meanwhile, from the hub's page cache: {sampler.summary()}"
        )
    log(
        "content generation unchanged by the registrations: "
        + ("yes" if before == after else f"NO ({before} -> {after})")
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a database filled by perf.py")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per figure")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--publishes", type=int, default=10)
    parser.add_argument("--registrations-per-second", type=float, default=20.0)
    parser.add_argument("--search-backend", default="")
    parser.add_argument("--skip-varnish", action="store_true", help="only part 3")
    args = parser.parse_args()
    for tool, found in (("wrk", shutil.which("wrk")), ("varnishd", VARNISHD)):
        if not found:
            sys.exit(f"{tool} not found: install it (.ci/system-deps)")
    workdir = ROOT / "var" / "bench-cdn"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    args.cache_url = f"file://{workdir / 'page-cache'}"
    varnish_port = free_port()
    # This process publishes (and purges Varnish) and reads the content generation like a node.
    os.environ.update(
        CACHE_URL=args.cache_url,
        CDN_CACHE_SECONDS="300",
        FRONTEND_CACHE_URL=f"http://127.0.0.1:{varnish_port}",
        BENCH_NO_RATE_LIMITS="1",
    )
    log(f"# Varnish and traffic benchmark ({time.strftime('%Y-%m-%d %H:%M')}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")  # fmt: skip
    log(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    setup_django(args, ROOT / "var" / "bench")
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    from django.db import connections
    from django.utils import timezone

    from hub.models import ResourcePage
    from toolkits.models import ToolkitPage
    from workshops.models import WorkshopPage

    page = (
        ToolkitPage.objects.live().filter(slug_en="faster-food-vouchers").first()
        or ToolkitPage.objects.live().first()
    )
    workshop = WorkshopPage.objects.live().filter(start__gt=timezone.now()).first()
    # Room for every registration the bench sends (an update: no signal, no generation change).
    WorkshopPage.objects.filter(pk=workshop.pk).update(capacity=1_000_000)
    log(f"library: {ResourcePage.objects.count()} resources")
    connections.close_all()
    if not args.skip_varnish:
        varnish_figures(args, ROOT / "var" / "bench-cdn", page, varnish_port)
    connections.close_all()
    pages = [("home", "/en/"), ("library", "/en/library/"), ("resource", page.url)]
    traffic_figures(args, workdir, pages, workshop)
    log(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
