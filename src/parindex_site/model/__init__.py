"""The site model: what is published, in which lists, under which URLs."""
