"""Serving many users at once: the worker pool and its jobs, results computed once per server
(SharedCache) and kept per session (KeptResult), MNIST arrays shared on disk, a refused run."""
