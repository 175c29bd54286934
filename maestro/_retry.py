"""The retry policy: what is retried, how long to wait, when to give up. One object, one place.

Rules (the "safe to repeat" reasoning lives here and nowhere else):

* a connection that failed before the request was sent (connect error or timeout, no pool
  slot) is retried for every method: the server never saw it;
* 429 is retried for every method: the server refused it without acting, and says when
  to come back (``Retry-After``, in seconds or as an HTTP date, capped);
* 502, 503, 504, read/write timeouts and dropped connections are retried only for idempotent
  calls: a POST that creates something may have reached the server and is never sent twice;
* waits grow exponentially with jitter; ``max_retries`` and an optional total ``deadline``
  bound the whole exchange. The deadline covers the whole call: the login before it, the
  renewal after a 401, the replay and reading the answer share one budget, and so do all
  the requests and waits of a multi-request operation (an iterator's pages are separate
  calls).

The policy drives tenacity, which runs the loop for both the sync and the async transport.
The transports send the first attempt themselves and enter tenacity only when its outcome is
one the policy retries (``RetryExchange.may_retry``): building a tenacity loop costs more than
an in-process call, and most calls succeed at once. The loop then starts from that outcome,
already counted (``RetryExchange.resume``), so it waits, logs, counts and gives up exactly as
if it had made the first attempt itself.
"""

from __future__ import annotations

import dataclasses
import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ParamSpec

import httpx
import tenacity

__all__ = ["RetryPolicy"]

logger = logging.getLogger("maestro")

P = ParamSpec("P")
Outcome = httpx.Response | BaseException
"""What an attempt ends with: the response, or what it raised."""

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_MAYBE_SENT = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class RetryPolicy:
    """Which failures are retried, how long to wait between tries, and when to stop.

    Replace it on a client (``MaestroClient(retry_policy=...)``) or change its limits for a
    group of calls with ``client.with_options(max_retries=..., deadline=...)``.
    """

    max_retries: int = 2
    """Retries after the first attempt (0 disables retrying)."""
    deadline: float | None = None
    """Seconds for a whole call, ``None`` for no limit.

    It covers the login, every attempt, the waits between them and reading the answer. An
    operation that sends several requests (``datapools.report_done``, uploads, ``tasks.wait``)
    has one deadline for all of them and its waits, counted from its start. An iterator's
    pages are separate calls, each with a deadline of its own: the time between pages is the
    consumer's. When it runs out, the call raises ``APITimeoutError``.
    """
    backoff_initial: float = 0.5
    backoff_multiplier: float = 2.0
    backoff_max: float = 8.0
    jitter: float = 0.25
    """Each wait is shortened by a random share up to this fraction, so clients spread out."""
    retry_after_max: float = 60.0
    """The longest ``Retry-After`` honoured; longer requests are capped to it."""
    always_retry_statuses: frozenset[int] = frozenset({429})
    idempotent_retry_statuses: frozenset[int] = frozenset({502, 503, 504})

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries!r}")
        if self.deadline is not None and self.deadline <= 0:
            raise ValueError(f"deadline must be > 0 seconds, got {self.deadline!r}")

    def replace(self, **changes: Any) -> RetryPolicy:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def should_retry(self, outcome: httpx.Response | BaseException, *, idempotent: bool) -> bool:
        """Whether this outcome may be retried, ignoring counts and deadline."""
        if isinstance(outcome, httpx.Response):
            status = outcome.status_code
            if status in self.always_retry_statuses:
                return True
            return idempotent and status in self.idempotent_retry_statuses
        if isinstance(outcome, _NOT_SENT):
            return True
        return idempotent and isinstance(outcome, _MAYBE_SENT)

    def delay(self, retry_number: int, outcome: httpx.Response | BaseException) -> float:
        """Seconds to wait before retry number ``retry_number`` (1 for the first retry)."""
        if isinstance(outcome, httpx.Response):
            retry_after = self.retry_after(outcome)
            if retry_after is not None:
                return retry_after
        base = self.backoff_initial * self.backoff_multiplier ** (retry_number - 1)
        return min(self.backoff_max, base) * (1.0 - self.jitter * random.random())

    def retry_after(self, response: httpx.Response) -> float | None:
        """The server's ``Retry-After`` in seconds (capped); ``None`` if absent or unreadable."""
        value = response.headers.get("retry-after")
        if value is None:
            return None
        value = value.strip()
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                return None
            seconds = when.timestamp() - time.time()
        if seconds != seconds:  # NaN
            return None
        return max(0.0, min(seconds, self.retry_after_max))

    def exchange(
        self,
        *,
        method: str,
        url: str,
        idempotent: bool,
        deadline_at: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> RetryExchange:
        """The bookkeeping for one request's attempts.

        ``deadline_at`` (on ``clock``) is when the whole call must be over; without it, the
        policy's ``deadline`` counts from now.
        """
        return RetryExchange(
            self,
            method=method,
            url=url,
            idempotent=idempotent,
            deadline_at=deadline_at,
            clock=clock,
        )

    def deadline_from(self, now: float) -> float | None:
        """When a call started at ``now`` must be over, or ``None`` without a deadline."""
        return None if self.deadline is None else now + self.deadline


class RetryExchange:
    """One request's run through the policy: counts attempts, tracks the deadline, feeds tenacity.

    ``attempts`` counts tries; ``remaining()`` is what is left of the whole call's deadline.
    """

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        method: str,
        url: str,
        idempotent: bool,
        deadline_at: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        self.method = method
        self.url = url
        self.idempotent = idempotent
        self._clock = clock
        self.started = clock()
        self.deadline_at = (
            deadline_at if deadline_at is not None else policy.deadline_from(self.started)
        )
        self.attempts = 0
        self.deadline_exhausted = False
        self._next_wait = 0.0

    @property
    def retries(self) -> int:
        """Retries made so far (attempts after the first)."""
        return max(0, self.attempts - 1)

    def remaining(self) -> float | None:
        """Seconds left before the deadline, or ``None`` without one."""
        if self.deadline_at is None:
            return None
        return self.deadline_at - self._clock()

    def may_retry(self, outcome: Outcome) -> bool:
        """Whether an attempt's outcome is of a kind the policy retries (counts and time aside).

        Any other outcome ends the exchange at once: tenacity is only entered when this holds.
        """
        return self.policy.should_retry(outcome, idempotent=self.idempotent)

    @staticmethod
    def resume(first: Outcome, attempt: Callable[P, httpx.Response]) -> Callable[P, httpx.Response]:
        """``attempt`` for tenacity, whose first call gives back ``first`` instead of sending.

        ``first`` is the outcome of the attempt the transport already made (and counted).
        """
        pending = [first]

        def resumed(*args: P.args, **kwargs: P.kwargs) -> httpx.Response:
            if pending:
                return _given_back(pending.pop())
            return attempt(*args, **kwargs)

        return resumed

    @staticmethod
    def resume_async(
        first: Outcome, attempt: Callable[P, Awaitable[httpx.Response]]
    ) -> Callable[P, Awaitable[httpx.Response]]:
        """:meth:`resume` for the async transport."""
        pending = [first]

        async def resumed(*args: P.args, **kwargs: P.kwargs) -> httpx.Response:
            if pending:
                return _given_back(pending.pop())
            return await attempt(*args, **kwargs)

        return resumed

    def tenacity_options(self, sleep: Callable[[float], Any]) -> dict[str, Any]:
        """Keyword arguments for ``tenacity.Retrying`` / ``AsyncRetrying``."""
        return {
            "retry": self._retry,
            "wait": self._wait,
            "stop": tenacity.stop_never,
            "before_sleep": self._log_retry,
            "sleep": sleep,
        }

    def _retry(self, state: tenacity.RetryCallState) -> bool:
        outcome = _outcome_of(state)
        if outcome is None or not self.policy.should_retry(outcome, idempotent=self.idempotent):
            return False
        if state.attempt_number > self.policy.max_retries:
            return False
        wait = self.policy.delay(state.attempt_number, outcome)
        remaining = self.remaining()
        if remaining is not None and wait >= remaining:
            self.deadline_exhausted = True
            return False
        # Responses reaching here were read in full (only 2xx downloads stream), so there
        # is no connection to release before the next attempt.
        self._next_wait = wait
        return True

    def _wait(self, state: tenacity.RetryCallState) -> float:
        return self._next_wait

    def _log_retry(self, state: tenacity.RetryCallState) -> None:
        outcome = _outcome_of(state)
        reason = (
            str(outcome.status_code)
            if isinstance(outcome, httpx.Response)
            else type(outcome).__name__
        )
        logger.info(
            "retrying %s %s after %s in %.2f s (retry %d of %d)",
            self.method,
            self.url,
            reason,
            self._next_wait,
            state.attempt_number,
            self.policy.max_retries,
        )


def _given_back(outcome: Outcome) -> httpx.Response:
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _outcome_of(state: tenacity.RetryCallState) -> httpx.Response | BaseException | None:
    outcome = state.outcome
    if outcome is None:
        return None
    if outcome.failed:
        return outcome.exception()
    result = outcome.result()
    return result if isinstance(result, httpx.Response) else None
