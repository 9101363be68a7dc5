"""parsite.yaml: defaults, every key validated with its line, all problems at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from parindex_site.config import SiteConfig, load_config, parse_config
from parindex_site.errors import BuildFailed, ConfigError, SiteError

SITE = Path("site")


def error(text: str) -> str:
    with pytest.raises(SiteError) as caught:
        parse_config(text, SITE)
    return str(caught.value)


def test_an_empty_file_means_the_defaults() -> None:
    config = parse_config("", SITE)
    assert config == SiteConfig(site_dir=SITE)
    assert (config.timezone, config.latest_count, config.page_size) == ("Asia/Ho_Chi_Minh", 8, 10)
    assert (config.language, config.article_url, config.am_pm) == (
        "en",
        "/{category}/{slug}/",
        ("SA", "CH"),
    )
    assert config.content_dir == SITE / "content"
    assert config.templates_dir == SITE / "templates"


def test_values_are_read_and_frozen() -> None:
    config = parse_config(
        "title: Hung Yen Portal\nbase_url: https://portal.example\nlatest_count: 5\n"
        "am_pm: [AM, PM]\nextra: {phone: '0221'}\narticle_url: /{year}/{month}/{slug}/\n",
        SITE,
    )
    assert config.title == "Hung Yen Portal"
    assert config.base_url == "https://portal.example/"
    assert config.site_url == "https://portal.example"
    assert config.latest_count == 5
    assert config.am_pm == ("AM", "PM")
    assert config.extra["phone"] == "0221"
    assert config.article_url == "/{year}/{month}/{slug}/"
    with pytest.raises(TypeError):
        config.extra["phone"] = "x"  # type: ignore[index]
    with pytest.raises(AttributeError):
        config.title = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("titel: x\n", "parsite.yaml:1: unknown key 'titel' (did you mean 'title'?)"),
        (
            "a: 1\nlatest: 3\n",
            "parsite.yaml:2: unknown key 'latest' (did you mean 'latest_count'?)",
        ),
        ("zzz: 1\n", "unknown key 'zzz' (known keys: title, base_url,"),
        ("page_size: ten\n", ":1: 'page_size' must be a whole number, not 'ten'"),
        ("page_size: true\n", "'page_size' must be a whole number, not True"),
        ("page_size: 0\n", "'page_size' must be at least 1"),
        ("latest_title_length: 5\n", "'latest_title_length' must be at least 10"),
        ("title: [a]\n", "'title' must be text, not ['a'] (quote it)"),
        ("timezone: Mars/Base\n", "unknown timezone 'Mars/Base' (use an IANA name"),
        ("timezone: ../../etc\n", "unknown timezone '../../etc'"),
        ("base_url: ftp://x/\n", "'base_url' must start with http:// or https://"),
        ("article_url: news/{slug}/\n", "'article_url' must start and end with '/'"),
        ("article_url: /{category}/\n", "'article_url' must contain {slug}"),
        ("article_url: /{cat}/{slug}/\n", "'article_url' has an unknown field 'cat'"),
        ("large_originals: drop\n", "'large_originals' must be publish or omit, not 'drop'"),
        ("am_pm: SA\n", "'am_pm' must be a list of two strings, e.g. [SA, CH]"),
        ("extra: [1]\n", "'extra' must be a mapping of key: value"),
        ("date_format: '%d %Q'\n", "'date_format' unsupported date code %Q"),
        ("datetime_format: '%c'\n", "'datetime_format' unsupported date code %c"),
        ("title: a\n  b: c\n", "parsite.yaml:2: invalid YAML"),
        ("- a\n", "parsite.yaml: expected 'key: value' lines, found list"),
        ("extra: {d: !!float abc}\n", "parsite.yaml:1: 'abc' is not a number"),
    ],
)
def test_config_errors_name_the_key_and_how_to_fix_it(text: str, message: str) -> None:
    assert message in error(text)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(BuildFailed) as caught:
        parse_config("titel: x\npage_size: 0\ntitle: ok\ntimezone: Nowhere\n", SITE)
    assert [str(e).split(":")[1] for e in caught.value.errors] == ["1", "2", "4"]


def test_load_config_without_a_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == SiteConfig(site_dir=tmp_path)


def test_load_config_reads_utf8_with_bom(tmp_path: Path) -> None:
    (tmp_path / "parsite.yaml").write_bytes("\ufefftitle: Cổng thông tin\n".encode())
    assert load_config(tmp_path).title == "Cổng thông tin"


def test_load_config_refuses_non_utf8(tmp_path: Path) -> None:
    (tmp_path / "parsite.yaml").write_bytes(b"title: C\xf4ng\n")  # Latin-1
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        load_config(tmp_path)
