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
``grades.csv`` (``late_penalty``, and ``late`` in ``flags``), the summary and the class report,
and told to the student at the top of every feedback page (:func:`add_late_notices`: the
student may open any page first, and the penalty comes off the total that no single page
shows). A student with no timestamp is never penalised (their row says so in the report).
Without a deadline the timestamps are still recorded.

Lateness is said as it is, to the second, with the day it counts as (:func:`lateness_note`):
"1 s late (day 1 of lateness), 10 points off"; "1 day 1 s late (day 2 of lateness), 20 points
off"; a penalty cut by the cap or the score says so. (Until 2026-12-02 it was hours with one
decimal and the grace subtracted: 1 s late was "0.0 h late, 10 points off", and 24 h and 24 h
1 s were both "24.0 h", 10 and 20 points off.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nbgrader.utils import parse_utc

from ..options import GradingOptions, OptionError
from .feedback import prepend_notice
from .results import StudentResult

MINUTES_PER_DAY = 24 * 60
LATE_FLAG = "late"
"""In a late student's ``flags`` (``grades.csv``, ``results.json``): late beyond the grace period."""


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
    late_seconds: float | None = None
    """Seconds past the deadline itself, grace included (0 on time; None as ``late_minutes``)."""
    days: int = 0
    """Started days (24 h) late beyond the grace period: the days the penalty counts."""
    uncapped_percent: float = 0.0
    """``days`` times the percent per day, before the cap."""


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
    seconds = max(0.0, (moment - parse_deadline(deadline)).total_seconds())
    late = seconds / 60 - grace_minutes
    if late <= 0:
        return Lateness(submitted, 0.0, 0.0, seconds)
    days = math.ceil(late / MINUTES_PER_DAY)
    return Lateness(submitted, round(late, 2), min(cap, days * per_day), seconds, days, days * per_day)


def duration(seconds: float) -> str:
    """SECONDS in days, hours, minutes and seconds, the zero ones left out: ``1 day 1 s``, ``2 h 30 min``."""
    left = round(seconds)
    parts = []
    for unit, size in (("day", 86400), ("h", 3600), ("min", 60), ("s", 1)):
        count, left = divmod(left, size)
        if count:
            parts.append(f"{count} {unit}" + ("s" if unit == "day" and count > 1 else ""))
    return " ".join(parts) or "0 s"


def lateness_note(r: StudentResult, options: GradingOptions) -> str:
    """One line: how late R was, the day it counts as and the points off, with any cap said.

    ``1 s late (day 1 of lateness), 10 points off``; ``3 days late (day 3 of lateness after the
    5 min of grace), 1 points off (capped at the score: 1 of 30)``. Empty when R is on time or
    has no timestamp.
    """
    if not r.late_seconds:
        return ""
    grace = options.late_grace_minutes
    if not r.late_days:
        return (f"{duration(r.late_seconds)} after the deadline, within the {duration(grace * 60)} of grace: "
                "on time")
    day = f"day {r.late_days} of lateness" + (f" after the {duration(grace * 60)} of grace" if grace else "")
    due = r.max_score * min(options.late_penalty_cap, r.late_days * options.late_penalty_per_day) / 100
    uncapped = r.max_score * r.late_days * options.late_penalty_per_day / 100
    if not options.late_penalty_per_day:
        return f"{duration(r.late_seconds)} late ({day}), no penalty"
    points = f"{r.late_penalty:g} point" + ("" if r.late_penalty == 1 else "s")
    note = f"{duration(r.late_seconds)} late ({day}), {points} off"
    if r.late_penalty < round(due, 6):
        note += f" (capped at the score: {r.late_penalty:g} of {due:g})"
    elif due < uncapped:
        note += (f" (capped at {options.late_penalty_cap:g}% of {r.max_score:g}: {r.late_days} days would "
                 f"be {uncapped:g})")
    return note


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
        r.late_seconds, r.late_days = late.late_seconds, late.days
        if late.penalty_percent:
            r.late_penalty = round(min(r.score, r.max_score * late.penalty_percent / 100), 6)
            r.score = round(r.score - r.late_penalty, 6)
        if late.days and LATE_FLAG not in r.flags:
            r.flags.append(LATE_FLAG)
        r.late_note = lateness_note(r, options)


def _moment(iso: str) -> str:
    """An ISO 8601 UTC moment as the student reads it: ``2026-12-02 00:00:01 UTC``."""
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def add_late_notices(results: list[StudentResult], feedback: Path, options: GradingOptions) -> None:
    """At the top of each late student's every page in FEEDBACK/<student>/: when it was handed in,
    the deadline, how late, and the points taken off the total (which no page's score shows)."""
    for r in results:
        if not r.late_days or r.submitted_at is None or options.deadline is None:
            continue
        paragraphs = [
            f"Handed in {_moment(r.submitted_at)}; the deadline was "
            f"{_moment(parse_deadline(options.deadline).isoformat())}: {r.late_note}.",
        ]
        if r.late_penalty:
            paragraphs.append(
                f"The late penalty is {options.late_penalty_per_day:g}% of the {r.max_score:g} points per "
                f"started day late, at most {options.late_penalty_cap:g}%; it comes off your total for the "
                f"assignment, not the scores on this page: your total is {r.score + r.late_penalty:g} - "
                f"{r.late_penalty:g} = {r.score:g} of {r.max_score:g}."
            )
        for page in sorted((feedback / r.student).glob("*.html")):
            prepend_notice(page, "Late work", paragraphs)
