"""What a request spends reading the content version (iceinfo.serving.cache), for asserted query counts."""


def version_read():
    """1 with a process-local cache (``make run``, the tests' default: every process reads the version
    row once per request), 0 with Redis once its copy of the version is warm."""
    from iceinfo.serving import cache

    return int(cache._local_cache())
