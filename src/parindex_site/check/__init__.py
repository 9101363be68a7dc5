"""Checks over built pages: internal links, images and anchors."""
