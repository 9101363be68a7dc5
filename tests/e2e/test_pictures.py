"""Story pictures get resized WebP and JPEG variants, printed with srcset, sizes and their size."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageCms
from search_harness import fragments

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo(width: int, height: int, orientation: int = 1, gps: bool = False, **save: Any) -> bytes:
    """A JPEG camera original: a gradient (so it does not compress to nothing), with the
    EXIF a phone writes: an orientation, a camera model and a GPS position."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x0110] = "Phone X"  # the camera model
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (21.0, 0.0, 0.0), 3: "E", 4: (105.0, 0.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif, **save)
    return out.getvalue()


def story(article: Callable[..., str], image: str, body: str = "Text.", **fields: Any) -> str:
    return article(image=image, image_alt="A hall", body=body, **fields)


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory,
    write_tree: Callable[..., Path],
    article: Callable[..., str],
    run_parsite: Callable[..., Any],
) -> Path:
    root = tmp_path_factory.mktemp("pictures")
    write_tree(
        root,
        {
            "content/news/big.md": story(article, "/images/big.jpg", title="Big", featured=True),
            "content/news/turned.md": story(
                article, "/images/turned.jpg", title="Turned", date="2022-05-24"
            ),
            "content/images/big.jpg": photo(4000, 3000, gps=True),
            "content/images/turned.jpg": photo(600, 400, orientation=6),
        },
    )
    code, out, err = run_parsite("build", cwd=root)
    assert code == 0, out + err
    return root


def variants(public: Path, stem: str) -> dict[str, tuple[int, int]]:
    return {p.name: Image.open(p).size for p in sorted((public / "images").glob(f"{stem}-*"))}


def test_a_camera_photo_gets_webp_and_jpeg_variants_of_each_width(site: Path) -> None:
    assert variants(site / "public", "big") == {
        f"big-{w}w.{ext}": (w, w * 3 // 4)
        for w in (400, 800, 1200, 1600)
        for ext in ("jpg", "webp")
    }
    assert Image.open(site / "public/images/big-400w.webp").format == "WEBP"
    assert Image.open(site / "public/images/big-400w.jpg").format == "JPEG"


def test_srcset_sizes_width_and_height_match_the_files(
    site: Path, parse_html: Callable[..., Any]
) -> None:
    page = parse_html((site / "public/news/big/index.html").read_bytes())
    figure = page.find("article", class_="story").find("figure")
    source, img = figure.find("source"), figure.find("img")
    assert source.attrs["type"] == "image/webp"
    for srcset, ext in ((source.attrs["srcset"], "webp"), (img.attrs["srcset"], "jpg")):
        for candidate in srcset.split(", "):
            url, width = candidate.split()
            assert url.endswith(f".{ext}")
            assert Image.open(site / "public" / url.lstrip("/")).width == int(width[:-1])
    assert img.attrs["sizes"] and img.attrs["sizes"] == source.attrs["sizes"]
    assert (img.attrs["width"], img.attrs["height"]) == ("1600", "1200")
    assert img.attrs["fetchpriority"] == "high" and "loading" not in img.attrs
    assert Image.open(site / "public" / img.attrs["src"].lstrip("/")).size == (1600, 1200)


def test_list_thumbnails_are_lazy_and_social_cards_get_the_1200_px_jpeg(
    site: Path, parse_html: Callable[..., Any]
) -> None:
    home = parse_html((site / "public/index.html").read_bytes())
    thumb = home.find("a", class_="thumb").find("img")
    assert thumb.attrs["loading"] == "lazy" and thumb.attrs["decoding"] == "async"
    assert thumb.attrs["srcset"].startswith("/images/turned-400w.jpg 400w")
    story_page = parse_html((site / "public/news/big/index.html").read_bytes())
    og = story_page.find("meta", property="og:image").attrs["content"]
    assert og.endswith("/images/big-1200w.jpg")


def test_exif_orientation_is_applied_and_location_and_camera_are_removed(site: Path) -> None:
    # Stored 600x400 with "turn 90 degrees": shown 400 wide, 600 tall.
    assert variants(site / "public", "turned") == {
        "turned-400w.jpg": (400, 600),
        "turned-400w.webp": (400, 600),
    }
    for name in ("big-1600w.jpg", "big-400w.webp", "turned-400w.jpg"):
        with Image.open(site / "public/images" / name) as image:
            exif = image.getexif()
            assert GPS_IFD not in exif and 0x0110 not in exif and ORIENTATION not in exif
            assert "exif" not in image.info


def test_a_second_build_encodes_nothing_and_keeps_every_variant(
    site: Path, run_parsite: Callable[..., Any]
) -> None:
    cached = {p: p.stat().st_mtime_ns for p in (site / ".parsite-cache/pictures").rglob("*.*")}
    public = {p: p.stat().st_ino for p in (site / "public/images").iterdir()}
    code, out, err = run_parsite("build", cwd=site)
    assert code == 0, out + err
    assert {p: p.stat().st_mtime_ns for p in (site / ".parsite-cache/pictures").rglob("*.*")} == (
        cached
    )
    assert {p: p.stat().st_ino for p in (site / "public/images").iterdir()} == public


def test_the_same_pictures_give_the_same_bytes_cold_and_in_parallel(
    site: Path, run_parsite: Callable[..., Any], snapshot: Callable[[Path], dict[str, bytes]]
) -> None:
    out = site.parent / "again"
    code, _, err = run_parsite("build", "--no-cache", "--jobs", "2", "--output", out, cwd=site)
    assert code == 0, err
    assert snapshot(out) == snapshot(site / "public")


def test_a_removed_picture_takes_its_variants_with_it(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    files = {
        "content/a.md": story(article, "/images/a.jpg"),
        "content/images/a.jpg": photo(900, 600),
    }
    public = build_tree(tmp_path, files)
    assert (public / "images/a-800w.webp").is_file()
    os.remove(tmp_path / "content/images/a.jpg")
    build_tree(tmp_path, {"content/a.md": story(article, "")})
    assert not list(public.rglob("*.webp")) and not list(public.rglob("*.jpg"))
    assert not list((tmp_path / ".parsite-cache/pictures").rglob("*.webp"))


def test_a_picture_narrower_than_every_width_gets_one_variant_of_its_own_width(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    files = {
        "content/a.md": story(article, "/images/a.jpg"),
        "content/images/a.jpg": photo(300, 200),
        "parsite.yaml": "picture_widths: [400, 800]\n",
    }
    public = build_tree(tmp_path, files)
    assert variants(public, "a") == {"a-300w.jpg": (300, 200), "a-300w.webp": (300, 200)}


def test_a_colour_profile_is_converted_to_srgb_and_not_published(
    tmp_path: Path, build_tree: Callable[..., Path], article: Callable[..., str]
) -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    files = {
        "content/a.md": story(article, "/images/a.jpg"),
        "content/images/a.jpg": photo(500, 300, icc_profile=profile),
    }
    public = build_tree(tmp_path, files)
    with Image.open(public / "images/a-400w.jpg") as image:
        assert "icc_profile" not in image.info


def test_animated_gifs_and_svgs_are_published_untouched(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[..., Any],
) -> None:
    frames = [Image.new("P", (50, 40), colour) for colour in (1, 2)]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    files = {
        "content/a.md": story(article, "/images/a.gif", title="A"),
        "content/b.md": story(article, "/images/b.svg", title="B"),
        "content/images/a.gif": gif.getvalue(),
        "content/images/b.svg": svg,
    }
    public = build_tree(tmp_path, files)
    assert sorted(p.name for p in (public / "images").iterdir()) == ["a.gif", "b.svg"]
    assert (public / "images/a.gif").read_bytes() == gif.getvalue()
    page = parse_html((public / "news/a/index.html").read_bytes())
    assert page.find("article", class_="story").find("img").attrs["src"] == "/images/a.gif"


def test_large_originals_omit_publishes_the_variants_of_a_camera_photo_only(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Callable[..., str],
    run_parsite: Callable[..., Any],
    parse_html: Callable[..., Any],
) -> None:
    files = {
        "content/news/big.md": story(article, "/images/big.jpg", title="Big"),
        "content/news/small.md": story(article, "/images/small.jpg", title="Small"),
        "content/images/big.jpg": photo(2600, 1000),  # wider than 2,500 px
        "content/images/small.jpg": photo(900, 600),
        "parsite.yaml": "large_originals: omit\n",
    }
    write_tree(tmp_path, files)
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 0, out + err
    assert "and the original is not published (large_originals)" in err
    public = tmp_path / "public"
    assert not (public / "images/big.jpg").exists()
    assert (public / "images/big-1600w.jpg").is_file() and (public / "images/small.jpg").is_file()
    page = parse_html((public / "news/big/index.html").read_bytes())
    shown = {page.find("article", class_="story").find("img").attrs["src"]}
    shown |= {m.attrs["content"] for m in page.find_all("meta", property="og:image")}
    assert all("/images/big-" in url for url in shown)
    images = {r["url"]: r["meta"].get("image") for r in fragments(public / "pagefind")}
    assert images["/news/big/"] == "/images/big-400w.jpg"  # the smallest copy, published
    assert (public / "images/big-400w.jpg").is_file()
    # Published again once the option is taken back.
    (tmp_path / "parsite.yaml").write_text("large_originals: publish\n", encoding="utf-8")
    code, out, err = run_parsite("build", cwd=tmp_path)
    assert code == 0 and "the original is published too" in err
    assert (public / "images/big.jpg").read_bytes() == files["content/images/big.jpg"]


def test_json_ld_names_the_1200_px_variant_as_the_story_picture(
    site: Path, parse_html: Callable[..., Any]
) -> None:
    page = parse_html((site / "public/news/big/index.html").read_bytes())
    data = json.loads(page.find("script", type="application/ld+json").text)
    assert [url.rsplit("/", 2)[-2:] for url in data["image"]] == [["images", "big-1200w.jpg"]]
