"""The extraction pipeline: raw file text -> article metadata and sentence-level facts.

Each step is a small pure function in its own module (article, sentences, dates,
entities, quotes, figures, anchors); this module runs them in order over one document
and adds the static part of a fact's salience. Nothing here touches the database, so
every step is testable on a string and a reindex is just running this again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from store.extract.anchors import (
    REPORTING_WINDOW,
    Anchor,
    anchor_sentence,
    event_noun_spans,
    find_ordinal,
    in_since_clause,
    is_lead_event,
    renumbered,
    reports_its_round,
    side_meeting_only,
)
from store.extract.article import parse_article
from store.extract.dates import (
    WEEKDAYS,
    DateMention,
    find_dates,
    infer_publication,
    nearest_day,
    valid_date,
    weekday_named,
)
from store.extract.entities import NameMemory, countries_in, find_entities, groups_in
from store.extract.figures import find_figures
from store.extract.quotes import SPEECH, Speech, find_speech, labelled_speaker
from store.extract.sentences import ANSWER, Sentence, quotation_end, split_sentences
from store.search import day_token, month_token, tier_token
from store.story import Story
from store.text import Caseless, fold

# Raised when extraction changes what it finds: `status` counts the articles extracted by an
# older version, and an admin `reindex` brings them up to date. 2: hard-wrapped paragraphs
# joined; datelines, "City of", "Port ...", street and region words make places, not people.
# 3: an editor's [insertion] inside a name no longer splits it.
# 4: hyphenated measures ("a five-hour session") are figures; times of day ("1220 GMT") are not;
# a figure ends at punctuation and prepositions; "twenty-five" is one number; "before mid-2027" is a
# date ahead (a next step).
# 5: "This was stated by X": the sentence before it is X's, and it is no fact of its own; "100%
# sure" is no figure; "two of the 14 chapters" is a figure of two chapters.
# 6: the first words of two-word cities no one is called ("Buenos Aires", "Tel Aviv") make places.
# 7: a teaser headline glued to the paragraph after it ("... Putin, Zelenskyy Turkish President
# Erdogan called ...") is cut off: the sentence starts at the nationality and title.
# 8: a quotation cut into sentences is one fact ('"The meeting must be prepared. Only then will it
# make sense," Medinsky said.'); every sentence of a longer one takes its speaker. A headline glued to
# a lead naming its person again is cut off ("Umerov spoke about ... with Russia Defense Minister
# Rustem Umerov said ..."). "He said this on the air of ..." credits the sentence before it. A number
# inside a name ("Union Local 418 met") is no figure. "The head of the Presidential Office Andriy
# Yermak" names a person and an office; a name does not run across the end of a sentence. "This was
# stated by X" after a sentence of its paragraph is no fact of its own. Titles between a speech verb
# and the name after it do not count as distance.
# 9: a day written without its year, after a sentence of its paragraph set in an earlier year ("in the
# spring of 2022 ... dated April 15"), is of that year. A first line is dropped as the headline only
# when it is the title, not when it begins with the title's words (a lead).
# 10: a wire lead's day is its talks' day when the talks end its sentence ("agreed on Tuesday to a
# truce, at the end of their talks"); "a day before the talks" is no evidence; a round spoken of as a
# plan is no ordinal anchor; "dated May 13" is a document's day; a weekday after "will" or "is due to"
# is the coming one. Wire credits are no fact; '"We are here to ...," he said' is no link stub. A name
# inside a quote or after a preposition ("criticism from Zelensky") is not the speaker, and "he said"
# stands for the person named before its sentence. A file without a date line is dated by the day
# it states at its top ("NAIROBI, 20 June 2026 –", "Published Friday, June 19, 2026"), not inferred.
# "Three days ago" is that day; "two months ago" (not "since ... ago", not after a modal) is background.
# 11: "exchange" is the same word as "swap" and "exchanged" in fact keys, so such paraphrases group.
# Reported speech's "would" points a weekday ahead as "will" does, unless after "had" or as "would have".
# A past year in a relative clause ("territories that Russia annexed in 2022") makes no background.
# A fact's search text names the days it names (store/search.day_token): a day's answer finds plans.
# A month and day without a year is the nearest such day, one ahead counting 1.5 times as far.
# "the Accord of 1996" and "since ... in 2017" make no background; "at that meeting" goes back to the
# moment told last; a semicolon ends no sentence; "Times are GMT" is a live page's housekeeping.
# A sentence an article repeats word for word is one fact.
# "Name, apposition, told reporters" names the speaker; a quote left open takes the next sentence's.
# "Tuesday 3rd March" is 3 March; arriving is not meeting; "initialed ... after 14 hours of talks" is
# the event happening; wire notes to editors are no facts; "no more than 1.1", "$1.2bn", "380 m3/s".
# Two facts that share only who they are about (names, titles, bodies) are two facts; "led" is "headed".
# A dateline without a year dates the article; "**Background:**" labels and correction notes are no facts.
# A fact's search text names the months it names (store/search.month_token): a month's answer finds them.
# 13: an article's opening keeps the day it names and the round number it gives (in the outlets' count)
# for round discovery (store/rounds.Lead).
# 14: "€90m", "£30k": a scale written on to the number is part of the figure. "Pieter Olafsen of Dry Taps"
# works there. A paragraph a correction note opens is the note's; contributor lines and signposts are
# no facts. "according to the Ministry of X" is no venue. "KARVO, Norland (AP) —" is a dateline.
# "initialed early Wednesday" after talks that began on Tuesday is the Tuesday talks'. An undated
# article that says "last night" or "yesterday" came out the day after the weekday it names. An outlet's
# framing of its own copy ("Our daily round-up of news ...", "This is a developing story") is no fact.
# "This time ..." after a look back ("In 2013 the regions were not asked.") is the present again.
# "Elena de la Cruz" (two particles) is a name; "De la Cruz said", "Ó Briain said" are the person named
# in full; a storm ("Cyclone Hina") is no person. A sitting of several days ("at the close of two days of
# talks", "a three-day session that opened on Tuesday") is dated by its first day; "at the previous round"
# is background; an ordinal in a since-clause ("since the first round in March") numbers no round.
# "the Ministry of Foreign Affairs" is a venue whole; "..., the Ministry of Transport said" is a source.
# A day on which the talks were praised or criticised is no day of the talks.
# 15: a wire's dateline without a place ("June 16 (Reuters) - ") is no part of the lead.
# "the third sitting", "the first session" and a headline's "Round III" number a round; "the commission
# set up at the first session" does not. A live page's "Published: 2029-05-16T06:45:00Z | Last updated: ..."
# dates it. "originally due on 9 May but put back" is no day of the talks. "signed on Wednesday after two days
# of talks" closes a sitting that opened on the Tuesday. The article's own outlet is no person.
# "The URJ wants the release of ... officers arrested after a failed mutiny in 2023" is of the present.
# "an 850-million-dollar fund" is a figure of $850 million. "..., both of which Putin had previously
# proposed" is no word of Putin's. A live page's "Update, 12:05:" is no part of its entry; "That's all from
# Brunsk tonight.", "Brunsk is three hours ahead.", "The interview has been edited for length." are no facts.
# A cooperative ("the Dalny Valley Herders' Cooperative") is no person. A pull quote is said by the name
# on the line under it ("— Joost Halder, mayor of Mirren"). An interview's "A:" answers are the words of
# the person it introduced. A range of days that has ended ("June 13-15, 2028 - Third round") is no plan.
# "in the 1923 Treaty of Sellin" names a document, no time; "closed since September 2026" is a start.
# "Kovalchuk told reporters, referring to the Tornvik Protocol, signed on Aug. 12, 1958" is of today. "the two
# sides" is no figure in a fact's key; "450 cumecs" is "450 cubic metres per second". "Talks were due to
# resume on Thursday" filed on a Wednesday is the next day; "talks with the Ministry of X" names no venue;
# a numbered paragraph's "7. " is no part of its fact. "the Corn Exchange" is a venue; a venue word adds
# salience only capitalised, as in a name ("the prisoner exchange" is none). A range of days that has
# ended dates a sentence by its first day; a sentence over several rounds a week apart is background.
# A list's item with a figure is a fact without a full stop; "up from 2.5% at the first round" numbers no round.
# 16: "at the Brouwershuis, the 17th-century guild hall": a one-word venue its apposition calls a hall.
# "Published Sunday, April 27, 2031 | 8:15 a.m." dates the page (the "a.m." lost its dot and the line its day).
# "technical-level talks" and "not a formal round of negotiations" name no event; "is due to take place" is a
# plan; "When they sit down on Saturday, it will be ..." is the coming Saturday; an opening sentence dated
# long before reports no event; a correction note that renumbers the round renumbers the article's facts;
# "at the first round, on April 12; at the second, on April 26" is background; a deadline dates no undated
# article; "Compare this with 2027. Then, ..." is 2027's. "Badr al-Muhanna" is one name; "the Institute for
# Security Studies" and "Via Sabina" name no person. A fact's key keeps a single digit ("by 3 days" was "by 30
# days") and marks a negation ("did not agree" was "agreed"). An article naming none of a story file's
# `story_words` is other news: it makes no round. "The two parties resume their negotiations on Monday" is
# ahead; "joined the talks for the first time" and "before the first round" number no round. A figure ends
# before "because" and a past verb ("61 per cent of the roughly 3,000 farmers voted"). "the Social Democrats"
# and "the Blue Room" are no people. A short sentence, no fact, names who "he said" next stands for.
# 17: text is tidied as it is read (store.text.tidy): a zero-width space or soft hyphen inside a name is
# dropped, "6 000" written with a narrow space is 6,000. Names in any Latin letters ("Nguyễn Thị Lan" was
# "Nguy"); "Ms Ní Riain" is the Siobhán Ní Riain named before; "the Federation of Public Hospitals" and "the
# Coravian Nurses and Midwives Organisation" name no person; a byline's "By Orla Keane, Health Correspondent
# | 03/05/2033" dates the copy. American copy: "Gov." and "Rep." before a name end no sentence, nor "Ariz." in
# "CEDAR RIDGE, Ariz. (AP) —"; "would hold a public hearing ... on Saturday" is ahead however long the clause;
# "two planned casinos" is no plan of the talks; a lead naming its own publication day ("raised its offer
# Thursday") reports that day; "Published Thursday, Oct. 12, 2034, 3:58 p.m." and "UPDATED at 6:45 p.m. with
# ..." are no facts; "House Speaker Gregory Hale" is no venue; "set for Nov. 13" is a plan. "The first round was
# held on July 15", written in March, is last July's; a figure keeps "killed in battle" and ends at "first". An
# undated opening's "Thursday in a second round of talks" is the day the dated coverage gives round 2 (``numbered``).
# 18: Indian and Pakistani copy: "New Delhi, Jan 8 (PTI)" and "NEW DELHI: " are datelines, "Posted On: 06 FEB
# 2031" dates a release, "Smt." and "Ch." end no sentence, "Shri", "Smt.", "Sardar" are no part of a name,
# "K.S. Reddy" is read whole, "The Centre" is no venue, "Kartavya Path" no person. "No talks were held on
# Sunday" is no evidence of a round; an editorial or opinion piece is commentary, of no round; "CORRECTION:
# In an earlier version ..." is a note; "said Rep. Anthony Ruiz Jr. (D-Ariz.), whose district ..." is one
# sentence. Commentary is of the day it was written; a report opening on a side meeting ("ended three days of
# technical talks") is evidence of no round; "The Colvera Herald | Live coverage | Friday, May 6, 2033" dates
# a page; direction marks are dropped; front matter that cannot be read is noted.
EXTRACTOR_VERSION = 18
LEAD_SENTENCES = 3  # the opening sentences of an article: where it reports its own event
_A_YEAR = dt.timedelta(days=366)

_OUTCOME = Caseless(r"\b(agreed|agree|agreement|rejected|reject|demanded|demands?|proposed|offered|refused|"
                    r"signed|ended|concluded|began|begun|discussed|exchange|swap|release|released|"
                    r"announced|confirmed|accused|ceasefire|cease-fire|truce|withdraw\w*|memorandum|"
                    r"deal|lasted|met|held|sanctions)\b")
_TYPED_YEAR = re.compile(r"\d{4}")
# "Ostrelia arrived at that meeting demanding ...": the moment the copy told last, not the article's own
# A sentence that comes back from a look back to the present: "This time ...", "Now ...", "Today ..."
_BACK_TO_NOW = Caseless(r"^(?:but\s+|and\s+)?(?:this\s+time|now|today|these\s+days|this\s+year)\b")
_THAT_MOMENT = Caseless(r"\b(?:at|in|during|after|since|before)\s+that\s+(?:(?:first|second|third|fourth|fifth|"
                        r"last|earlier|previous)\s+)?(?:meeting|session|round|summit|time|stage|point)\b")
_CONTEXT_START = Caseless(r"^(he|she|it|they|this|that|these|those|there|but|and|so|also)\b")
_PRONOUNS = Caseless(r"\b(it|its|they|them|their|this|that|these|those|he|him|his|she|her|we|us|our)\b")
# "This was stated to journalists by ...", "This is according to ...": a sentence whose whole
# content is who said the sentence before it (wire copy, translated copy). Not "It was reported
# that talks resume", "This was confirmed by X, who said that ..." or "This was said to be the
# largest exchange": they say something more.
# Likewise "He said this on the air of the national telethon, Ukrinform reports.", "They said so in
# a statement.": not "He said this would be the last round", where "this" starts what was said.
_SOURCE_OF_PREVIOUS = Caseless(r"^(?:(?:this|these|those|the information)\s+(?!.*\b(?:that|to be)\b)"
                               r"(?:was|were|is|are|has been|have been|had been)\s+(?:\w+\s+)?(?:stated|said|"
                               r"reported|announced|told|noted|declared|confirmed|written|emphasi[sz]ed|stressed|"
                               r"according)\b|(?:he|she|they)\s+(?:said|stated|wrote|announced|noted|declared)\s+"
                               r"(?:this|so)(?:[,.]|\s+(?:on|in|at|during|after|before|while|when|speaking)\b)"
                               # "It was discussed. We are working on this issue. - Umerov answered the question of ..."
                               r"|(?:[\w’'.-]+\s+){1,4}(?:answered|responded\s+to|replied\s+to)\s+(?:a|the|this|that)\s+"
                               r"question\b)")
# Feelings and forecasts: commentary around the facts rather than the facts themselves.
_OPINION = Caseless(r"\b(optimistic|pessimistic|hopeful|hopes?|excited|dismay\w*|frustrat\w*|dreams?|"
                    r"fears?|worried|believes?|thinks?|feels?|sceptical|skeptical)\b")


@dataclass
class ExtractedFact:
    text: str
    start: int  # offsets into the raw file text
    end: int
    paragraph: int
    position: int
    anchor: str  # event_date | date | ordinal | background | article | inherited
    anchor_reason: str
    event_date: dt.date | None
    ordinal: int | None
    strong: bool
    speaker: str | None
    attribution: str | None
    is_quote: bool
    people: list[str]
    places: list[str]
    organisations: list[str]
    figures: list[dict[str, Any]]
    salience: float
    days_named: list[dt.date] = field(default_factory=list)  # every day the sentence names, plans included
    months_named: list[tuple[int, int]] = field(default_factory=list)  # (year, month) of those and of "in March"
    section: int | None = None  # the item of a roundup it belongs to (see roundup_sections); not stored


@dataclass
class ExtractedArticle:
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None
    date_source: str
    date_reason: str | None
    lead_event: bool
    dateline: str | None = None
    facts: list[ExtractedFact] = field(default_factory=list)
    # What the opening sentences say of the article's own event, for round discovery: the day they
    # name in the week before publication ("ended a session in Reykjavik on Tuesday", published on
    # Wednesday), and the round's number in the outlets' count ("after the fifth round of talks").
    lead_day: dt.date | None = None
    lead_ordinal: int | None = None
    problem: str | None = None  # what of the file could not be read and was done without (ParsedArticle.problem)


def static_salience(text: str, position: int, n_figures: int, n_people: int, story: Story,
                    anchor: Anchor | None, is_quote: bool, next_step: bool = False) -> float:
    """How much a sentence looks like a key fact, before corroboration is known.

    Inverted pyramid: early sentences matter more. Outcomes, figures, named actors and
    the next step (a date ahead) make a fact; feelings and forecasts are commentary; a
    sentence that leans on the one before it ("He added ...") makes a weaker bullet.
    """
    n_words = len(text.split())
    score = 1.0 / (1.0 + 0.08 * position)
    score += 0.35 * min(_OUTCOME.count(text), 2)
    score += 0.35 * min(n_figures, 2)
    score += 0.3 if next_step else 0.0
    score -= 0.35 if _OPINION.found(text) else 0.0
    score += 0.1 * min(n_people, 2)
    score += 0.3 if event_noun_spans(text, story) else 0.0
    # a venue named ("at the Dolmabahçe Palace", "the Corn Exchange"): the word capitalised, as in a name
    score += 0.3 if any(w[:1].isupper() and fold(w.strip(".,;:!?\"“”’'()")) in story.venue_set
                        for w in text.split()) else 0.0
    score += 0.3 if anchor is not None and anchor.kind in ("event_date", "ordinal") else 0.0
    score -= 0.25 if _CONTEXT_START.found(text) else 0.0
    score -= 0.75 if _SOURCE_OF_PREVIOUS.found(text) else 0.0  # says only who said the sentence before
    # a bullet must stand alone: every pronoun past the first leans on a sentence not shown
    score -= 0.15 * min(max(_PRONOUNS.count(text) - 1, 0), 3)
    score -= 0.1 if is_quote else 0.0
    if n_words < 8:
        score -= 0.5
    elif n_words > 45:
        score -= 0.3
    return round(score, 4)


def _dateline_in_year(month: int, day: int, year_hint: int | None,
                      today: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """A dateline's day without a year ("WASHINGTON, Sept. 30 (AP) —"): in the year of the dated
    articles stored, or else the last such day up to today (wire copy is read as it comes in).
    Guessing from the text instead took the day after a date it announced ("takes effect Oct. 15")."""
    if year_hint is not None:
        date = valid_date(year_hint, month, day)
        return date, date and f"the dateline's {date:%B %-d}, in {year_hint}, the year of the dated articles"
    today = today or dt.date.today()
    date = valid_date(today.year, month, day)
    if date is not None and date > today + dt.timedelta(days=1):
        date = valid_date(today.year - 1, month, day)
    return date, date and f"the dateline's {date:%B %-d}, the last one up to the day it was read ({date.year})"


_THEN = re.compile(r"(?:back\s+)?then,|at\s+(?:the|that)\s+time,", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _then_of_year(body: str, s: Sentence, this_year: int | None) -> Anchor | None:
    """ "Compare this with 2027. Then, negotiators met face to face, and the third round ended with a
    walkout": "then" is the past year its paragraph named just before (in a fragment, no fact), and the
    third round that year's, not this story's."""
    if this_year is None or not _THEN.match(s.text):
        return None
    years = [int(y) for y in _YEAR.findall(body, _line_start(body, s.start), s.start)]
    if not years or years[-1] >= this_year:
        return None
    return Anchor(kind="background", event_date=None, ordinal=None, reason=f"'then': {years[-1]}, named before")


_SHORT_SENTENCE = re.compile(r"(?:^|(?<=[.!?]))\s*([A-Z][^.!?\n]{2,60}[.!])(?=\s|$)")


def _names_in_fragments(gap: str, story: Story, memory: NameMemory) -> None:
    """Let the short sentences between two facts ("Mr Brek was blunter.", too short to be facts) name
    the person a following "he said" stands for."""
    if len(gap) < 8 or not any(c.isupper() for c in gap):
        return
    for m in _SHORT_SENTENCE.finditer(gap):
        if len(m.group(1).split()) < 5 and not m.group(1).isupper():  # not a heading in capitals
            find_entities(m.group(1), story, memory)


def _of_long_ago(text: str, published: dt.date | None) -> bool:
    """Whether a sentence is dated only long before its article: an explainer's third sentence, "The
    first round was held at the Palazzo Ferrante on June 10, 2027", reports no event of its own day."""
    if published is None:
        return False
    days = [d.date or dt.date(d.year, 12, 31) for d in find_dates(text, published)
            if (d.date or d.year) and not in_since_clause(text, d.start)]  # "the fifth round since ... 2024"
    return bool(days) and all(d < published - REPORTING_WINDOW for d in days)  # "and a second in September"


def extract(raw: str, story: Story, year_hint: int | None = None,
            numbered: Mapping[int, Collection[dt.date]] | None = None) -> ExtractedArticle:
    """Run every step over one file's text. ``year_hint``: the corpus's year, for undated files;
    ``numbered``: the days the dated coverage's openings number as rounds (:func:`_numbered_round`)."""
    parsed = parse_article(raw)
    # the headline line is no fact; a lead that merely begins with the title's words is one
    first_line = parsed.body.lstrip().split("\n", 1)[0].lstrip("#").strip()
    sentences = split_sentences(parsed.body, skip_first_line=parsed.title is not None
                                and first_line == parsed.title.strip())
    published, date_source, date_reason = parsed.published, parsed.date_source, parsed.date_reason
    if published is None and parsed.dateline_day:
        published, date_reason = _dateline_in_year(*parsed.dateline_day, year_hint)
        date_source = "inferred"  # the day is stated, its year is not
    if published is None:
        published, date_reason = infer_publication([s.text for s in sentences], year_hint)
        date_source = "inferred" if published else "unknown"
        date_reason = date_reason or "no date line, front matter or date in the text"
        told = _numbered_round(sentences[:LEAD_SENTENCES], story, numbered) \
            if numbered and not parsed.dateline_day else None
        # not before the dates its own text gives, nor a year after them: another story's sixth round
        if told and (published is None or published - REPORTING_WINDOW <= told[0] <= published + _A_YEAR):
            (published, date_reason), date_source = told, "inferred"
    # the outlet's own name ("Ergashev told Ostrelia Today") is no person, whatever words it is made of
    memory = NameMemory(countries=countries_in(parsed.body),
                        bodies=groups_in(parsed.body) | ({fold(parsed.outlet)} if parsed.outlet else set()))
    if parsed.dateline:
        memory.places.add(fold(parsed.dateline))  # "PORT CARROWAY, March 4 -": Port Carroway is no person
    article = ExtractedArticle(title=parsed.title, outlet=parsed.outlet, url=parsed.url, published=published,
                               date_source=date_source, date_reason=date_reason, dateline=parsed.dateline,
                               problem=parsed.problem,
                               lead_event=any(is_lead_event(s.text, story) and not _of_long_ago(s.text, published)
                                              for s in sentences[:LEAD_SENTENCES]))
    previous: tuple[int, Anchor] | None = None
    past_year: int | None = None  # the earlier year a paragraph's narrative is in ("in the spring of 2022")
    told: set[str] = set()
    interviewee: str | None = None
    sections = roundup_sections(parsed.body, sentences)
    said_before = 0  # where the text before this sentence starts: a short sentence there is no fact, but
    for s in sentences:  # it may name who speaks next ("Mr Brek was blunter. 'We are nobody's spare wheel,' he said.")
        _names_in_fragments(parsed.body[said_before:s.start], story, memory)
        said_before = s.end
        if s.text in told:
            continue  # a line said again word for word (a pull quote, a repeated template) is one fact
        told.add(s.text)
        dates = find_dates(s.text, published)
        if past_year is not None and previous and previous[0] == s.paragraph and previous[1].kind == "background" \
                and published is not None and any(_yearless_day(d) for d in dates):
            # "... in the spring of 2022, the meetings stopped. One of the drafts, dated April 15, ...":
            # April 15 of that spring, not of the publication's year
            dates = find_dates(s.text, _in_year(published, past_year))
        own = anchor_sentence(s.text, dates, published, story, lead=s.position < LEAD_SENTENCES)
        if then := _then_of_year(parsed.body, s, published.year if published else year_hint):
            own = then
        if own is None and (previous is None or previous[0] != s.paragraph):
            heading = _line_heading(parsed.body, s.start, published, story)
            if heading is not None:  # "* July-August 2026 - Drought. A hosepipe ban covers ...": the time
                previous = (s.paragraph, heading)  # its line opens with (a fragment, dropped) dates it
        anchor, kind = own, (own.kind if own else "article")
        if own is None and previous and previous[1].kind == "background" and _BACK_TO_NOW.found(s.text):
            previous = None  # "In 2013 the regions were not asked. This time the governors sat ...": the present
        if own is None and previous and (previous[0] == s.paragraph or _THAT_MOMENT.found(s.text)):
            # narrative continues within a paragraph; "at that meeting" goes back to the last moment told
            anchor, kind = previous[1], "inherited"
        if s.position < LEAD_SENTENCES:
            _note_lead(article, own, s.text, dates, story)
        if own is not None:
            previous = (s.paragraph, own)
            past_year = _earlier_year(dates, published) if own.kind == "background" else None
        antecedent = memory.last_person  # who "he said" stands for: named before this sentence
        ents = find_entities(s.text, story, memory)
        speech = find_speech(s.text, ents.people, memory, story, antecedent)
        if s.said_by == ANSWER:  # "A: ...": the person the interview introduced, named before its first answer
            interviewee = interviewee or antecedent
            if interviewee:
                speech = Speech(interviewee, speech.attribution, True)
        elif s.said_by and (speaking := labelled_speaker(s.said_by, story, memory)):
            # a transcript's answer is its labelled speaker's words, whoever they mention; its "A:" lines too
            speech, interviewee = Speech(speaking, speech.attribution, True), speaking
        figures = find_figures(s.text, [(d.start, d.end) for d in dates if d.kind != "year"])
        article.facts.append(ExtractedFact(
            text=s.text, start=parsed.body_offset + s.start, end=parsed.body_offset + s.end,
            paragraph=s.paragraph, position=s.position, anchor=kind,
            anchor_reason=(anchor.reason if anchor else "the article's own event")
            + (" (earlier in the paragraph)" if kind == "inherited" else ""),
            event_date=anchor.event_date if anchor else None,
            ordinal=anchor.ordinal if anchor else None,
            strong=bool(own and own.strong),
            speaker=speech.speaker, attribution=speech.attribution, is_quote=speech.is_quote,
            people=ents.people, places=ents.places, organisations=ents.organisations,
            figures=[{"value": f.value, "unit": f.unit, "text": f.text} for f in figures],
            salience=static_salience(s.text, s.position, len(figures), len(ents.people), story, own,
                                     speech.is_quote, next_step=any(d.forward for d in dates)),
            days_named=sorted({d.date for d in dates if d.date is not None and d.kind != "ago"}),
            months_named=_months_named(dates, published),
            section=sections.get(s.paragraph),
        ))
    _credit_pull_quotes(parsed.body, parsed.body_offset, article.facts, story, memory)
    _sessions_from_their_opening(article.facts)
    _small_hours(article.facts)
    _credit_surnames_named_later(article.facts)
    _carry_quote_speakers(article.facts)
    article.facts = _credit_previous_sentence(article.facts)
    if fix := renumbered(parsed.body):
        _renumber(article, *fix)
    if not story.names_story(f"{parsed.title or ''}\n{parsed.body}"):
        _set_aside(article, "another story: it names none of the story file's words")
    elif parsed.commentary:
        _as_commentary(article)
    elif sentences and side_meeting_only(sentences[0].text, story):
        _as_side_meeting(article)
    return article


def _numbered_round(opening: list[Sentence], story: Story,
                    numbered: Mapping[int, Collection[dt.date]]) -> tuple[dt.date, str] | None:
    """The day of an undated article whose opening numbers its round and names its weekday ("narrowed
    their differences Thursday in a second round of talks"), when the dated coverage's openings number
    that round on one such day. An AP report with no date anywhere was dated the Thursday after the
    latest date in its text, a recap's, and made a round of its own weeks early."""
    for s in opening:
        number = find_ordinal(s.text, story)
        if number is None or number not in numbered:
            continue
        named = {weekday_named(d).lower() for d in find_dates(s.text, None) if d.kind == "weekday" and not d.forward}
        days = {d for d in numbered[number] if WEEKDAYS[d.weekday()] in named}
        if len(days) == 1:
            day = days.pop()
            return day, f"its opening's round {number} on a {day:%A}: the dated coverage's, {day:%A %-d %B %Y}"
    return None


def _as_commentary(article: ExtractedArticle) -> None:
    """An editorial or opinion piece argues; it reports no round: "the talks will remain a dialogue of the
    deaf", three days after round 7, was round 7's news, and so was "the pictures from Samvad Bhawan on
    Wednesday". Its sentences are of the day it was written, whatever day they recall, evidence of no round
    and numbering none; in a piece with no date, and those about times long past, they are background."""
    _reports_no_round(article)
    for fact in article.facts:
        if fact.anchor != "background":
            if article.published is None:
                fact.anchor, fact.event_date = "background", None
            else:
                fact.anchor, fact.event_date = "date", article.published
            fact.anchor_reason = "commentary: an editorial or opinion piece, of the day it was written"


def _as_side_meeting(article: ExtractedArticle) -> None:
    """A report of a side meeting, by its opening ("Military officers ... ended three days of technical talks
    in Panama City on Friday"): its "the subcommission, set up at the last round of peace talks, met from
    Wednesday to Friday" made a round. Its days stand; they are evidence of no round, and it numbers none."""
    _reports_no_round(article)


def _reports_no_round(article: ExtractedArticle) -> None:
    """Neither its opening nor its sentences are evidence of a round, nor number one."""
    article.lead_event, article.lead_ordinal, article.lead_day = False, None, None
    for fact in article.facts:
        fact.strong, fact.ordinal = False, None


def _set_aside(article: ExtractedArticle, why: str) -> None:
    """Other news in the folder (it names none of the story file's ``story_words``): its "first round of
    talks with Sandvik's agent" and chess "round 5" made rounds of the story. Its facts stay searchable,
    of no round and no day of the story's."""
    _reports_no_round(article)
    for fact in article.facts:
        fact.anchor, fact.anchor_reason, fact.event_date = "background", why, None


def _renumber(article: ExtractedArticle, wrong: int, right: int) -> None:
    """A correction note says the round the copy numbers ``wrong`` is round ``right``: "described
    Saturday's talks as the third round. They were the second round." The headline and the lead still
    say "third", and made the round 3 and the next one 4."""
    for fact in article.facts:
        if fact.ordinal == wrong:
            fact.ordinal = right
    if article.lead_ordinal == wrong:
        article.lead_ordinal = right


def _line_start(body: str, pos: int) -> int:
    """Where the line holding ``pos`` begins: what opens it may have been cut from the sentence."""
    return body.rfind("\n", 0, pos) + 1


def _line_heading(body: str, start: int, published: dt.date | None, story: Story) -> Anchor | None:
    """The earlier time that opens the sentence's line before it, when that was dropped as too short to
    be a fact: a timeline's "July-August 2026 - Drought." still makes the sentence after it history."""
    lead_in = body[_line_start(body, start):start].strip(" *•-\t")
    if not lead_in or len(lead_in) > 60 or not any(c.isdigit() for c in lead_in):
        return None
    heading = anchor_sentence(lead_in, find_dates(lead_in, published), published, story)
    return heading if heading is not None and heading.kind == "background" else None  # not a dateline's day


def _note_lead(article: ExtractedArticle, own: Anchor | None, text: str, dates: list[DateMention],
               story: Story) -> None:
    """Keep the first day and the first ordinal the opening sentences give their own event. A lead
    reporting the event on the day it is published names that day ("raised its offer Thursday ... in
    a second round of talks", filed on the Thursday), which is no anchor of its own: the day a later
    opening sentence named ("testified Wednesday") made a round of the day before."""
    published = article.published
    if article.lead_day is None and published is not None:
        if own is not None and own.event_date is not None \
                and published - REPORTING_WINDOW <= own.event_date <= published:
            article.lead_day = own.event_date
        elif any(d.date == published and not d.forward for d in dates) and is_lead_event(text, story):
            article.lead_day = published
    if own is not None and article.lead_ordinal is None and own.kind == "ordinal" \
            and reports_its_round(text, dates, published):
        article.lead_ordinal = own.ordinal


# An item of a news roundup: "PERU — Heavy rain has forced ...", "EU/JAPAN — Negotiators from ..."
_ROUNDUP_LABEL = re.compile(r"[A-Z][A-Z0-9/&'’.]*(?:[ /&-][A-Z0-9/&'’.]+){0,4}\s+[—–]\s+(?=[A-Z\"“])")
ROUNDUP_ITEMS = 3  # labelled paragraphs that make a roundup: a lone "KYIV —" opening a story does not


def roundup_sections(body: str, sentences: list[Sentence]) -> dict[int, int]:
    """In a roundup (several paragraphs each opening with a label in capitals and a dash, one story
    each), the item every paragraph belongs to, by paragraph: from a labelled one up to the next.
    Which item is the story's is for the store to tell (store/roundups.py): it knows the others.
    The label is read on the line, before the sentence: one like "PERU — " is cut as a dateline."""
    labelled = sorted({s.paragraph for s in sentences
                       if _ROUNDUP_LABEL.match(body, _line_start(body, s.start))})
    if len(labelled) < ROUNDUP_ITEMS:
        return {}
    return {p: max(i for i, first in enumerate(labelled, 1) if first <= p)
            for p in {s.paragraph for s in sentences} if p >= labelled[0]}


def _yearless_day(d: DateMention) -> bool:
    """A day written without its year ("April 15"): the year is the reader's to supply."""
    return d.kind in ("day", "range") and not _TYPED_YEAR.search(d.text)


def _earlier_year(dates: list[DateMention], published: dt.date | None) -> int | None:
    """The last year before publication a sentence names as its time ("in 2022", "March 2022"; not
    "since 2022")."""
    years = [d.year for d in dates if d.year is not None and published is not None and d.year < published.year
             and d.kind in ("year", "month", "day", "iso") and d.prep not in ("since", "until", "by", "from")]
    return years[-1] if years else None


def _in_year(day: dt.date, year: int) -> dt.date:
    return day.replace(year=year) if (day.month, day.day) != (2, 29) else dt.date(year, 2, 28)


_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_N = r"(two|three|four|five|[2-5])"
_SITTING = r"(?:talks|session|sessions|sitting|round|meetings?|negotiations|summit|conference)"
# A sitting of several days, and whether the sentence's day is its first or its last: "opened three days
# of talks ... on Monday", "a three-day session that opened on Tuesday"; "on Tuesday at the close of two
# days of talks", "the two-day talks ended on Tuesday"
_OPENED = re.compile(rf"\b(?:opened|began|started|opening)\s+{_N}\s+days\s+of\s+{_SITTING}|\b{_N}-day\s+{_SITTING}\s+"
                     r"(?:that\s+|which\s+)?(?:opened|began|started)\b", re.IGNORECASE)
_CLOSED_AFTER = re.compile(rf"\b(?:(?:close|end|conclusion)\s+of|after)\s+{_N}\s+days\s+of\s+{_SITTING}|"
                           rf"\b{_N}-day\s+{_SITTING}\s+(?:that\s+|which\s+)?(?:ended|closed|concluded|wrapped\s+up)\b",
                           re.IGNORECASE)
_LASTING = re.compile(rf"\b{_N}-day\s+{_SITTING}\b", re.IGNORECASE)  # "the two-day sitting", neither end named


def sitting_told(text: str) -> tuple[int, str] | None:
    """How many days a sentence says its sitting lasted, and which of them its day is: "first"
    ("opened three days of talks on Monday"), "last" ("on Tuesday at the close of two days of talks"),
    or "" when it does not say ("The two-day sitting at Vennberg Palace is the first since ...").
    Round discovery reads it too: a round's other days are the first's (store/rounds.py)."""
    if "day" not in text:
        return None
    if m := _OPENED.search(text):
        return _COUNT[(m.group(1) or m.group(2)).lower()], "first"
    if m := _CLOSED_AFTER.search(text):
        return _COUNT[(m.group(1) or m.group(2)).lower()], "last"
    if m := _LASTING.search(text):
        return _COUNT[m.group(1).lower()], ""
    return None


def _sessions_from_their_opening(facts: list[ExtractedFact]) -> None:
    """A round of several days is dated by its first ("held over two days on 20 and 21 October" is
    the round of the 20th): when the article says how long its sitting was and on which day it
    opened or closed, its facts of the later days are the first day's. "Raised its offer on Tuesday
    at the close of two days of talks" made a round of the Tuesday, and the Monday's agreements
    belonged to no round."""
    spans: list[tuple[dt.date, dt.date]] = []
    for f in facts:
        if f.event_date is None or f.anchor not in ("date", "event_date") or not (told := sitting_told(f.text)):
            continue
        days, side = told
        if not side:
            continue
        first = f.event_date - dt.timedelta(days=days - 1) if side == "last" else f.event_date
        spans.append((first, first + dt.timedelta(days=days - 1)))
    for first, last in spans:
        for f in facts:
            if f.event_date is not None and first < f.event_date <= last:
                f.anchor_reason += f" (day {(f.event_date - first).days + 1} of talks that opened on {first:%-d %B})"
                f.event_date = first


# The small hours of a day: "initialed early Wednesday", "agreed in the early hours of Wednesday", "overnight"
_SMALL_HOURS = Caseless(r"\b(?:early\s+(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|in\s+the\s+(?:early|small)"
                        r"\s+hours|overnight|before\s+dawn)\b")


# What the small hours of the talks produce: "the agreement initialed early Wednesday", "talks ended
# overnight"; not "drones struck the port early Wednesday"
_THE_TALKS_OR_A_DEAL = Caseless(r"\b(?:agree\w*|initial+ed|signed|deal|accord|breakthrough|talks|negotiat\w+|"
                                r"session)\b")


def _small_hours(facts: list[ExtractedFact]) -> None:
    """"The framework agreement initialed early Wednesday ..." after "Talks began Tuesday morning
    and ended after 3 a.m. on Wednesday": the deal closes the Tuesday talks, and was outside their
    round. A sentence dated in the small hours of the day after an event the article reports is
    that event's, and so is the rest of its paragraph that took its day from it."""
    event_days = {f.event_date for f in facts if f.strong and f.event_date is not None}
    moved: dict[int, dt.date] = {}  # paragraph -> the day its sentences were moved from
    for f in facts:
        day = f.event_date
        if day is None or (eve := day - dt.timedelta(days=1)) not in event_days:
            continue
        inherited = f.anchor == "inherited" and moved.get(f.paragraph) == day
        if inherited or (f.anchor in ("date", "event_date") and _SMALL_HOURS.found(f.text)
                         and _THE_TALKS_OR_A_DEAL.found(f.text)):
            f.event_date, f.strong = eve, False
            f.anchor_reason += " (the small hours after the event of the day before)"
            moved[f.paragraph] = day


# A pull quote's credit on a line of its own, after the quote: "— Joost Halder, mayor of Mirren"
_PULL_CREDIT = re.compile(r"^[ \t]*[—–][ \t]*(?P<who>[A-Z][^\n,]{2,60})(?:,[^\n]*)?$", re.MULTILINE)


def _credit_pull_quotes(body: str, offset: int, facts: list[ExtractedFact], story: Story,
                        memory: NameMemory) -> None:
    """'"Nobody on this river wants a war."' then, on the next line, "— Joost Halder, mayor of
    Mirren": the line (no fact: it ends in no stop) names who said the quote above it, which had
    no speaker."""
    for m in _PULL_CREDIT.finditer(body) if "—" in body or "–" in body else ():
        named = find_entities(m["who"], story, memory).people
        above = [f for f in facts if f.end <= offset + m.start()]
        if len(named) != 1 or not above or body[above[-1].end - offset:m.start()].strip(" \t\n\"”’'"):
            continue
        quote = [f for f in above if f.paragraph == above[-1].paragraph]
        if quote[0].text[:1] in "\"“" and all(f.speaker is None for f in quote):
            for f in quote:
                f.speaker = named[0]
                f.people = f.people if named[0] in f.people else [*f.people, named[0]]


def _credit_previous_sentence(facts: list[ExtractedFact]) -> list[ExtractedFact]:
    """"Contacts were discussed. This was stated to journalists by the head of the delegation,
    Defence Minister Rustem Umerov, reports UNN.": the second sentence's one person is its
    speaker, however far from the verb, and its speaker and outlet are the first's, when that
    names none. Then the second is no fact of its own ("He said this on the air of the national
    telethon" was a bullet of Umerov's answer), unless it opens its paragraph: the facts kept."""
    kept = facts[:1]
    for before, f in zip(facts, facts[1:], strict=False):
        if not _SOURCE_OF_PREVIOUS.found(f.text):
            kept.append(f)
            continue
        if f.speaker is None and len(f.people) == 1:
            f.speaker = f.people[0]
        if before.paragraph == f.paragraph:
            before.speaker = before.speaker or f.speaker
            before.attribution = before.attribution or f.attribution
        else:
            kept.append(f)
    return kept


# a quote closed and credited to a lone surname: '"We've had exchanges of prisoners," Medvedenko added.'
_QUOTE_BY_SURNAME = re.compile(rf"[”\"],?\s+([A-Z][\w’'-]+)\s+(?:{SPEECH})\.?$")


def _credit_surnames_named_later(facts: list[ExtractedFact]) -> None:
    """A quote credited to a surname alone before the article gives the full name (a lead's second
    paragraph, the full name in the tenth) had no speaker: the surname was unknown when it was read.
    It is the one person of the article whose full name ends in it."""
    unsaid = [(f, m.group(1)) for f in facts if not f.speaker and (m := _QUOTE_BY_SURNAME.search(f.text))]
    if not unsaid:
        return
    full: dict[str, set[str]] = {}
    for f in facts:
        for name in f.people:
            if " " in name:
                full.setdefault(fold(name.split()[-1]), set()).add(name)
    for f, surname in unsaid:
        owners = full.get(fold(surname), set())
        if len(owners) == 1:
            f.speaker = next(iter(owners))
            f.is_quote = True
            if f.speaker not in f.people:
                f.people = [*f.people, f.speaker]


def _carry_quote_speakers(facts: list[ExtractedFact]) -> None:
    """A quote cut into several sentences has one speaker, named in only one of them.

    A quotation too long to be one fact (store/extract/sentences.QUOTE_WORDS) is several: every
    sentence from the one opening it to the one closing it, in one paragraph, takes the speaker
    named in any of them. A quote standing alone next to another with a speaker ('"We will not
    give up," said Dobrescu. "Not now."') takes that one.
    """
    i = 0
    while i < len(facts):  # quotations running over several sentences of one paragraph
        last = i
        while last + 1 < len(facts) and facts[last + 1].paragraph == facts[i].paragraph:
            last += 1
        run = facts[i:i + 1 + quotation_end([f.text for f in facts[i:last + 1]], 0)]
        speaker = next((f.speaker for f in run if f.speaker), None) if len(run) > 1 else None
        for f in run if speaker else ():
            f.speaker = f.speaker or speaker
            f.is_quote = True
        i += len(run)
    for i, f in enumerate(facts):
        if f.speaker or not f.text.startswith(("“", '"')):
            continue
        # a quote whose mark is never closed (a slip of the copy) runs into the sentence naming who spoke
        unclosed = f.text.startswith("“") and "”" not in f.text
        neighbours = [g for g in (facts[i + 1] if i + 1 < len(facts) else None,
                                  facts[i - 1] if i > 0 else None)
                      if g is not None and g.paragraph == f.paragraph and g.speaker
                      and (g.is_quote or "”" in g.text or '"' in g.text or (unclosed and g is facts[i + 1]))]
        if neighbours:
            f.speaker, f.is_quote = neighbours[0].speaker, True


def _months_named(dates: list[DateMention], published: dt.date | None) -> list[tuple[int, int]]:
    """The months a sentence names: those of its days, and a month alone ("a 30-day ceasefire in
    March"), in its year, or without one the nearest such month to the article's day, as a day
    without a year is (:func:`store.extract.dates.nearest_day`, taken at mid-month)."""
    months = {(d.date.year, d.date.month) for d in dates if d.date is not None and d.kind != "ago"}
    for d in dates:
        if d.kind != "month" or not d.month:
            continue
        if d.year:
            months.add((d.year, d.month))
        elif (nearest := nearest_day(d.month, 15, published)) is not None:
            months.add((nearest.year, nearest.month))
    return sorted(months)


def search_text(fact: ExtractedFact) -> str:
    """What topic searches match against: folded text, names, speaker, the fact's salience
    tier (store/search.py: lets a search read the best matches first) and the days it names
    (a question about a day finds "will meet again in Geneva on July 8").

    Folded part by part, which gives the text folding the parts joined would (folding works
    character by character, then collapses spaces), from folds already cached by extraction.
    """
    parts = (fact.text, fact.speaker or "", *fact.people, *fact.places, *fact.organisations,
             *map(day_token, fact.days_named), *(month_token(*m) for m in fact.months_named),
             tier_token(fact.salience))
    return " ".join(folded for part in parts if (folded := fold(part)))
