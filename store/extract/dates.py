"""Step 3: find the time expressions in a sentence and resolve them to days.

News copy follows a convention (AP style, used by the wires): a weekday name
("on Monday") means a day within the past week of publication, while older days are
written as a month and a figure ("on May 26"). That convention lets an undated
article be dated: it was written at least a week after the latest explicit date it
gives, and its weekdays fall in the week before that.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from store.text import Caseless

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_M = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December" \
     r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?" \
     r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER" \
     r"|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT?|OCT|NOV|DEC)"  # a release's "Posted On: 06 FEB 2031"
_DASH = r"\s*(?:-|–|—|to|and)\s*"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?:\b|(?=T\d))")),  # "2029-05-16T06:45Z"
    # "20/10/2026", "3.11.2026": day first, as Europe writes it, unless only the other order is a date
    ("numeric", re.compile(r"\b(?P<day>\d{1,2})(?P<sep>[/.])(?P<mon>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})\b")),
    ("range", re.compile(_M + r"\s+(?P<day>\d{1,2})" + _DASH + r"(?P<day2>\d{1,2})\b(?!:)")),
    ("range", re.compile(r"\b(?P<day>\d{1,2})" + _DASH + r"(?P<day2>\d{1,2})\s+" + _M)),
    ("day", re.compile(_M + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4})\b)?(?![\d:])")),
    ("day", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _M + r"(?:,?\s+(?P<year>\d{4})\b)?")),
    ("month", re.compile(r"\b(?P<prep>in|since|from|until|of|by|early|late|mid-?)\s+(?:early\s+|late\s+|mid-?)?"
                         + _M + r"(?:\s+(?P<year>\d{4}))?\b")),
    # "in 2019", "the end of 2025", "before mid-2027", "mid-2027"
    # a timeline's entry: "2019 - The council grants a permit", "July-August 2026 - Drought."
    ("year", re.compile(r"^\s*(?:[*•]\s*)?(?:(?:January|February|March|April|May|June|July|August|September|"
                        r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
                        r"(?:[–-](?:[A-Z][a-z]+)\.?)?\s+)?(?P<year>(?:19|20)\d{2})(?=\s+[–—-]\s)")),
    ("year", re.compile(r"\b(?P<prep>in|since|from|until|of|by|before|after|spring|summer|autumn|fall|winter"
                        r"|beginning|end|early|late|mid)(?:\s+(?:of\s+)?(?:the\s+)?(?:(?:early|mid|late)-?\s?)?|-)"
                        # not a year that names a document: "the line drawn in the 1923 Treaty of Sellin"
                        r"(?P<year>(?:19|20)\d{2})\b(?!\s+(?:treaty|accord|agreement|protocol|convention|declaration|"
                        r"charter|pact|constitution|census|act)\b)", re.IGNORECASE)),
    ("weekday", re.compile(r"\b(?P<next>next\s+|last\s+|this\s+|later\s+|earlier\s+)?"
                           r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:['’]s)?\b")),
    ("relative", re.compile(r"\b(?P<rel>today|yesterday|tomorrow|tonight)\b", re.IGNORECASE)),
    # "three days ago": that day; "two months ago", "a year ago": an earlier time, no day
    ("ago", re.compile(r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})\s+"
                       r"(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE)),
]
_AGO_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


_MONTH_NAME = re.compile(_M)
# "Tuesday 3rd March", "Tuesday, March 3": the weekday of the date written after it, not a day of its own
_ANY_MONTH = _M.replace("(?P<month>", "(?:")
_DATE_AFTER_WEEKDAY = re.compile(r"(?:,\s*|\s+)(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _ANY_MONTH
                                 + r"|" + _ANY_MONTH + r"\s+\d{1,2}\b|\d{1,2}([/.])\d{1,2}\1\d{4}\b)")
_FOUR_DIGITS = re.compile(r"\d{4}")
_NEEDS_MONTH = {"range", "day", "month"}  # every one of their patterns contains _M
_NEEDS_DIGITS = {"iso", "numeric", "year"}
_ANY_RELATIVE = Caseless(r"\b(?:today|yesterday|tomorrow|tonight)\b")  # the "relative" pattern, as a cheap test


@dataclass(frozen=True)
class DateMention:
    kind: str  # iso | day (also "20/10/2026") | range | month | year | weekday | relative | ago
    start: int
    end: int
    text: str
    date: dt.date | None = None  # resolved day (day-like kinds only)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    prep: str | None = None  # the word before a year: "since 2022" is not a time anchor
    forward: bool = False  # "next Monday", a range, "tomorrow": points ahead of publication


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    """The day, or None for one the calendar lacks (31 June; 29 February of most years)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


FUTURE_WEIGHT = 1.5  # see nearest_day


# A day the sentence tells in the past: "The first round was held on July 15", written the next March, is
# last July's, however near next July is (it was read as a plan, and the fact fell to another round)
_PAST_EVENT = re.compile(r"\b(?:(?:was|were)\s+(?:\w+\s+){0,2}?(?:held|signed|agreed|reached|opened|concluded|ended|"
                         r"launched)|met|ended|began|opened|closed|concluded|signed|took\s+place)\s+"
                         r"(?:[\w’'-]+\s+){0,3}?on\s+$", re.IGNORECASE)


def _told_as_past(text: str, start: int) -> bool:
    return _PAST_EVENT.search(text, max(0, start - 60), start) is not None \
        and _FUTURE.search(text, max(0, start - 140), start) is None


def nearest_day(month: int, day: int, ref: dt.date | None) -> dt.date | None:
    """A month-and-day without a year is the nearest such day to the reference, a day ahead
    counting half as far again as one behind: copy mostly looks back, and names the year of
    what lies far ahead ("first sat down on 3 March", written in late September, is this
    March, not next; "talks resume on January 4", written on December 28, is next January)."""
    if ref is None:
        return None
    days = [d for year in (ref.year - 1, ref.year, ref.year + 1) if (d := valid_date(year, month, day)) is not None]
    return min(days, key=lambda d: (d - ref).days * FUTURE_WEIGHT if d > ref else (ref - d).days, default=None)


# "is due to take effect at midnight on Thursday", "will meet again on Friday": the coming weekday.
# The future word is a few words before the weekday, in its clause, with no statement or earlier
# event between them ("will respond, Peskov said on Friday"; "will resume after they met on Monday").
# "would" is reported speech's "will" ("said troops would begin withdrawing on Monday"), but not
# after "had" ("had said he would travel on Thursday": a plan of the past) nor as "would have".
_FUTURE = re.compile(r"\b(?:will|would(?!\s+have\b)|(?:is|are)\s+(?:due|expected|scheduled|set|slated)\s+to|"
                     r"(?<!was\s)(?<!were\s)\b(?:due|scheduled|slated)\s+to|"  # "the round, due to be held on Thursday"
                     r"(?:is|are)\s+to|plans?\s+(?:to|an?)\b)"  # "plans a march on Saturday"
                     r"((?:\s+[\w’'-]+){0,16})\s+(?:on\s+|at\s+midnight\s+on\s+)?$", re.IGNORECASE)
# A plan told in the past tense, its day either side of the copy's: "talks were due to resume on Thursday"
_WAS_DUE = re.compile(r"\b(?:was|were)\s+(?:due|scheduled|set|expected|slated)\s+to\b(?:\s+[\w’'-]+){0,6}\s+"
                      r"(?:at\s+[\w:.]+\s+)?(?:on\s+)?$", re.IGNORECASE)
_PAST_PLAN = re.compile(r"\bhad\b[^,;:.]*$", re.IGNORECASE)
_NOT_AHEAD = re.compile(r"\b(?:said|says|told|tells|announced|reported|added|after|since|when|who|which|that|"
                        r"was|were|had|met|(?<!be\s)held)\b", re.IGNORECASE)  # "will be held on Thursday" is ahead


# "When negotiators sit down in Qasr City on Saturday, it will be the first time ...": the weekday in a
# sentence's opening "when" clause, its main clause in the future
_WHEN_CLAUSE = re.compile(r"^\W*(?:when|once|as\s+soon\s+as|until)\b[^,;:.]*$", re.IGNORECASE)
_THEN_FUTURE = re.compile(r"[^,;:.]*,\s*(?:[\w’'-]+\s+){0,4}?(?:will|is\s+to|are\s+to)\b", re.IGNORECASE)


# A plan in the present tense, as copy writes a schedule: "The two parties resume their negotiations in the
# Blue Room on Monday evening", "The next session is in the Blue Room on Monday": that day or the coming one
_SCHEDULED = re.compile(r"(?<!\bto\s)(?<!could\s)(?<!might\s)(?<!may\s)(?<!would\s)(?<!will\s)(?<!should\s)"
                        r"\b(?:(?:resume|reconvene|meet|return|convene)s?|(?:next|coming)\s+(?:session|round|meeting|"
                        r"sitting)s?\s+(?:is|are))\b((?:\s+[\w’'-]+){0,8})\s+(?:on\s+)?$", re.IGNORECASE)


def _ahead(text: str, start: int) -> bool:
    """Whether the weekday at ``start`` is the coming one: a future word stands just before it."""
    if _WHEN_CLAUSE.match(text[:start]) and _THEN_FUTURE.match(text, start):
        return True
    m = _FUTURE.search(text, max(0, start - 140), start)
    if m is None or _NOT_AHEAD.search(m.group(1)):
        return False
    return not (m.group(0)[:5].lower() == "would" and _PAST_PLAN.search(text, max(0, m.start() - 60), m.start()))


def weekday_before(ref: dt.date, weekday: int, forward: bool = False) -> dt.date:
    """The given weekday within the week ending on ``ref`` (or starting after it, when forward)."""
    if forward:
        return ref + dt.timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)
    return ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)


def find_dates(text: str, ref: dt.date | None) -> list[DateMention]:
    """Every time expression in ``text``, resolved against the publication day ``ref``."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    # Most sentences name no month and hold no four-digit number: the patterns that need one
    # are skipped, one search each instead of six (a tenth of extraction went here).
    # Likewise a weekday name (each ends in "day") and today/yesterday/tomorrow/tonight.
    has_month, digits = _MONTH_NAME.search(text) is not None, _FOUR_DIGITS.search(text) is not None
    day_name, relative, ago = "day" in text, _ANY_RELATIVE.found(text), " ago" in text
    for kind, pattern in _PATTERNS:
        if (kind in _NEEDS_MONTH and not has_month) or (kind in _NEEDS_DIGITS and not digits) \
                or (kind == "weekday" and not day_name) or (kind == "relative" and not relative) \
                or (kind == "ago" and not ago):
            continue
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            date = None
            year = int(g["year"]) if g.get("year") else None
            month = None
            day = int(g["day"]) if g.get("day") else None
            forward = False
            if kind == "iso":
                date = valid_date(int(g["year"]), int(g["mon"]), int(g["day"]))
            elif kind == "numeric":
                day, month = (day, int(g["mon"])) if int(g["mon"]) <= 12 else (int(g["mon"]), day)
                date = valid_date(int(g["year"]), month, day)
                if date is None:
                    continue
            elif kind in ("day", "range"):
                month = _month(g["month"])
                date = valid_date(year, month, int(g["day"])) if year else nearest_day(month, int(g["day"]), ref)
                if not year and date and ref and date > ref and kind == "day" and _told_as_past(text, m.start()):
                    date = valid_date(date.year - 1, month, int(g["day"])) or date  # "was held on July 15"
                # a range is a proposal ahead ("between June 20 and 30"), unless it has ended: a timeline's
                # "June 13-15, 2028 - Third round" was a plan, in "what comes next"
                last = valid_date(date.year, month, int(g["day2"])) if kind == "range" and date else None
                forward = kind == "range" and not (ref is not None and last is not None and last < ref)
            elif kind == "month":
                month = _month(g["month"])
            elif kind == "year":
                forward = ref is not None and year is not None and year > ref.year  # "before mid-2027": a next step
            elif kind == "weekday":
                if (has_month or digits) and _DATE_AFTER_WEEKDAY.match(text, m.end()):
                    continue
                forward = (g.get("next") or "").strip().lower() == "next" or _ahead(text, m.start())
                if ref is not None and not forward and _WAS_DUE.search(text, max(0, m.start() - 80), m.start()):
                    # "talks were due to resume on Thursday", filed on a Wednesday: the nearer Thursday
                    forward = (WEEKDAYS.index(g["weekday"].lower()) - ref.weekday()) % 7 < 4
                if ref is not None:
                    date = weekday_before(ref, WEEKDAYS.index(g["weekday"].lower()), forward)
                if ref is not None and not forward and (plan := _SCHEDULED.search(text, max(0, m.start() - 100),
                                                                                  m.start())) \
                        and not _NOT_AHEAD.search(plan.group(1)):  # "resume after the delegations met on Monday"
                    forward = True  # "resume ... on Monday": today, or the coming one
                    date = ref + dt.timedelta(days=(WEEKDAYS.index(g["weekday"].lower()) - ref.weekday()) % 7)
            elif kind == "ago":
                count = _AGO_COUNTS.get(g["n"].lower()) or int(g["n"])
                if g["unit"].lower() == "day" and ref is not None:
                    date = ref - dt.timedelta(days=count)
            elif kind == "relative" and ref is not None:
                shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[g["rel"].lower()]
                date = ref + dt.timedelta(days=shift)
                forward = shift > 0
            taken.append((m.start(), m.end()))
            found.append(DateMention(kind="day" if kind == "numeric" else kind,  # a day as any other, once read
                                     start=m.start(), end=m.end(), text=m.group(0), date=date,
                                     year=year or (date.year if date else None), month=month, day=day,
                                     prep=(g.get("prep") or "").lower() or None, forward=forward))
    return sorted(found, key=lambda d: d.start)


# A day the copy looks ahead to ("a 6% rise from 1 January 2027", "a ballot by 16 November", "we will march on
# 24 October", "the third round is set for Nov. 13"): no clue to when it was written
_LOOKS_AHEAD = re.compile(r"\b(?:from|until|till|by|before|starting|effective)\s+(?:the\s+)?$|"
                          r"\b(?:will|shall|due|next|scheduled|expected|planned|slated|set\s+(?:for|to)|deadline|"
                          r"runs\s+out|expires?)\b"
                          r"[^,;:.]*$", re.IGNORECASE)
# ... or after it: "the fourth round on June 21 will be little more than a photo opportunity"
_AHEAD_AFTER = re.compile(r"[^,;:.]{0,40}?\b(?:will|shall)\b", re.IGNORECASE)


# An undated article that tells its event as "last night" or "yesterday" came out the day after it
_DAY_BEFORE = re.compile(r"\b(?:yesterday|last\s+night)\b", re.IGNORECASE)


def weekday_named(d: DateMention) -> str:
    """The weekday a weekday mention names, as written: "Monday's talks" -> "Monday"."""
    return d.text.split()[-1].replace("’s", "").replace("'s", "")


def infer_publication(texts: list[str], year_hint: int | None) -> tuple[dt.date | None, str | None]:
    """Date an undated article from its own words (see the module docstring for the convention).

    ``year_hint`` is the year of the corpus the article arrived with: a month and day
    written without a year belong to it. Returns the day and a readable reason, or (None, None).
    """
    explicit: list[dt.date] = []
    weekday: str | None = None
    for text in texts:
        for d in find_dates(text, None):
            if d.kind == "weekday" and weekday is None and not d.forward:
                weekday = weekday_named(d)
            elif d.kind in ("day", "iso") and d.month and d.day and (d.year or year_hint) \
                    and not _LOOKS_AHEAD.search(text, max(0, d.start - 60), d.start) \
                    and not _AHEAD_AFTER.match(text, d.end):
                day = valid_date(d.year or year_hint or 0, d.month, d.day)
                if day:
                    explicit.append(day)
    if not explicit:
        return None, None
    latest = max(explicit)
    if weekday is None:
        return latest, f"latest date in the text ({latest:%B %-d})"
    target = WEEKDAYS.index(weekday.lower())
    day = latest + dt.timedelta(days=(target - latest.weekday() - 1) % 7 + 1)
    reason = (f"\"{weekday}\" after the latest explicit date in the text ({latest:%B %-d}): "
              f"the first {weekday} after it, {day:%A %-d %B %Y}")
    if any(_DAY_BEFORE.search(text) for text in texts):  # "came home from Lissel last night"
        day += dt.timedelta(days=1)
        reason += f"; told as \"last night\" or \"yesterday\": the paper of the day after, {day:%A %-d %B %Y}"
    return day, reason
