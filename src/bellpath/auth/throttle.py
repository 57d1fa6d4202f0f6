"""Login throttling that protects the owner of an account and cannot be turned against them.

In memory, per server process (docs/security.md gives the policy and its reasons).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
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
    """Failed sign-ins counted per (e-mail, address) and per address, with growing waits.

    * One e-mail from one address: after ``max_failures`` failures it waits ``delay_s``, doubled
      with every further failure up to ``max_delay_s``. Unknown e-mails count exactly like known
      ones. The owner signing in from another address is not affected.
    * One address, any e-mail: after ``address_max_failures`` failures the address waits the same
      way, except for e-mails that have signed in successfully from it (a clinic behind one proxy
      keeps working while someone there guesses at unknown e-mails).
    """

    def __init__(
        self,
        *,
        max_failures: int,
        window_s: float,
        address_max_failures: int | None = None,
        delay_s: float = 30,
        max_delay_s: float = 15 * 60,
        clock: Callable[[], float] = time.monotonic,
        remembered: int = 10_000,
    ) -> None:
        self.max_failures = max_failures
        self.address_max_failures = address_max_failures or max_failures * 10
        self.window_s = window_s
        self.delay_s = delay_s
        self.max_delay_s = max_delay_s
        self._clock = clock
        self._remembered = remembered
        self._failures: dict[str, deque[float]] = {}
        self._trusted: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] >= max(self.window_s, self.max_delay_s):
            times.popleft()
        return times

    def _wait(self, times: deque[float], limit: int, now: float) -> float:
        if len(times) < limit:
            return 0.0
        delay = float(min(self.max_delay_s, self.delay_s * 2 ** (len(times) - limit)))
        return max(0.0, times[-1] + delay - now)

    def check(self, email: str, address: str) -> None:
        """Raise :class:`LoginThrottledError` while this e-mail or this address must wait."""
        now = self._clock()
        pair = f"{email}|{address}"
        with self._lock:
            wait = self._wait(self._recent(pair, now), self.max_failures, now)
            if pair not in self._trusted:
                site = self._recent(f"address|{address}", now)
                wait = max(wait, self._wait(site, self.address_max_failures, now))
        if wait > 0:
            raise LoginThrottledError(max(1, int(wait + 0.999)))

    def failed(self, email: str, address: str) -> None:
        """Record one failed attempt."""
        now = self._clock()
        with self._lock:
            for key in (f"{email}|{address}", f"address|{address}"):
                self._recent(key, now).append(now)

    def succeeded(self, email: str, address: str) -> None:
        """Forget this e-mail's failures from this address and trust the pair from now on."""
        pair = f"{email}|{address}"
        with self._lock:
            self._failures.pop(pair, None)
            self._trusted[pair] = None
            self._trusted.move_to_end(pair)
            while len(self._trusted) > self._remembered:
                self._trusted.popitem(last=False)
