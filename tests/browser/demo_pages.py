"""The demo portal's pages that the browser tests open, by kind, and the viewport sizes."""

from __future__ import annotations

ARTICLE = (
    "/administrative-reform/"
    "hung-yen-has-increased-by-10-ranks-in-the-par-index-and-2-ranks-in-the-sipas-index-in-2021/"
)
PAGES = {
    "home": "/",
    "article": ARTICLE,
    "category": "/administrative-reform/",
    "tag": "/tags/par-index/",
    "404": "/no-such-page/",
}
MISSING = r"/no-such-page/$"  # the URL that answers 404 with the site's 404.html
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
