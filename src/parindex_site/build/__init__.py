"""Building: the pipeline, the registry of outputs, keys, sinks, cache and workers."""
