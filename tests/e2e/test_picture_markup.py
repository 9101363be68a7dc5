"""Body pictures: captioned figures with the same responsive markup; picture warnings."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def gif(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("P", (width, height)).save(out, "GIF")
    return out.getvalue()


def test_a_body_picture_with_a_title_is_a_captioned_responsive_figure(
    tmp_path: Path,
    build_tree: Callable[..., Path],
    article: Callable[..., str],
    parse_html: Callable[..., Any],
) -> None:
    body = 'Text.\n\n![Delegates in the hall](/images/hall.jpg "At the conference")\n'
    public = build_tree(
        tmp_path,
        {
            "content/a.md": article(title="A", body=body),
            "content/images/hall.jpg": jpeg(1000, 500),
        },
    )
    page = parse_html((public / "news/a/index.html").read_bytes())
    figure = page.find("div", class_="body").find("figure")
    assert figure.find("figcaption").text == "At the conference"
    img = figure.find("picture").find("img")
    assert img.attrs["alt"] == "Delegates in the hall" and "title" not in img.attrs
    assert (img.attrs["width"], img.attrs["height"]) == ("1000", "500")
    assert img.attrs["loading"] == "lazy" and img.attrs["decoding"] == "async"
    assert img.attrs["srcset"].split(", ")[-1] == "/images/hall-1000w.jpg 1000w"
    webp = figure.find("source", type="image/webp").attrs["srcset"]
    assert webp == "/images/hall-400w.webp 400w, /images/hall-800w.webp 800w, " + (
        "/images/hall-1000w.webp 1000w"
    )


def test_picture_warnings_name_file_and_line(
    tmp_path: Path,
    write_tree: Callable[..., Path],
    article: Callable[..., str],
    run_parsite: Callable[..., Any],
) -> None:
    body = "Text.\n\n![](/images/small.jpg)\n\n![Map](/images/none.png)\n"
    write_tree(
        tmp_path,
        {
            "content/a.md": article(title="A", body=body),
            "content/b.md": article(title="B", image="/files/report.pdf", image_alt="x"),
            "content/c.md": article(title="C", image="/images/wide.jpg", image_alt="x"),
            "content/d.md": article(title="D", image="/images/wide.gif", image_alt="x"),
            "content/images/small.jpg": jpeg(100, 50),
            "content/images/wide.jpg": jpeg(2600, 100),
            "content/images/wide.gif": gif(2600, 10),
            "content/files/report.pdf": b"%PDF-1.4\n",
        },
    )
    code, _, err = run_parsite("build", cwd=tmp_path)
    assert code == 0, err
    assert "content/a.md:8: the picture /images/small.jpg has no alt text" in err
    assert "content/a.md:10: the picture /images/none.png points at no file" in err
    assert "content/b.md:4: image /files/report.pdf is not a picture" in err
    assert (
        "content/c.md:4: image /images/wide.jpg is 2600 px wide, over 2500 px "
        "(it is resized for readers, but the original is published too"
    ) in err
    assert (
        "content/d.md:4: image /images/wide.gif is 2600 px wide, over 2500 px "
        "(it is published as it is, not resized"
    ) in err
    code, _, err = run_parsite("build", "--strict", cwd=tmp_path)
    assert code == 1 and "has no alt text" in err and "[an error with --strict]" in err
