"""The search index's pure parts: folding, story text, partitions, Pagefind's CBOR files."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from pathlib import Path

import pytest

from parindex_site.assets.pagefind_files import SIGNATURE, decode, encode, make_reproducible
from parindex_site.assets.search_records import PART_SIZE, body_text, fold, partition_names
from parindex_site.build.search_store import RECORD, _intact
from parindex_site.content.models import Article, Term


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký", "Dăng ký"),
        ("ĐĂNG KÝ đường", "DĂNG KÝ dường"),
        ("Hưng Yên", "Hưng Yên"),  # tones are Pagefind's to fold
        ("", ""),
    ],
)
def test_fold_writes_d_for_đ_letter_for_letter(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert len(fold(text)) == len(text)
    assert fold(text).split(" ") == [fold(w) for w in text.split(" ")]


def test_body_text_keeps_words_whole_and_blocks_apart() -> None:
    html = (
        "<p>Đ<em>ăng</em> ký&nbsp;kinh doanh</p><p>Hai<br>ba</p>"
        '<script>var a = "<p>x</p>";</script><!-- a note --><ul><li>một</li>'
        '<li>hai &amp; <a href="/x/">ba</a></li></ul><figure><img alt="A" src="a.jpg">'
        "<figcaption>Ảnh</figcaption></figure>"
    )
    assert body_text(html) == "Đăng ký kinh doanh Hai ba một hai & ba Ảnh"


@pytest.mark.parametrize(
    "value",
    [0, 23, 24, 255, 256, 65_536, 2**32, -1, -500, "", "đang9", b"\x00\x01", [], [1, [2, "x"]]],
)
def test_cbor_round_trips_in_the_shortest_form(value: object) -> None:
    data = encode(value)
    assert decode(data) == (value, len(data))
    assert encode(decode(data)[0]) == data


def test_cbor_lengths_are_the_shortest_form() -> None:
    assert encode(23) == b"\x17"
    assert encode(24) == b"\x18\x18"
    assert encode(256) == b"\x19\x01\x00"
    assert encode("a" * 24)[:2] == b"\x78\x18"


def _pagefind_file(path: Path, value: object) -> str:
    body = encode(value)
    path.write_bytes(gzip.compress(SIGNATURE + body))
    return hashlib.sha1(body).hexdigest()


def _bundle(root: Path, order: list[int]) -> Path:
    """A bundle as Pagefind writes it, its filter values and filters in ``order``."""
    values = [["a", [1, 4]], ["c", [2]], ["b", [0, 3]]]
    (root / "filter").mkdir(parents=True)
    files = []
    for name, vals in (("section", values), ("year", [["2021", [0]], ["2022", [1]]])):
        shuffled = [vals[i % len(vals)] for i in order[: len(vals)]]
        digest = _pagefind_file(root / "filter/tmp.pf_filter", [name, shuffled])[:7]
        (root / "filter/tmp.pf_filter").rename(root / f"filter/vi_{digest}.pf_filter")
        files.append([name, f"vi_{digest}"])
    if order[0]:
        files.reverse()
    meta = ["1.5.2", [["vi_p", 1]], [["0", "a", "vi_i"]], files, [["date", [0, 1]]], ["title"]]
    digest = _pagefind_file(root / "m.pf_meta", meta)[:10]
    (root / "m.pf_meta").rename(root / f"pagefind.vi_{digest}.pf_meta")
    entry = {"version": "1.5.2", "languages": {"vi": {"hash": f"vi_{digest}", "page_count": 2}}}
    (root / "pagefind-entry.json").write_text(json.dumps(entry))
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.*"))}


def test_filters_in_any_order_give_the_same_bytes_and_consistent_names(tmp_path: Path) -> None:
    one, two = _bundle(tmp_path / "one", [0, 1, 2]), _bundle(tmp_path / "two", [1, 2, 0])
    assert _files(one) != _files(two)  # as Pagefind left them
    first, second = make_reproducible_copy(one), make_reproducible_copy(two)
    assert first == second
    entry = json.loads(first["pagefind-entry.json"])
    meta_name = f"pagefind.{entry['languages']['vi']['hash']}.pf_meta"
    meta, _ = decode(gzip.decompress(first[meta_name]), len(SIGNATURE))
    assert [name for name, _ in meta[3]] == ["section", "year"]
    for name, file in meta[3]:  # each reference names a file that is there
        data = gzip.decompress(first[f"filter/{file}.pf_filter"])
        value, _ = decode(data, len(SIGNATURE))
        assert value[0] == name
        assert [v[0] for v in value[1]] == sorted(v[0] for v in value[1])
        assert file == "vi_" + hashlib.sha1(data[len(SIGNATURE) :]).hexdigest()[:7]


def make_reproducible_copy(root: Path) -> dict[str, bytes]:
    make_reproducible(root)
    return _files(root)


def _story(stamp: str) -> Article:
    return Article(
        source="content/a.md",
        title="A",
        published=dt.datetime.fromisoformat(stamp + "T08:00:00+07:00"),
        slug="a",
        category=Term("news", "News"),
        body_html="",
        summary="",
    )


def test_a_year_is_one_part_until_it_fills_then_quarters_then_months() -> None:
    small = [_story("2021-02-01"), _story("2022-11-30")]
    assert partition_names(small) == ["2021", "2022"]
    # 2023: more than a part's worth, but no quarter over it; 2024: one quarter over it.
    many = [_story(f"2023-{1 + n % 12:02d}-01") for n in range(PART_SIZE + 1)]
    crowded = [_story(f"2024-0{1 + n % 2}-01") for n in range(PART_SIZE + 1)]
    names = partition_names([*many, *crowded, *small])
    assert set(names[: len(many)]) == {"2023-q1", "2023-q2", "2023-q3", "2023-q4"}
    assert names[: len(many)][:3] == ["2023-q1", "2023-q1", "2023-q1"]
    assert set(names[len(many) : -2]) == {"2024-01", "2024-02"}
    assert names[-2:] == ["2021", "2022"]


def _part(folder: Path, names: dict[str, bytes]) -> None:
    for name, data in names.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    stats = {}
    for name in names:
        info = (folder / name).stat()
        stats[name] = [info.st_size, info.st_mtime_ns, info.st_ino]
    (folder / RECORD).write_text(json.dumps(stats), encoding="utf-8")


def test_a_part_is_intact_while_its_recorded_files_are_as_written(tmp_path: Path) -> None:
    _part(tmp_path, {"pagefind-entry.json": b"{}", "fragment/a.pf_fragment": b"abc"})
    assert _intact(tmp_path) == ["fragment/a.pf_fragment", "pagefind-entry.json"]
    (tmp_path / "stray.txt").write_bytes(b"not named by the record: not published")
    assert _intact(tmp_path) == ["fragment/a.pf_fragment", "pagefind-entry.json"]
    (tmp_path / "fragment/a.pf_fragment").write_bytes(b"ab")
    assert _intact(tmp_path) is None


@pytest.mark.parametrize("name", ["{outside}", "../outside", "a/../../outside", ".hidden"])
def test_a_record_naming_a_file_outside_its_part_is_not_trusted(tmp_path: Path, name: str) -> None:
    """Even with the stat the file really has: a damaged or foreign cache could
    otherwise publish any file of the machine."""
    outside = tmp_path / "outside"
    outside.write_bytes(b"secret")
    part = tmp_path / "part"
    (part / "a").mkdir(parents=True)
    (part / ".hidden").write_bytes(b"x")
    name = name.format(outside=outside)
    info = (part / name).stat()
    stats = {name: [info.st_size, info.st_mtime_ns, info.st_ino]}
    (part / RECORD).write_text(json.dumps(stats), encoding="utf-8")
    assert _intact(part) is None
