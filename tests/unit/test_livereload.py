"""Live reload pieces: the injected snippet, the overlay, errors as problems, the state hub."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from parindex_site.errors import (
    BuildFailed,
    ConfigError,
    ContentError,
    FrontMatterError,
    TemplateError,
)
from parindex_site.preview.livereload import (
    Broadcaster,
    BuildState,
    Problem,
    inject,
    overlay_html,
    problems_of,
    stream_event,
)

PAGE = b"<!DOCTYPE html><html><body><p>Hello</p></body>\n</html>\n"


def test_script_goes_before_the_last_closing_body_tag() -> None:
    page = b"<body><pre>&lt;/body&gt;</pre><p>x</p></BODY >"
    injected = inject(page, BuildState(build=3))
    assert injected.endswith(b'<script src="/__parsite/live.js" data-build="3"></script>\n</BODY >')
    assert injected.startswith(page[: -len(b"</BODY >")])


def test_page_without_body_tag_gets_the_script_at_the_end() -> None:
    assert inject(b"<p>fragment", BuildState(1)).startswith(b"<p>fragment<script ")


def test_overlay_is_added_only_while_the_last_build_failed() -> None:
    problem = Problem("content/news/a.md", 4, "invalid YAML <here>")
    failed = inject(PAGE, BuildState(2, (problem,)))
    assert b'id="parsite-overlay"' in failed
    assert b"<code>content/news/a.md:4</code> invalid YAML &lt;here&gt;" in failed
    assert b"parsite-overlay" not in inject(PAGE, BuildState(2))
    assert overlay_html(()) == ""


def test_build_failed_becomes_one_problem_per_error() -> None:
    error = BuildFailed(
        [
            FrontMatterError(Path("content/a.md"), "invalid YAML in front matter", line=5),
            ContentError(Path("content/b.md"), "not UTF-8"),
        ]
    )
    assert problems_of(error) == (
        Problem("content/a.md", 5, "invalid YAML in front matter"),
        Problem("content/b.md", None, "not UTF-8"),
    )


def test_template_error_names_template_and_line() -> None:
    error = TemplateError("article.html", 12, "unexpected '}'", page="/news/a/")
    (problem,) = problems_of(error)
    assert problem.location == "article.html:12"
    assert problem.message == "unexpected '}' (while rendering /news/a/)"


def test_config_error_location_is_read_from_its_message() -> None:
    error = ConfigError("parsite.yaml:2: unknown key 'titel' (did you mean 'title'?)")
    assert problems_of(error) == (
        Problem("parsite.yaml", 2, "unknown key 'titel' (did you mean 'title'?)"),
    )
    (whole,) = problems_of(ConfigError("the default theme is missing"))
    assert whole == Problem("", None, "the default theme is missing")
    assert "<li>the default theme is missing</li>" in overlay_html((whole,))


def test_event_is_one_data_line_of_json_with_the_overlay() -> None:
    state = BuildState(7, (Problem("parsite.yaml", 2, "unknown key 'titel'\nsecond line"),))
    event = stream_event(state).decode()
    assert event.startswith("event: build\ndata: ") and event.endswith("\n\n")
    assert event.count("\n") == 3
    data = json.loads(event.split("data: ", 1)[1])
    assert data["build"] == 7
    assert data["problems"] == [
        {"location": "parsite.yaml:2", "message": "unknown key 'titel'\nsecond line"}
    ]
    assert "unknown key &#x27;titel&#x27;" in data["overlay"]


def test_success_counts_builds_and_failure_keeps_the_count() -> None:
    builds = Broadcaster()
    assert builds.state == BuildState(0)
    assert builds.succeeded() == BuildState(1)
    failed = builds.failed((Problem("a.md", 1, "bad"),))
    assert failed.build == 1 and failed.problems
    assert builds.succeeded() == BuildState(2)


def test_waiting_stream_wakes_on_a_new_state_and_on_close() -> None:
    builds = Broadcaster()
    seen = builds.state
    assert builds.wait(seen, timeout=0.01) is seen  # nothing new: the same state back
    got: list[BuildState | None] = []
    waiter = threading.Thread(target=lambda: got.append(builds.wait(seen, timeout=30)))
    waiter.start()
    builds.succeeded()
    waiter.join(timeout=30)
    assert got == [BuildState(1)]
    closer = threading.Thread(target=lambda: got.append(builds.wait(builds.state, timeout=30)))
    closer.start()
    builds.close()
    closer.join(timeout=30)
    assert got == [BuildState(1), None]
