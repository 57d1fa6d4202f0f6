"""Login throttling: too many failed sign-ins for one account or one address lock it for a while.

In memory, per server process (bellpath serve runs one process). The lock lifts by itself when the
oldest failure leaves the window; a successful sign-in clears the account's failures.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from bellpath.errors import AccessDeniedError

__all__ = ["LoginThrottle", "LoginThrottledError"]


class LoginThrottledError(AccessDeniedError):
    """Too many failed sign-ins; ``retry_after_s`` says when to try again."""

    code = "throttled"

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"too many failed sign-ins; wait {retry_after_s} seconds and try again, "
            "or ask an administrator to reset the password"
        )
        self.retry_after_s = retry_after_s


class LoginThrottle:
    """Counts failures per key (``account:<email>``, ``address:<ip>``) in a sliding window."""

    def __init__(
        self,
        *,
        max_failures: int,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] >= self.window_s:
            times.popleft()
        return times

    def check(self, *keys: str) -> None:
        """Raise :class:`LoginThrottledError` when any key has too many recent failures."""
        now = self._clock()
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.max_failures:
                    wait = max(1, int(self.window_s - (now - times[0]) + 0.999))
                    raise LoginThrottledError(wait)

    def failed(self, *keys: str) -> None:
        """Record one failed attempt for every key."""
        now = self._clock()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, key: str) -> None:
        """Forget the failures of ``key`` (the account that just signed in)."""
        with self._lock:
            self._failures.pop(key, None)
