"""Fault injection: latency, error statuses and dropped connections, scheduled or seeded-random."""

from __future__ import annotations

import fnmatch
import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["DropWhen", "Fault", "FaultInjector"]

DropWhen = Literal["connect", "before", "after"]
FaultKind = Literal["status", "connect", "before", "after"]
_DROP_WHENS: tuple[str, ...] = ("connect", "before", "after")


@dataclass(frozen=True)
class Fault:
    """One fault to apply to one request.

    ``kind`` is ``"status"`` (answer ``status`` without touching state, with ``Retry-After``
    when ``retry_after`` is set) or a drop: ``"connect"`` (nothing reaches the server),
    ``"before"`` (the connection closes before the server applies the request) or
    ``"after"`` (the server applies it, then the connection closes without an answer).
    """

    kind: FaultKind
    status: int | None = None
    retry_after: float | None = None

    @property
    def retry_after_header(self) -> str | None:
        """``retry_after`` as a ``Retry-After`` value (whole seconds print without a dot)."""
        if self.retry_after is None:
            return None
        seconds = self.retry_after
        return str(int(seconds)) if float(seconds).is_integer() else str(seconds)


@dataclass
class _Rule:
    fault: Fault
    remaining: int
    method: str | None
    path: str | None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or fnmatch.fnmatchcase(path, self.path)


@dataclass
class _RandomFaults:
    rate: float
    statuses: tuple[int, ...]
    retry_after: float | None
    drop_rate: float
    rng: random.Random
    method: str | None
    path: str | None


class FaultInjector:
    """The faults an emulator applies to the requests it receives (``emulator.faults``).

    Scheduled faults apply first, in the order they were scheduled; random faults apply to
    the other requests. ``method`` filters compare case-insensitively; ``path`` filters are
    ``fnmatch`` globs on the decoded path (``"/api/v2/task*"``). Login is a request like any
    other: exclude it with a path filter when a test needs a clean login.
    """

    def __init__(self, seed: int = 0) -> None:
        self._seed = seed
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []
        self._random: _RandomFaults | None = None
        self._latency = 0.0

    @property
    def latency(self) -> float:
        """Seconds added before every request is handled (0 by default)."""
        return self._latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("latency must not be negative")
        self._latency = float(seconds)

    @property
    def pending(self) -> int:
        """How many scheduled faults have not fired yet."""
        with self._lock:
            return sum(rule.remaining for rule in self._rules)

    def schedule(
        self,
        status: int,
        *,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status``, leaving state untouched."""
        if not 100 <= status <= 599:
            raise ValueError(f"not an HTTP status: {status}")
        self._add(Fault("status", status, retry_after), times, method, path)

    def schedule_drop(
        self, when: DropWhen, *, times: int = 1, method: str | None = None, path: str | None = None
    ) -> None:
        """Drop the connection of the next ``times`` matching requests.

        ``when`` is ``"connect"``, ``"before"`` or ``"after"`` (see :class:`Fault`).
        """
        if when not in _DROP_WHENS:
            raise ValueError(f"when must be one of {', '.join(_DROP_WHENS)}, not {when!r}")
        self._add(Fault(when), times, method, path)

    def random(
        self,
        rate: float,
        *,
        statuses: Sequence[int] = (500, 502, 503, 429),
        retry_after: float | None = 1,
        drop_rate: float = 0.0,
        seed: int | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Fail a share ``rate`` of requests with one of ``statuses`` and drop ``drop_rate``.

        Each request that no scheduled fault claims draws from ``random.Random(seed)``
        (the emulator's seed when ``seed`` is None): two runs with the same seed and the same
        requests fail the same ones. Dropped requests are dropped ``"before"`` or ``"after"``
        at random. Every random status answer carries ``Retry-After: retry_after`` unless it
        is None. Replaces any earlier random policy.
        """
        if not 0.0 <= rate <= 1.0 or not 0.0 <= drop_rate <= 1.0 or rate + drop_rate > 1.0:
            raise ValueError("rate and drop_rate must be shares from 0 to 1, together at most 1")
        if not statuses:
            raise ValueError("statuses must name at least one status")
        with self._lock:
            self._random = _RandomFaults(
                rate=rate,
                statuses=tuple(statuses),
                retry_after=retry_after,
                drop_rate=drop_rate,
                rng=random.Random(self._seed if seed is None else seed),
                method=method,
                path=path,
            )

    def clear(self) -> None:
        """Remove every scheduled and random fault and the latency."""
        with self._lock:
            self._rules.clear()
            self._random = None
            self._latency = 0.0

    def take(self, method: str, path: str) -> Fault | None:
        """Consume and return the fault for this request (the emulator asks once per request)."""
        with self._lock:
            for rule in self._rules:
                if rule.remaining > 0 and rule.matches(method, path):
                    rule.remaining -= 1
                    return rule.fault
            self._rules = [rule for rule in self._rules if rule.remaining > 0]
            return self._draw(method, path)

    def _draw(self, method: str, path: str) -> Fault | None:
        policy = self._random
        if policy is None:
            return None
        probe = _Rule(Fault("status"), 1, policy.method, policy.path)
        if not probe.matches(method, path):
            return None
        draw = policy.rng.random()
        if draw < policy.rate:
            status = policy.statuses[policy.rng.randrange(len(policy.statuses))]
            return Fault("status", status, policy.retry_after)
        if draw < policy.rate + policy.drop_rate:
            return Fault("before" if policy.rng.random() < 0.5 else "after")
        return None

    def _add(self, fault: Fault, times: int, method: str | None, path: str | None) -> None:
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._rules.append(_Rule(fault, times, method, path))
