"""``python -m parindex_site`` runs the ``parsite`` command."""

from .cli import run

run()
