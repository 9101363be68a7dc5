"""The demo portal's pages that the browser tests open, by kind, and the viewport sizes.

The demo is bilingual: the Vietnamese edition at ``/``, the English one (the seed page's)
under ``/en/``. Every kind is opened in both; a name ending in ``-vi`` is Vietnamese."""

from __future__ import annotations

ARTICLE = (
    "/en/administrative-reform/"
    "hung-yen-has-increased-by-10-ranks-in-the-par-index-and-2-ranks-in-the-sipas-index-in-2021/"
)
ARTICLE_VI = (
    "/cai-cach-hanh-chinh/hung-yen-tang-10-bac-chi-so-par-index-va-2-bac-chi-so-sipas-nam-2021/"
)
PAGES = {
    "home": "/en/",
    "article": ARTICLE,
    "category": "/en/administrative-reform/",
    "tag": "/en/tags/par-index/",
    "404": "/en/no-such-page/",
    "home-vi": "/",
    "article-vi": ARTICLE_VI,
    "category-vi": "/cai-cach-hanh-chinh/",
    "tag-vi": "/tags/chi-so-par/",
    "404-vi": "/no-such-page/",
}
MISSING = r"/no-such-page/$"  # the URL that answers 404 with the edition's 404.html
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def is_missing(name: str) -> bool:
    """Whether the page of ``name`` is a 404 page (in either edition)."""
    return name.split("-")[0] == "404"
