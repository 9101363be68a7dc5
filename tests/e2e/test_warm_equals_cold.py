"""Generative: after any sequence of edits, a warm build equals a cold one, byte for byte.

A small random portal (stories in a few sections, tags, aliases, drafts, a small
``page_size``, static files and a site ``base.html`` that prints many of the values each
template is given) is edited step by step at random: bodies, titles, dates, tags,
categories, drafts, editors' weights, deletions, renames, additions, aliases, the config
(``list_order`` too), the template,
static files, story pictures (added, redrawn, deleted, given to a story or taken
away), and a same-size version of a story copied over with its old mtime kept
(as ``cp -p`` does). After each step the warm build (cache on, same output folder,
sometimes ``--jobs 2``) must write exactly what a cold build (``--no-cache --jobs 1``)
writes into a fresh folder. At one random step per run the inputs are left to settle
first and the warm build runs twice: the second must be a replay, and still equal.
A fresh seed each run, printed in every message; ``PARSITE_SEED`` replays one.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from engine_harness import (
    cache_listing,
    differences,
    fresh_seed,
    leftovers,
    output_in,
    replace_tree,
)
from PIL import Image

from parindex_site.build.cache import RACY_NS

REPO_ROOT = Path(__file__).resolve().parents[2]
REPLAYED = "no input changed since the last build"
RUNS = 3  # independent sequences, each with its own seed
STEPS = 7  # edit steps per sequence (each: one warm and one cold build)
SECTIONS = ("news", "economy", "society", "culture")
CATEGORIES = ("News", "Economy", "World")  # written as 'category:' lines
TAGS = ("PAR Index", "PAR index", "SIPAS", "Hưng Yên", "Digital transformation", "COVID-19")
WORDS = ("province", "council", "investment", "road", "school", "harvest", "vaccine", "forum")

# Printed in the footer of every page: what each template is given (guarded, since a
# template that asks for a name it is not given fails the build).
PROBE = (
    '<p class="probe" data-version="VERSION">nav {{ nav|length }}:'
    "{% for s in nav %} {{ s.title }}={{ s.url }}{% endfor %}"
    " | url {{ page_url }} | canonical {{ canonical }}"
    " | config {{ config.title }} {{ config.page_size }}"
    "{% if page is defined %} | page {{ page.number }}/{{ page.count }} {{ page.front }}"
    " ({{ page.articles|length }}){% endif %}"
    "{% if listing is defined %} | listing {{ listing.kind }} {{ listing.title }}"
    " {{ listing.url }} {{ listing.size }}{% endif %}"
    "{% if lead is defined and lead %} | lead {{ lead.title }}{% endif %}"
    "{% if related is defined %} | related {{ related|length }}{% endif %}"
    "{% if article is defined %} | article {{ article.title }}{% endif %}"
    "EXTRA</p>\n"
)


def probed_base(version: int, extra: str = "") -> str:
    """The theme's ``base.html``, read from the repository now, with the probe line."""
    theme = (REPO_ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert "</footer>" in theme, "the theme's base.html has no </footer> to probe before"
    probe = PROBE.replace("VERSION", str(version)).replace("EXTRA", extra)
    return theme.replace("</footer>", probe + "</footer>", 1)


@dataclass
class Story:
    number: int
    section: str
    name: str  # file name without .md
    title: str
    date: str
    body: str
    tags: list[str]
    aliases: list[str] = field(default_factory=list)
    draft: bool = False
    slug: str | None = None
    category: str | None = None
    english: bool = False  # in the English edition of a bilingual portal (content/en/)
    image: str | None = None
    weight: int | None = None  # the editors' rank within its day (#14)


class Portal:
    """The site being edited: its stories, config, template and static files."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.count = 0  # stories ever made: numbers, names and aliases stay unique
        self.sections = list(SECTIONS[: rng.randint(2, 4)])
        self.stories: list[Story] = []
        self.config: dict[str, str | int] = {
            "title": "Warm Portal",
            "page_size": 3,
            "latest_count": 4,
            "related_count": 2,
        }
        # Half the runs number lists from their oldest story (``pagination: stable``).
        if rng.random() < 0.5:
            self.config["pagination"] = "stable"
        self.mtime_kept: list[str] = []  # files the next tree keeps the old mtime of
        self.template: int | None = 1  # probe version; None: no site template
        self.extra = ""
        self.static: dict[str, str | bytes] = {"static/files/notice.txt": "Opening hours.\n"}
        # Half the runs build a Vietnamese and English portal: two editions in one list.
        self.bilingual = rng.random() < 0.5
        if self.bilingual:
            self.config["languages"] = '{vi: {date_format: "%d/%m/%Y"}, en: {}}'
        for _ in range(rng.randint(10, 25)):
            self.add()
        self.stories[0].aliases.append(f"/old/{self.stories[0].number}-0/")

    # ------------------------------------------------------------------ the tree

    def files(self, article: Callable[..., str]) -> dict[str, str | bytes]:
        config = "".join(f"{key}: {value}\n" for key, value in self.config.items())
        files: dict[str, str | bytes] = {"parsite.yaml": config, **self.static}
        if self.template is not None:
            files["templates/base.html"] = probed_base(self.template, self.extra)
        for story in self.stories:
            edition = "en/" if story.english else ""
            files[f"content/{edition}{story.section}/{story.name}.md"] = article(
                title=story.title,
                date=story.date,
                body=story.body,
                tags=story.tags or None,
                aliases=story.aliases or None,
                draft=True if story.draft else None,
                slug=story.slug,
                category=story.category,
                image=story.image,
                image_alt="A picture" if story.image else None,
                weight=story.weight,
            )
        return files

    # ------------------------------------------------------------------ edits

    def step(self) -> list[str]:
        """One to three random edits; what they were, for the failure message."""
        return [self.edit() for _ in range(self.rng.choice((1, 1, 2, 3)))]

    def edit(self) -> str:
        choices = [self.edit_story] * 6 + [self.edit_category, self.delete, self.add]
        choices += [self.add_alias, self.remove_alias, self.edit_config, self.edit_template]
        choices += [self.edit_static, self.edit_picture, self.edit_picture, self.nothing]
        if self.bilingual:
            choices += [self.move_edition]
        return self.rng.choice(choices)()

    def pick(self) -> Story:
        return self.rng.choice(self.stories)

    def text(self, words: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(words)).capitalize()

    def add(self) -> str:
        number = self.count = self.count + 1
        story = Story(
            number=number,
            section=self.rng.choice(self.sections),
            name=f"story-{number}",
            title=f"Story {number} {self.text(2)}",
            date=self._date(),
            body=f"{self.text(8)}.\n\n{self.text(12)}.",
            tags=self.rng.sample(TAGS, self.rng.randint(0, 2)),
        )
        if self.rng.random() < 0.15:
            story.slug = f"fixed-{number}"
        story.english = self.bilingual and self.rng.random() < 0.5
        self.stories.append(story)
        return f"add story {number} in {story.section}"

    def _date(self) -> str:
        day, hour = self.rng.randint(1, 28), self.rng.randint(0, 23)
        minute = self.rng.choice((0, 15, 30, 45))
        return f"2021-{self.rng.randint(1, 12):02d}-{day:02d} {hour:02d}:{minute:02d}"

    def edit_story(self) -> str:
        """Its body, title, date, tags, draft flag or file name."""
        story = self.pick()
        what = self.rng.choice(("body", "title", "date", "tags", "draft", "file", "copy", "weight"))
        if what == "weight":  # ranked, on the day of another story half of the time
            story.weight = self.rng.choice((None, 1, 2, 3))
            if self.rng.random() < 0.5:
                day = self.pick().date[:10]
                story.date = f"{day} {self.rng.randint(0, 23):02d}:{self.rng.choice((5, 50)):02d}"
        elif what == "body":
            story.body += f"\n\n{self.text(6)}."
        elif what == "copy":  # a same-size version copied over, its old mtime kept (cp -p)
            story.body = story.body.swapcase()
            self.mtime_kept.append(f"content/{story.section}/{story.name}.md")
        elif what == "title":
            story.title = f"Story {story.number} {self.text(3)}"
        elif what == "date":
            story.date = self._date()
        elif what == "tags":
            story.tags = self.rng.sample(TAGS, self.rng.randint(0, 3))
        elif what == "draft":
            story.draft = not story.draft
        else:
            story.name = f"{story.name}-renamed"
        shown = {"body": "edited", "copy": "copied over, mtime kept", "file": f"{story.name}.md"}
        return f"{what} of story {story.number}: {shown.get(what) or getattr(story, what)!r}"

    def edit_category(self) -> str:
        story = self.pick()
        if self.rng.random() < 0.5:
            story.section = self.rng.choice(self.sections)
            return f"story {story.number} moved to content/{story.section}/"
        story.category = None if story.category else self.rng.choice(CATEGORIES)
        return f"category of story {story.number}: {story.category}"

    def delete(self) -> str:
        if len(self.stories) <= 4:
            return self.add()
        story = self.pick()
        self.stories.remove(story)
        return f"delete story {story.number}"

    def add_alias(self) -> str:
        story = self.pick()
        story.aliases.append(f"/old/{story.number}-{len(story.aliases) + 1}/")
        return f"alias of story {story.number}: {story.aliases[-1]}"

    def remove_alias(self) -> str:
        with_alias = [s for s in self.stories if s.aliases]
        if not with_alias:
            return self.add_alias()
        story = self.rng.choice(with_alias)
        gone = story.aliases.pop()
        return f"story {story.number} drops alias {gone}"

    def move_edition(self) -> str:
        story = self.pick()
        story.english = not story.english
        return f"story {story.number} moves to the {'en' if story.english else 'vi'} edition"

    def edit_config(self) -> str:
        keys = (
            "title",
            "page_size",
            "latest_count",
            "related_count",
            "list_order",
            "pagination",
            "search",
        )
        key = self.rng.choice(keys)
        if key == "list_order":
            self.config[key] = self.rng.choice(("newest", "day_then_weight"))
        elif key == "pagination":
            stable = self.config.get("pagination") == "stable"
            self.config["pagination"] = "newest" if stable else "stable"
        elif key == "title":
            self.config["title"] = f"Portal {self.text(1)} {self.rng.randint(1, 99)}"
        elif key == "search":  # the index and search pages come and go
            self.config["search"] = "false" if self.config.get("search") != "false" else "true"
        else:
            self.config[key] = self.rng.randint(1 if key == "related_count" else 2, 5)
        return f"config {key}: {self.config[key]}"

    def edit_template(self) -> str:
        roll = self.rng.random()
        if self.template is None or roll < 0.5:
            self.template = self.count + self.rng.randint(1, 1000)
        elif roll < 0.75:
            self.extra = "" if self.extra else " | length {{ page_url|length }}"
        else:
            self.template = None
        return f"site template: version {self.template}, extra {self.extra!r}"

    def edit_static(self) -> str:
        roll = self.rng.random()
        name = f"static/files/file-{self.rng.randint(1, 3)}.txt"
        if roll < 0.3:
            self.static[name] = f"{self.text(4)}\n"
            return f"static {name} written"
        if roll < 0.5 and name in self.static:
            del self.static[name]
            return f"static {name} deleted"
        if roll < 0.75:
            css = "static/css/style.css"  # overrides the theme's: deleting it brings it back
            if css in self.static:
                del self.static[css]
                return "site stylesheet removed (theme's again)"
            self.static[css] = f"body {{ color: #{self.rng.randrange(16**6):06x}; }}\n"
            return "site stylesheet written"
        self.static["static/files/notice.txt"] = f"{self.text(5)}.\n".encode()
        return "static notice changed"

    def edit_picture(self) -> str:
        roll = self.rng.random()
        name = f"content/images/p-{self.rng.randint(1, 3)}.jpg"
        if roll < 0.35:
            width = self.rng.choice((300, 500, 900))
            colour = tuple(self.rng.randrange(256) for _ in range(3))
            out = io.BytesIO()
            Image.new("RGB", (width, width * 2 // 3), colour).save(out, "JPEG")
            self.static[name] = out.getvalue()
            return f"picture {name} drawn {width} px wide"
        if roll < 0.5 and name in self.static:
            del self.static[name]
            return f"picture {name} deleted"
        story = self.pick()
        if roll < 0.85:
            story.image = "/" + name.removeprefix("content/")
            return f"story {story.number} shows {story.image}"
        story.image = None
        return f"story {story.number} shows no picture"

    def nothing(self) -> str:
        return "no change"


def write_keeping_mtimes(site: Path, files: dict[str, str | bytes], kept: list[str]) -> None:
    """``replace_tree``, with the files in ``kept`` given back the mtime they had.

    A later edit of the same step may have renamed or removed a kept file: only the files
    both trees hold keep their mtime.
    """
    mtimes = {
        name: (site / name).stat().st_mtime_ns
        for name in kept
        if name in files and (site / name).is_file()
    }
    replace_tree(site, files)
    for name, mtime in mtimes.items():
        os.utime(site / name, ns=(mtime, mtime))


def build_ok(run_parsite: Any, site: Path, *args: str | Path, why: str) -> str:
    code, out, err = run_parsite("build", *args, cwd=site)
    assert code == 0, f"{why}: exit {code}\n{out}\n{err}"
    return str(out)


def rendered_changes(before: dict[str, bytes], after: dict[str, bytes]) -> int:
    """Pages (HTML and XML) that are new or different: the render work a step makes."""
    pages = (p for p in after if p.endswith((".html", ".xml")))
    return sum(1 for path in pages if before.get(path) != after[path])


def cold_build(run_parsite: Any, site: Path, output: Path, snapshot: Any, why: str) -> Any:
    """The reference; it must leave the cache exactly as it was."""
    cache = cache_listing(site)
    build_ok(run_parsite, site, "--no-cache", "--jobs", "1", "--output", output, why=why)
    assert cache_listing(site) == cache, f"--no-cache changed the cache\n{why}"
    expected = snapshot(output)
    shutil.rmtree(output.parent)
    return expected


@pytest.mark.parametrize("run", range(RUNS))
def test_a_warm_build_after_random_edits_equals_a_cold_build(
    run: int, tmp_path: Path, run_parsite: Any, article: Any, snapshot: Any
) -> None:
    seed = fresh_seed()
    rng = random.Random(seed)
    portal = Portal(rng)
    site, warm = tmp_path / "site", output_in(tmp_path / "warm")
    history = [f"seed {seed} (PARSITE_SEED={seed}), run {run}"]
    previous: dict[str, bytes] = {}
    settled = rng.randint(1, STEPS)
    for step in range(STEPS + 1):
        edits = portal.step() if step else ["the initial tree"]
        forked = rng.random() < 0.5  # --jobs 2 in a random half of the warm builds
        history.append(f"step {step}{' (--jobs 2)' if forked else ''}: " + "; ".join(edits))
        write_keeping_mtimes(site, portal.files(article), portal.mtime_kept)
        portal.mtime_kept.clear()
        if step == settled:  # the inputs settle: this build records a replay
            history[-1] += " (settled, then built twice)"
            time.sleep(RACY_NS / 1e9 + 0.2)
        context = "\n".join(history)
        warm_args = ("--verbose", *(("--jobs", "2") if forked else ()), "--output", warm)
        out = build_ok(run_parsite, site, *warm_args, why=f"warm build\n{context}")
        if step == settled:
            out = build_ok(run_parsite, site, *warm_args, why=f"replayed build\n{context}")
            assert REPLAYED in out, f"no replay of a settled, unchanged site:\n{out}\n{context}"
        cold = output_in(tmp_path / f"cold-{step}")
        expected = cold_build(run_parsite, site, cold, snapshot, f"cold build\n{context}")
        wrong = differences(snapshot(warm), expected)
        shown = " ".join(str(a) for a in warm_args[:-2])
        assert not wrong, f"warm ({shown}) != cold:\n" + "\n".join([*wrong, context])
        assert leftovers(warm) == [], f"beside the output: {leftovers(warm)}\n{context}"
        if forked and step != settled and rendered_changes(previous, expected) >= 2:
            assert "in 2 processes" in out, f"--jobs 2 did not fork:\n{out}\n{context}"
        previous = expected


def test_templates_are_given_no_site_object(
    tmp_path: Path, build_tree: Any, article: Any, snapshot: Any
) -> None:
    """Explicit values only: a ``site`` that reaches everything would let a page depend
    on what its incremental key does not cover."""
    leak = " | {% if site is defined %}SITE OBJECT GIVEN{% endif %}"
    public = build_tree(
        tmp_path,
        {
            "content/news/a.md": article(title="A", tags=["PAR Index"], aliases=["/old/a/"]),
            "content/society/b.md": article(title="B", date="2022-05-01"),
            "templates/base.html": probed_base(1, leak),
        },
    )
    pages = snapshot(public)
    leaking = sorted(path for path, data in pages.items() if b"SITE OBJECT GIVEN" in data)
    assert leaking == []
    probed = sorted(path for path, data in pages.items() if b'class="probe"' in data)
    assert "news/a/index.html" in probed and "index.html" in probed, probed
