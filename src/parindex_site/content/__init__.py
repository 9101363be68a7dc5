"""Reading sources: front matter, dates, slugs, Markdown, into ``Article`` models."""
