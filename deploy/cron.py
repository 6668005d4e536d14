"""AWS cron expressions (EventBridge Scheduler, Application Auto Scaling) turned into weekly hours.

Only what a work-hours schedule needs is modelled: minutes and hours as numbers (lists, ranges), every day of
the month and month and year, and days of the week; anything else raises CronError with what to change.
"""
from __future__ import annotations

import re

MINUTES_PER_WEEK = 7 * 24 * 60
_DAY_NAMES = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
_CRON = re.compile(r"^cron\((.*)\)$")
_RANGE = re.compile(r"^(\d{1,2})(?:-(\d{1,2}))?$")
_DAY_RANGE = re.compile(r"^([A-Z]{3}|[1-7])(?:-([A-Z]{3}|[1-7]))?$")
CRON_HELP = ("the estimate models minutes and hours as numbers (lists and ranges allowed), day-of-month * or ?, "
             "month *, year *, and day-of-week *, ?, names or numbers with ranges and lists, "
             "e.g. cron(0 7 ? * MON-FRI *)")


class CronError(ValueError):
    """A cron expression the estimate cannot turn into hours; `key`/`value` name the parameter when known."""

    def __init__(self, message: str, key: str = "", value: str = ""):
        super().__init__(message)
        self.key, self.value = key, value


def _numbers(text: str, low: int, high: int, what: str) -> set[int]:
    out: set[int] = set()
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            raise CronError(f"{what} {text!r} is not a number, list or range")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if not low <= first <= last <= high:
            raise CronError(f"{what} {text!r} is outside {low}-{high}")
        out.update(range(first, last + 1))
    return out


def _day(token: str) -> int:
    return _DAY_NAMES[token] if token in _DAY_NAMES else int(token)


def _days(text: str) -> set[int]:
    """Day-of-week field -> weekday numbers, Monday = 0 (AWS numbers 1 = SUN ... 7 = SAT)."""
    if text in ("*", "?"):
        return set(range(7))
    out: set[int] = set()
    for part in text.upper().split(","):
        match = _DAY_RANGE.match(part)
        if not match or (match.group(1).isalpha() and match.group(1) not in _DAY_NAMES) or (
                match.group(2) and match.group(2).isalpha() and match.group(2) not in _DAY_NAMES):
            raise CronError(f"day-of-week {text!r} is not *, ?, a day name (MON) or number (1-7), list or range")
        first, last = _day(match.group(1)), _day(match.group(2) or match.group(1))
        if first > last:
            raise CronError(f"day-of-week range {part} wraps around the week; split it (e.g. FRI-SAT,SUN-MON)")
        out.update((n - 2) % 7 for n in range(first, last + 1))
    return out


def cron_minutes(expr: str) -> set[int]:
    """The minutes of a week (0 = Monday 00:00) at which an AWS cron expression fires."""
    match = _CRON.match(expr.strip())
    if not match:
        raise CronError("not of the form cron(...)")
    fields = match.group(1).split()
    if len(fields) != 6:
        raise CronError(f"{len(fields)} fields; AWS cron has 6 (minutes hours day-of-month month day-of-week year)")
    minute, hour, day_of_month, month, day_of_week, year = fields
    if day_of_month not in ("*", "?"):
        raise CronError(f"day-of-month {day_of_month!r}: only * or ? (every day) can be modelled")
    if month != "*":
        raise CronError(f"month {month!r}: only * can be modelled")
    if year != "*":
        raise CronError(f"year {year!r}: only * can be modelled")
    minutes = _numbers(minute, 0, 59, "minutes")
    hours = _numbers(hour, 0, 23, "hours")
    return {day * 1440 + h * 60 + m for day in _days(day_of_week) for h in hours for m in minutes}


def weekly_on_hours(on_cron: str, off_cron: str, names: tuple[str, str] = ("on", "off")) -> tuple[float, int]:
    """(hours on per week, off->on switches per week) for something switched on by one cron and off by
    another, repeating weekly. A switch to the state it is already in does nothing (a daily stop at the
    weekend, a start of a running database). `names`: the parameters, for CronError."""
    crons = {}
    for name, expr in zip(names, (on_cron, off_cron)):
        try:
            crons[name] = cron_minutes(expr)
        except CronError as exc:
            raise CronError(str(exc), name, expr) from None
    ons, offs = crons[names[0]], crons[names[1]]
    both = ons & offs
    if both:
        minute = min(both)
        day = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[minute // 1440]
        raise CronError(f"{names[0]} and {names[1]} both fire on {day} at {minute % 1440 // 60:02d}:"
                        f"{minute % 60:02d}; the order is undefined", f"{names[0]}/{names[1]}",
                        f"{on_cron} and {off_cron}")
    events = sorted([(m, True) for m in ons] + [(m, False) for m in offs])
    state = events[-1][1]  # the week wraps: the state at Monday 00:00 is the one the last event left
    on_minutes, starts, previous = 0, 0, 0
    for minute, switch_on in events:
        if state:
            on_minutes += minute - previous
        if switch_on and not state:
            starts += 1
        state, previous = switch_on, minute
    if state:
        on_minutes += MINUTES_PER_WEEK - previous
    return on_minutes / 60, starts
