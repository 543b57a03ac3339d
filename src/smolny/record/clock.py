"""Times as a body keeps them: a body's time zone (`body.time-zone-set`), read from an IANA
name, `UTC`, or a fixed offset (Petrograd in 1917 kept its local mean time, UTC+02:01:18),
and the record's UTC times shown in it. One place formats a time for people; the minutes,
the screens and `smolny verify --report` all use it."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.UTC
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})(?::?(\d{2}))?")


def zone_named(name: str, label: str | None = None) -> dt.tzinfo:
    """A time zone from an IANA name (Europe/Moscow), `UTC`, or an offset such as +02:01 or
    +02:01:18; `label` names an offset ("Petrograd mean time"). Raises ValueError."""
    if name.upper() in ("UTC", "Z"):
        return UTC
    match = _OFFSET.fullmatch(name)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        delta = dt.timedelta(
            hours=int(match.group(2)),
            minutes=int(match.group(3)),
            seconds=int(match.group(4) or 0),
        )
        if delta >= dt.timedelta(hours=24) or int(match.group(3)) > 59:
            raise ValueError(f"time zone offset {name} is out of range")
        return dt.timezone(sign * delta, label or name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}: give an IANA name (Europe/Moscow), UTC or +HH:MM"
        ) from None


def offset_words(zone: dt.tzinfo, at: dt.datetime | None = None) -> str:
    """The zone's offset from UTC at `at` (now's offset for a fixed one): `UTC+02:01`."""
    offset = (at or dt.datetime.now(UTC)).astimezone(zone).utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"UTC{sign}{hours:02d}:{minutes:02d}"
    return text + (f":{secs:02d}" if secs else "")


def zone_label(zone: dt.tzinfo) -> str:
    """How the minutes name a zone: `UTC`, `Europe/Moscow`, `Petrograd mean time
    (UTC+02:01:18)`, or a bare offset `UTC+02:01`."""
    if zone is UTC:
        return "UTC"
    if isinstance(zone, dt.timezone):
        name = zone.tzname(None)
        if name and name[0] in "+-":
            return f"UTC{name}"
        return f"{name} ({offset_words(zone)})"
    return str(zone)


def moment(at: str, zone: dt.tzinfo = UTC) -> dt.datetime:
    """The record's time `at` (ISO 8601, UTC with `Z`) in `zone`."""
    value = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone)


def hhmm(at: str | None, zone: dt.tzinfo = UTC) -> str:
    """The time of day of `at` in `zone`, `22:45`; empty for no time."""
    return moment(at, zone).strftime("%H:%M") if at else ""


def day_and_time(at: str | None, zone: dt.tzinfo = UTC) -> str:
    """`1917-11-07 22:45` in `zone`; empty for no time."""
    return moment(at, zone).strftime("%Y-%m-%d %H:%M") if at else ""
