"""Sign-in throttle: at most so many attempts per client address and overall in a sliding minute (per process)."""

from __future__ import annotations

import os
import threading
import time
from collections import deque


def _env_number(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else default


class Throttle:
    """Sliding-window counter of sign-in attempts: `per_client` per address and `overall` in `window` seconds."""

    def __init__(self, per_client: int = 10, overall: int = 300, window: float = 60.0) -> None:
        self.per_client, self.overall, self.window = per_client, overall, window
        self._lock = threading.Lock()
        self._all: deque[float] = deque()
        self._by_client: dict[str, deque[float]] = {}

    @classmethod
    def from_env(cls) -> Throttle:
        """Read `TERA_SIGNIN_PER_CLIENT` (default 10) and `TERA_SIGNIN_OVERALL` (default 300) attempts per minute."""
        return cls(_env_number("TERA_SIGNIN_PER_CLIENT", 10), _env_number("TERA_SIGNIN_OVERALL", 300))

    def allow(self, client: str | None, now: float | None = None) -> bool:
        """Count one attempt from `client` and return False when a limit is already reached.

        `client` None (a command line, a test) counts only towards the overall limit.
        """
        now = time.monotonic() if now is None else now
        with self._lock:
            mine = self._by_client.setdefault(client, deque()) if client else deque()
            for events in (self._all, mine):
                while events and events[0] <= now - self.window:
                    events.popleft()
            if len(self._all) >= self.overall or len(mine) >= self.per_client:
                return False
            self._all.append(now)
            mine.append(now)
            # Forget quiet clients so the table stays as small as the last minute's addresses.
            for other in [k for k, v in self._by_client.items() if not v]:
                del self._by_client[other]
            return True


SIGN_IN_THROTTLE = Throttle.from_env()
