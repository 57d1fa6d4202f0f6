"""Events the core reports for operations (an assessment computed), without global state.

The core calls :func:`note` (``note("assessment", "computed")``); nothing happens unless the
caller's context holds a sink, set with :func:`observing` (the web app sets one per request and
counts the events in its metrics). Events carry a kind and a label only, never health data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["EventSink", "note", "observing"]

EventSink = Callable[[str, str], None]
"""Receives ``(kind, label)``, e.g. ``("assessment", "computed")`` or ``("photo", "ok")``."""

_sink: ContextVar[EventSink | None] = ContextVar("bellpath_event_sink", default=None)


def note(kind: str, label: str) -> None:
    """Report one event to the current context's sink, if any."""
    sink = _sink.get()
    if sink is not None:
        sink(kind, label)


@contextmanager
def observing(sink: EventSink) -> Iterator[None]:
    """Send the events of the code run inside the block to ``sink``."""
    token = _sink.set(sink)
    try:
        yield
    finally:
        _sink.reset(token)
