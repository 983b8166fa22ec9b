"""Late work: each submission's timestamp against the deadline, and the penalty it costs.

The timestamp is the one :mod:`..collect` read: nbgrader's ``timestamp.txt`` in the
student's folder, or the ``timestamp`` group of the LMS zip's file names. The policy is
four fields of :class:`~..options.GradingOptions`, none of them on by default:

* ``deadline``: ISO 8601 (``2026-12-01T23:59``, or with a zone ``...+01:00``); UTC when
  no zone is given, as nbgrader's own ``timestamp.txt`` is written in UTC;
* ``late_grace_minutes``: minutes after the deadline that still count as on time;
* ``late_penalty_per_day``: percent of the maximum score per *started* day (24 h) late
  (1 minute late = 1 day);
* ``late_penalty_cap``: the most lateness can take off, in percent of the maximum score.

The penalty is taken off the total score (never below 0) and shown in ``results.json``,
``grades.csv`` (``late_penalty``), the summary and the class report. A student with no
timestamp is never penalised (their row says so in the report). Without a deadline the
timestamps are still recorded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from nbgrader.utils import parse_utc

from ..options import GradingOptions, OptionError
from .results import StudentResult

MINUTES_PER_DAY = 24 * 60


class LatePolicyError(OptionError):
    """The deadline cannot be used (the message says why). The penalties' ranges are checked
    with every other option's (:data:`..options.RANGES`)."""


@dataclass(frozen=True)
class Lateness:
    """One submission against the deadline."""

    submitted_at: str | None
    """ISO 8601 UTC, or None when the submission carried no timestamp."""
    late_minutes: float | None
    """Minutes late beyond the grace period (0 on time; None without a deadline or timestamp)."""
    penalty_percent: float
    """Percent of the maximum score taken off."""


def parse_deadline(text: str) -> datetime:
    """TEXT (ISO 8601) as an aware UTC datetime; naive means UTC. Raises :class:`LatePolicyError`."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise LatePolicyError(
            f"the deadline {text!r} is not an ISO 8601 date and time (e.g. 2026-12-01T23:59 or "
            "2026-12-01T23:59+01:00)"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def check_policy(deadline: str | None) -> None:
    """Raise :class:`LatePolicyError` for a DEADLINE that cannot be read."""
    if deadline is not None:
        parse_deadline(deadline)


def submission_time(timestamp: str | None) -> datetime | None:
    """A submission's TIMESTAMP (nbgrader's format or ISO 8601) as aware UTC; None if absent or unreadable."""
    if not timestamp:
        return None
    try:
        moment = parse_utc(timestamp)  # nbgrader's own reader of timestamp.txt: naive UTC
    except (ValueError, TypeError, OverflowError):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def lateness(
    timestamp: str | None, deadline: str | None, per_day: float, cap: float, grace_minutes: int
) -> Lateness:
    """TIMESTAMP against DEADLINE with the penalty of PER_DAY percent per started day, at most CAP."""
    moment = submission_time(timestamp)
    submitted = moment.isoformat() if moment else None
    if deadline is None or moment is None:
        return Lateness(submitted, None, 0.0)
    late = (moment - parse_deadline(deadline)).total_seconds() / 60 - grace_minutes
    if late <= 0:
        return Lateness(submitted, 0.0, 0.0)
    days = math.ceil(late / MINUTES_PER_DAY)
    return Lateness(submitted, round(late, 2), min(cap, days * per_day))


def apply_late_policy(
    results: list[StudentResult], timestamps: dict[str, str | None], options: GradingOptions
) -> None:
    """Record each student's timestamp and lateness in RESULTS and take the penalty off their score.

    TIMESTAMPS: student -> their submission's timestamp (:attr:`..collect.StudentIntake.timestamp`).
    """
    policy = (
        options.deadline,
        options.late_penalty_per_day,
        options.late_penalty_cap,
        options.late_grace_minutes,
    )
    check_policy(options.deadline)
    for r in results:
        late = lateness(timestamps.get(r.student), *policy)
        r.submitted_at, r.late_minutes = late.submitted_at, late.late_minutes
        if late.penalty_percent:
            r.late_penalty = round(min(r.score, r.max_score * late.penalty_percent / 100), 6)
            r.score = round(r.score - r.late_penalty, 6)
