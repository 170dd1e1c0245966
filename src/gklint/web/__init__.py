"""``gklint web``: a small self-hosted checking service for people who will not install Python.

A writer drops a report (or a zip of reports) into a web page and gets the review of
``--format html``, the Word copy with comments, the fixed file, JSON and SARIF back;
``POST /api/check`` answers other systems with what ``gklint check --format json`` prints.

The stack: **Starlette** (ASGI toolkit) on **uvicorn** (ASGI server), with
**python-multipart** to read uploads. Why these: all three are maintained and widely used
(FastAPI is built on the same three), they are small — no ORM, templating or validation
layer that this service would not use (it has Jinja2 already, for the review page) —, uvicorn
runs on the standard library's asyncio with no compiled part required, and python-multipart
has a push parser, so an upload streams to disk chunk by chunk and is refused the moment it
passes the size limit. FastAPI would add pydantic and a schema layer for four routes.
They are the optional extra ``gklint[web]``; ``gklint web`` names it when one is missing.

Modules: ``app`` (routes, headers, log), ``upload`` (the form to disk), ``pool`` (worker
processes with a time limit), ``work`` (what a worker runs: the command line's runner),
``unpack`` (zips, safely), ``pages`` (HTML), ``limits`` (``[web]`` in the config), ``texts``.
"""
