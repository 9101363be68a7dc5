"""Assets: files published beside the pages (static files; later pictures and search)."""
