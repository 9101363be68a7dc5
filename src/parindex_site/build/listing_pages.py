"""The pages of one list (home, a section, a tag, a year or a month), for ``plan_pages``.

With ``pagination: newest`` (the default) page 1 is the newest stories, at the list's
own URL. With ``pagination: stable`` pages are numbered from the oldest story and the
newest page is the list's own URL (``render.views.StablePager``): a new story changes
the newest page's context, and the older pages' contexts -- so their keys and files --
stay as they were.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ..assets.pictures import page_pictures
from ..model.site import Listing, Site
from ..model.translations import PageLinks
from ..model.urls import paged_url
from ..render.pictures import PictureView
from ..render.views import PAGER_REACH, HomeSection, ListingView, Pager, StablePager
from .context import PageContext, PageSpec


def page_languages(links: PageLinks) -> dict[str, Any]:
    """A page's other languages: its translations (story pages, home, tags and archive
    indexes), their hreflang alternates and the language switch."""
    return {
        "translations": links.translations,
        "alternates": links.alternates,
        "languages": links.languages,
    }


def listing_pages(
    site: Site,
    listing: Listing,
    common: Mapping[str, Any],
    links: Mapping[str, PageLinks],
    views: Mapping[str, PictureView],
) -> list[PageSpec]:
    size = site.config.page_size
    count_each = site.config.home_section_count
    count = listing.page_count(size)
    template = "home.html" if listing.kind == "home" else "list.html"
    view = ListingView.of(listing)
    newest = listing.articles[0].modified if listing.articles else None
    site_url = site.config.site_url
    stable = site.config.pagination == "stable"
    # An older page of a stable list does not print the list's size: it would change
    # with every story added.
    quiet = dataclasses.replace(view, size=None) if stable else view
    pages = []
    for number in range(1, count + 1):
        pager = _stable_pager(listing, number, count, size) if stable else None
        if pager is None:
            url = paged_url(listing.url, number)
            items = listing.articles[(number - 1) * size : number * size]
            page: Pager | StablePager = Pager(number, count, items, url, listing.url)
        else:
            page, url, items = pager, pager.url, pager.articles
        front = page.front
        # The lead belongs to the front home page: no other page shows it.
        lead = site.lead if front and listing.kind == "home" else None
        found = links.get(url) if front and listing.kind == "home" else None
        blocks = (
            HomeSection.blocks(site.categories, count_each, lead)
            if front and listing.kind == "home"
            else ()
        )
        shown = (*items, *((lead,) if lead else ()), *(b.articles[0] for b in blocks))
        context = {
            **(page_languages(found) if found else {}),
            "page_url": url,
            "canonical": site_url + url,
            "listing": view if front else quiet,
            "page": page,
            "lead": lead,
            "pictures": page_pictures(views, shown, body=False),
            **({"home_sections": blocks} if listing.kind == "home" else {}),
        }
        pages.append(PageSpec(url, template, PageContext(common, context), listing, newest, True))
    return pages


def _stable_pager(listing: Listing, number: int, count: int, size: int) -> StablePager:
    """Page ``number`` counted from the oldest: the stories from the ``(number - 1) *
    size``-th oldest on, newest first; the newest page holds the rest."""
    total = len(listing.articles)
    start = max(0, total - number * size)
    items = listing.articles[start : total - (number - 1) * size]
    newest = count if count - number <= PAGER_REACH + 1 else 0
    url = paged_url(listing.url, number, count)
    return StablePager(number, newest, items, url, listing.url)
