"""``parsite serve`` end to end: the real command on --port 0, talked to over HTTP."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from serve_harness import Served, wait_for

STORY = "content/news/hello.md"
STORY_URL = "/news/hello-world/"
LIVE_SCRIPT = b'<script src="/__parsite/live.js"'
OVERLAY = b'id="parsite-overlay"'


@pytest.fixture
def site(tmp_path: Path, write_tree: Callable[..., Path], article: Callable[..., str]) -> Path:
    return write_tree(
        tmp_path / "site",
        {
            STORY: article(title="Hello world", body="First version of the story."),
            "content/news/plan.md": article(title="Secret plan", body="Not yet.", draft=True),
        },
    )


@pytest.fixture
def served(site: Path) -> Iterator[Served]:
    with Served(site) as server:
        yield server


def test_serves_the_built_site_with_the_reload_script(served: Served) -> None:
    page = served.get(STORY_URL)
    assert page.status == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert b"First version of the story." in page.body
    assert page.body.count(LIVE_SCRIPT) == 1
    assert page.body.index(LIVE_SCRIPT) < page.body.rindex(b"</body>")
    script = served.get("/__parsite/live.js")
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert b"EventSource" in script.body


def test_content_types_carry_a_charset_for_text(served: Served) -> None:
    assert served.get("/css/style.css").headers["content-type"] == "text/css; charset=utf-8"
    assert served.get("/atom.xml").headers["content-type"] == "application/xml; charset=utf-8"
    assert served.get("/favicon.svg").headers["content-type"] == "image/svg+xml; charset=utf-8"


def test_folder_without_slash_redirects_and_missing_page_gets_404_html(served: Served) -> None:
    moved = served.get("/news/hello-world?x=1")
    assert moved.status == 301
    assert moved.headers["location"] == "/news/hello-world/?x=1"
    missing = served.get("/news/no-such-story/")
    assert missing.status == 404
    assert b"Page not found" in missing.body
    assert LIVE_SCRIPT in missing.body


def test_drafts_are_hidden_unless_asked_for(served: Served, site: Path) -> None:
    assert served.get("/news/secret-plan/").status == 404
    with Served(site, "--drafts") as preview:
        draft = preview.get("/news/secret-plan/")
        assert draft.status == 200
        assert b'class="draft-banner"' in draft.body


def test_no_reload_serves_pages_as_built(site: Path) -> None:
    with Served(site, "--no-reload") as server:
        page = server.get(STORY_URL)
        assert page.status == 200
        assert b"__parsite" not in page.body
        assert server.get("/__parsite/events").status == 404


def test_open_hands_the_url_to_the_browser(site: Path, tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    fake_browser = tmp_path / "fake_browser.py"
    fake_browser.write_text(f"import sys; open({str(opened)!r}, 'w').write(sys.argv[1])\n")
    browser = f"{sys.executable} {fake_browser} %s"
    with Served(site, "--open", env={"BROWSER": browser}) as server:
        assert wait_for(lambda: opened.is_file() and opened.read_text(), "the browser") == (
            server.url + "/"
        )


def test_saved_edit_is_served_and_announced(
    served: Served, site: Path, article: Callable[..., str]
) -> None:
    with EventStream(served.port) as events:
        first = events.next_state()
        assert first["problems"] == []
        (site / STORY).write_text(article(title="Hello world", body="Second version, edited."))
        page = wait_for(lambda: _served_with(served, b"Second version, edited."), "the edit")
        assert LIVE_SCRIPT in page
        assert events.next_state()["build"] == first["build"] + 1
    assert not (site / "public").exists()


def test_broken_front_matter_shows_overlay_and_keeps_last_good_site(
    served: Served, site: Path, article: Callable[..., str]
) -> None:
    (site / STORY).write_text("---\ntitle: Hello world\ndate: 2022-05-25\ntags: [a, b\n---\nX\n")
    page = wait_for(lambda: _served_with(served, OVERLAY), "the error overlay")
    assert b"First version of the story." in page
    assert b"content/news/hello.md:" in page
    assert b"invalid YAML" in page
    assert served.proc.poll() is None
    (site / STORY).write_text(article(title="Hello world", body="Fixed again."))
    # The new page is on disk a moment before the build is announced as good: wait for both.
    fixed = wait_for(lambda: _served_with(served, b"Fixed again.", OVERLAY), "the fixed page")
    assert LIVE_SCRIPT in fixed
    stopped = served.stop()
    assert "invalid YAML" in stopped.err


def test_first_build_failing_still_serves_the_error_until_fixed(site: Path) -> None:
    (site / "parsite.yaml").write_text("title: Portal\ntitel: typo\n", encoding="utf-8")
    with Served(site) as server:
        page = server.get("/")
        assert page.status == 404
        assert b"No build yet" in page.body and OVERLAY in page.body
        assert b"<code>parsite.yaml:2</code> unknown key" in page.body
        (site / "parsite.yaml").write_text("title: Portal\n", encoding="utf-8")
        home = wait_for(lambda: _served_with(server, b"Hello world", OVERLAY, "/"), "the site")
        assert b"No build yet" not in home


def test_build_output_never_contains_the_reload_script(
    site: Path, run_parsite: Callable[..., Any]
) -> None:
    assert run_parsite("build", "--site", site, cwd=site).code == 0
    built = [p for p in (site / "public").rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in built)
    assert not [p for p in built if b"__parsite" in p.read_bytes()]


def test_traversal_probes_get_nothing_from_outside(
    tmp_path: Path, write_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    secret = write_tree(tmp_path / "outside", {"secret.txt": "TOP-SECRET"})
    site = write_tree(tmp_path / "site", {STORY: article(title="Hello world")})
    (site / "static").mkdir()
    (site / "static" / "etc").symlink_to("/etc")
    (site / "static" / "outside").symlink_to(secret)
    (site / "static" / "secret.txt").symlink_to(secret / "secret.txt")
    probes = [
        "/../outside/secret.txt",
        "/../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2f..%2fetc/passwd",
        "//etc/passwd",
        "/etc/passwd",
        "/etc/hostname",
        "/outside/secret.txt",
        "/secret.txt",
        "/news/%00/passwd",
        "/%c0%ae%c0%ae/etc/passwd",
    ]
    with Served(site) as server:
        for probe in probes:
            answer = server.get(probe)
            assert answer.status in (400, 404), probe
            assert b"root:" not in answer.body and b"TOP-SECRET" not in answer.body, probe


def test_twenty_concurrent_clients_get_every_answer_right(served: Served) -> None:
    expected = {
        STORY_URL: (200, b"First version of the story."),
        "/": (200, b"Hello world"),
        "/css/style.css": (200, b"{"),
        "/news/hello-world": (301, b""),
        "/nothing-here": (404, b"Page not found"),
    }
    paths = list(expected) * 200

    def check(path: str) -> bool:
        status, marker = expected[path]
        answer = served.get(path)
        return answer.status == status and marker in answer.body

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(check, paths))
    assert len(results) == 1000
    assert results.count(False) == 0


def test_sigint_stops_cleanly_and_removes_the_temporary_folder(site: Path, tmp_path: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    server = Served(site, env={"TMPDIR": str(temp)})
    assert served_folders(temp), "serve builds into a folder below TMPDIR"
    with EventStream(server.port):  # an open event stream must not hold the exit up
        stopped = server.stop(signal.SIGINT)
    assert stopped.code in (0, 130)
    assert "Traceback" not in stopped.err
    assert served_folders(temp) == []


def test_sigterm_also_removes_the_temporary_folder(site: Path, tmp_path: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    stopped = Served(site, env={"TMPDIR": str(temp)}).stop(signal.SIGTERM)
    assert "Traceback" not in stopped.err
    assert served_folders(temp) == []


def test_port_in_use_is_a_clear_error(site: Path, run_parsite: Callable[..., Any]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_parsite("serve", "--site", site, "--port", str(port), cwd=site)
    assert run.code == 1
    assert f"127.0.0.1:{port}: the port is already in use" in run.err


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_impossible_port_is_a_usage_error(
    site: Path, run_parsite: Callable[..., Any], port: str
) -> None:
    run = run_parsite("serve", "--site", site, f"--port={port}", cwd=site)
    assert run.code == 2
    assert "is not a port number (0 to 65535)" in run.err


def served_folders(temp: Path) -> list[str]:
    return sorted(p.name for p in temp.iterdir()) if temp.is_dir() else []


def _served_with(
    served: Served, marker: bytes, without: bytes = b"\0", path: str = STORY_URL
) -> bytes | None:
    """The page at ``path`` once it is served (200) with ``marker`` and without ``without``."""
    answer = served.get(path)
    wanted = answer.status == 200 and marker in answer.body and without not in answer.body
    return answer.body if wanted else None


class EventStream:
    """A live-reload event stream, read as a browser's EventSource would."""

    def __init__(self, port: int) -> None:
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self._connection.request("GET", "/__parsite/events")
        self._response = self._connection.getresponse()
        assert self._response.status == 200
        assert self._response.headers["content-type"].startswith("text/event-stream")

    def next_state(self) -> dict[str, Any]:
        """The data of the next ``build`` event."""
        event = ""
        while True:
            line = self._response.fp.readline().decode()
            assert line, "the event stream ended"
            if line.startswith("event: "):
                event = line.removeprefix("event: ").strip()
            elif line.startswith("data: ") and event == "build":
                state: dict[str, Any] = json.loads(line.removeprefix("data: "))
                return state

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self._connection.close()


def test_serve_previews_both_editions_each_with_its_own_404(
    tmp_path: Path, write_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    site = write_tree(
        tmp_path / "bilingual",
        {
            "parsite.yaml": "languages:\n  vi: {}\n  en: {}\n",
            "content/tin-tuc/tin-a.md": article(title="Tin A", translation_key="a"),
            "content/en/news/story-a.md": article(title="Story A", translation_key="a"),
        },
    )
    with Served(site) as served:
        vi = served.get("/tin-tuc/tin-a/")
        assert vi.status == 200
        assert b"<h1>Tin A</h1>" in vi.body and b'href="/en/news/story-a/"' in vi.body
        en = served.get("/en/news/story-a/")
        assert en.status == 200
        assert b"<h1>Story A</h1>" in en.body and b'href="/tin-tuc/tin-a/"' in en.body
        assert LIVE_SCRIPT in en.body
        missing = served.get("/en/no-such-story/")
        assert missing.status == 404
        assert b"Page not found" in missing.body
        assert "Không tìm thấy trang".encode() in served.get("/no-such-story/").body
