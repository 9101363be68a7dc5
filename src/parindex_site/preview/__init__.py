"""`parsite serve`: HTTP, file watching and live reload around a rebuild callable."""
