"""How long a one-file edit of the demo portal takes to show in an open browser tab.

Copies the repository's demo site (content/, templates/, static/, parsite.yaml) into a
temporary folder, runs the real ``parsite serve --port 0`` on it, opens a story in
headless Chromium (Debian's, through Playwright) and, for each run, appends a new
sentence to that story's Markdown and times:

- save -> the live-reload event arrives on an event stream (rebuild done);
- save -> the new HTML is served over HTTP;
- save -> the new sentence is visible in the open tab (after its automatic reload).

Usage: ``python benchmarks/serve_latency.py [--runs 7] [--no-browser]``. Prints each run,
then the median and the spread (min-max) of each figure.
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Queue

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
STORY = Path("content/administrative-reform/hung-yen-up-10-ranks-par-2-ranks-sipas-2021.md")
_URL = re.compile(r"Serving .* at (http://127\.0\.0\.1:(\d+))/")
TIMEOUT_S = 30.0


def copy_demo(into: Path) -> Path:
    site = into / "site"
    for folder in ("content", "templates", "static"):
        shutil.copytree(REPO_ROOT / folder, site / folder)
    shutil.copy2(REPO_ROOT / "parsite.yaml", site / "parsite.yaml")
    return site


def start_server(site: Path, log: Path) -> tuple[subprocess.Popen[bytes], str, int]:
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "parindex_site", "serve", "--site", str(site), "--port", "0"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while not (found := _URL.search(log.read_text())):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"parsite serve did not start:\n{log.read_text()}")
        time.sleep(0.05)
    return proc, found.group(1), int(found.group(2))


def follow_events(port: int, arrivals: Queue[float]) -> None:
    """Put the arrival time of every build event after the first into ``arrivals``."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/__parsite/events")
    response = connection.getresponse()  # kept: its stream closes when it is collected
    seen = 0
    while line := response.fp.readline():
        if line.startswith(b"event: build"):
            seen += 1
            if seen > 1:
                arrivals.put(time.perf_counter())


def served_with(port: int, path: str, marker: str) -> float:
    """Poll ``path`` until its HTML holds ``marker``; the time it first did."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
        connection.request("GET", path)
        body = connection.getresponse().read().decode()
        connection.close()
        if marker in body:
            return time.perf_counter()
        time.sleep(0.005)
    raise SystemExit(f"{marker!r} never appeared in {path}")


def story_url(base: str, port: int) -> str:
    """The story's URL, found on its section page (slug rules stay the build's)."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/administrative-reform/")
    page = connection.getresponse().read().decode()
    match = re.search(r'href="(/[^"]*hung-yen-has-increased-by-10-ranks[^"]*)"', page)
    if match is None:
        raise SystemExit("the benchmark story is not linked from /administrative-reform/")
    return match.group(1)


def measure(runs: int, use_browser: bool) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"event": [], "html": [], "browser": []}
    with tempfile.TemporaryDirectory(prefix="parsite-bench-") as temp:
        site = copy_demo(Path(temp))
        proc, base, port = start_server(site, Path(temp) / "serve.log")
        try:
            path = story_url(base, port)
            arrivals: Queue[float] = Queue()
            threading.Thread(target=follow_events, args=(port, arrivals), daemon=True).start()
            with BrowserTab(base + path, use_browser) as tab:
                source = site / STORY
                for run in range(1, runs + 1):
                    marker = f"Benchmark sentence number {run}."
                    time.sleep(0.3)  # let the previous run's reload settle
                    saved = time.perf_counter()
                    source.write_text(source.read_text() + f"\n{marker}\n", encoding="utf-8")
                    html = served_with(port, path, marker) - saved
                    event = arrivals.get(timeout=TIMEOUT_S) - saved
                    shown = tab(marker) - saved if tab else float("nan")
                    figures["event"].append(event)
                    figures["html"].append(html)
                    figures["browser"].append(shown)
                    print(f"run {run}: event {event:.3f} s, html {html:.3f} s, tab {shown:.3f} s")
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=30)
    return figures


class BrowserTab:
    """A Chromium tab on ``url``; calling it waits for ``marker`` to show, returning when."""

    def __init__(self, url: str, use_browser: bool) -> None:
        self.url = url
        self.enabled = use_browser and CHROMIUM.is_file()

    def __enter__(self) -> BrowserTab | None:
        if not self.enabled:
            return None
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        self.page = self._browser.new_page()
        self.page.goto(self.url)
        return self

    def __call__(self, marker: str) -> float:
        self.page.wait_for_function(
            "m => document.body !== null && document.body.innerText.includes(m)",
            arg=marker,
            polling="raf",
            timeout=TIMEOUT_S * 1000,
        )
        return time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._browser.close()
            self._pw.stop()


def report(figures: dict[str, list[float]]) -> None:
    labels = {
        "event": "save -> reload event received",
        "html": "save -> new HTML served",
        "browser": "save -> visible in the open tab",
    }
    for key, label in labels.items():
        values = [v for v in figures[key] if v == v]  # NaN: no browser
        if not values:
            print(f"{label:34} (not measured)")
            continue
        median = statistics.median(values)
        print(
            f"{label:34} median {median * 1000:6.0f} ms   "
            f"spread {min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms   (n={len(values)})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="edits to time (>= 5; 7)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figure")
    args = parser.parse_args()
    figures = measure(max(args.runs, 5), not args.no_browser)
    stories = len(list((REPO_ROOT / "content").rglob("*.md")))
    print(f"\nparsite serve, demo portal ({stories} stories), one-file edit:")
    report(figures)


if __name__ == "__main__":
    main()
