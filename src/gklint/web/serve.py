"""Starting the service: ``gklint web [--host 127.0.0.1] [--port 8080]`` (``gklint.cli.main``)."""

from __future__ import annotations

import sys

from gklint.config import Config
from gklint.web.texts import text

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
REQUIRED = ("starlette", "uvicorn", "python_multipart")


def missing_module() -> str | None:
    """The first module of the ``web`` extra that is not installed, if any."""
    import importlib.util

    for module in REQUIRED:
        try:
            if importlib.util.find_spec(module) is None:
                return module
        except ImportError:
            return module
    return None


def serve(config: Config, host: str, port: int, limits, suffixes: tuple[str, ...], legacy: bool) -> None:
    """Serve until interrupted. Anything but a local address gets the no-authentication warning."""
    import uvicorn

    from gklint.web.app import WebService

    lang = config.lang
    if host not in LOCAL_HOSTS:
        print(text("no_authentication", lang, host=host, port=port), file=sys.stderr, flush=True)
    service = WebService(config, limits, suffixes, legacy)
    print(text("serving", lang, host=host, port=port, workers=limits.workers, queue=limits.queue),
          file=sys.stderr, flush=True)
    uvicorn.run(service.application(), host=host, port=port, access_log=False, log_level="warning",
                server_header=False, lifespan="on")
