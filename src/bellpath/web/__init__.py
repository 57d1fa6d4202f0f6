"""The web application: JSON API (``web.api``), pages (``web.pages``), app factory (``web.app``).

May import: everything below it (records, auth, interop, reports, the core, settings); never the
CLI (the notice comes from :mod:`bellpath.vocab.notice`).
"""
