"""Rendering: the Jinja environment, the template contract, SEO data and feeds."""
