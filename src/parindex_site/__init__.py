"""parsite: a static news-portal generator.

Markdown stories with YAML front matter in ``content/`` become a complete static portal
through Jinja templates. The pipeline is read -> model -> site -> render -> write; see
``build.build`` for the whole sequence.
"""

__version__ = "0.1.0"
