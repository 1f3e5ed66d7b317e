"""Step 4: people, places and organisations named in a sentence, spellings folded.

No trained model is available offline, so this is rule-based in the way wire copy
allows: names are runs of capitalised words; a title or a role before a run marks a
person ("Defense Minister Rustem Umerov"); "in/at/from" before it, the story's place
list, a place word in it ("Port Carroway", "City of ...", "Gaza Strip", "Middle East")
or the article's dateline marks a place; the story's organisation list and institutional
words mark an organisation; a name ending in an event word ("Second World War") is none.
A surname alone is linked to the full name used earlier in the article, and the story's
alias table folds spellings (Zelenskyy -> Zelensky).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from store.story import Story
from store.text import fold

# Latin letters beyond Latin-1, both cases in each block: Extended-A (Marović, Çırağan), -B (Romanian
# Ștefan) and Additional (Vietnamese Nguyễn Thị Lan, cut to "Nguy" before)
_EXTENDED = "Ā-ɏḀ-ỿ"
_UPPER = f"A-ZÀ-ÖØ-Þ{_EXTENDED}"  # capitals, accented ones included (Çırağan, Élodie)
_LOWER = f"a-zà-ÿ{_EXTENDED}"
# a capitalised word, or initials written together ("K.S. Reddy")
_CAP = rf"(?:[{_UPPER}]\.(?:[{_UPPER}]\.){{1,2}}|[{_UPPER}][{_LOWER}]*[’'`-]?[A-Za-zà-ÿ{_EXTENDED}’'-]*\.?)"
# A run goes on past "St." or "Gen.", not past a word ending a sentence ("the city of Istanbul. And
# nothing more": a fact can hold a whole quotation of several sentences). "Elena de la Cruz", "Juan van
# der Berg", "Badr al-Muhanna".
_RUN = re.compile(rf"{_CAP}(?:(?<![a-zà-ÿ]{{3}}\.)\s+(?:(?:de|da|van|von|al|bin|ibn|la|le|du|der|del|den)\s+){{0,2}}"
                  rf"(?:(?:al|el|ad|as|ash|at|az|ar|an)-)?{_CAP})*")
# Words a surname may carry before it, in any case: "De la Cruz said", "Ó Briain said" are the
# person the article named in full
PARTICLES = frozenset({"de", "la", "le", "da", "du", "dos", "das", "van", "von", "der", "den", "del", "di", "ter",
                       "ten", "zu", "ó", "o", "ni", "nic", "ui", "ua", "mac", "mc", "al", "el", "bin", "bint", "ibn",
                       "ben", "abu", "st"})  # folded: "Ní Riain" is "ni riain"
# The end of a body's name: "Institute for Security Studies", "Centre for Policy Research"
_BODY_FOR = re.compile(r"\b(?:Institute|Centre|Center|Council|Foundation|Fund|Society|Association|School|Academy|"
                       r"Committee|Commission|Office|Agency|Programme|Program)\s+for\s+(?:the\s+)?$")  # not "of":
# "the Office of the President Andriy Yermak" names him
# A storm is no person: "Cyclone Hina destroyed 400 homes"
_WEATHER = {"cyclone", "hurricane", "typhoon", "storm", "tropical"}

TITLES = {
    "president", "minister", "prime", "deputy", "foreign", "defense", "defence", "secretary", "spokesperson",
    "spokesman", "spokeswoman", "negotiator", "chief", "head", "envoy", "aide", "adviser", "advisor",
    "correspondent", "ambassador", "chancellor", "general", "gen.", "mr.", "mrs.", "ms.", "dr.", "mr", "ms",
    "dr", "senator", "sen.", "rep.", "governor", "mayor", "king", "queen", "pope", "commander", "lead",
    "parliamentarian", "lawmaker", "official", "journalist", "reporter", "leader", "dictator", "state",
    "special", "former", "member", "counterpart", "director", "chairman", "chair", "ceo", "mediator",
    "us", "u.s.", "eu", "un", "turkish", "russian", "ukrainian", "american", "french", "german", "british",
    "of", "the", "culture", "economy", "trade", "finance", "interior", "justice", "labour", "labor",
    "manager", "superintendent", "commissioner", "councillor", "councilor", "councilwoman", "councilman",
    "alderman", "president-elect", "vice", "attorney", "judge", "inspector", "captain", "col.",
    "colonel", "lt.", "sgt.", "sergeant", "officer", "premier", "prince", "princess", "sheikh",
    "speaker", "majority", "minority", "whip",  # "House Speaker Gregory Hale", "Senate Majority Leader ..."
    "gov.", "gov", "govs.", "lt", "atty.", "supt.", "rev.", "sens.", "reps.",  # "Arizona Gov. Maria Esquivel"
    "agriculture", "health", "education", "energy", "environment", "transport", "commerce", "industry",
    "fisheries", "housing", "home", "external",  # a portfolio: "Minister of State for Agriculture K. S. Reddy"
    "shri", "shri.", "smt", "smt.", "shrimati", "kumari", "sushri", "ch.", "sh.", "sardar", "thiru",  # India's
}
ORG_WORDS = {"ministry", "office", "council", "agency", "news", "times", "post", "forces", "department",
             "chamber", "gazette", "herald", "tribune", "courier", "chronicle", "journal",
             "union", "party", "parliament", "government", "commission", "committee", "bank", "army",
             "navy", "court", "assembly", "federation", "association", "organization", "organisation",
             "nations", "kremlin", "nato", "press", "television", "tv", "radio", "institute", "university",
             "group", "company", "corporation", "inc", "ltd", "airways", "airlines", "house", "communiqué",
             "communique", "board", "authority", "police", "service", "services", "bureau", "local", "senate",
             "congress", "tribunal", "fund", "foundation", "league", "coalition", "alliance", "network",
             "community", "secretariat", "affairs", "programme", "program", "cross", "crescent", "observatory",
             "cooperative", "co-operative", "consortium",
             "watch", "mission", "centre", "center", "front", "movement", "brigade", "brigades", "guild",
             "syndicate", "confederation",
             # a party by its members: "the Social Democrats", "the Liberals" are no person
             "democrats", "republicans", "socialists", "liberals", "conservatives", "greens", "nationalists",
             "communists", "unionists",
             # South Asia's bodies: "Punjab Kisan Sangharsh Sabha", "Haryana Lok Morcha", "Kisan Ekta Manch"
             "sabha", "morcha", "manch", "sangh", "samiti", "parishad", "sena"}
# Last words of names that are events or periods, not people: "Second World War", "Victory Day".
EVENT_ENDS = {"war", "wars", "day", "summit", "treaty", "accord", "accords", "agreement", "act", "plan", "cup",
              "games", "olympics", "crisis", "revolution", "conference", "forum", "week", "era", "age",
              # texts and lines drawn by them: "the Tornvik Protocol", "the Tornvik Line", "the Minsk Process"
              "protocol", "protocols", "pact", "convention", "charter", "declaration", "line", "process",
              "formula", "initiative", "doctrine"}
# First words of multi-word place names: "Port Carroway", "Fort Worth", "San Sebastián", "St. Louis",
# "Quai Wilson", "North Korea", "West Bank", and those of the world's two-word capitals and ports that
# no one is called ("Buenos Aires", "Los Angeles", "Tel Aviv", "Hong Kong", "Kuala Lumpur", "Sri Lanka").
PLACE_STARTS = {"port", "fort", "mount", "mt.", "lake", "cape", "saint", "st.", "san", "santa", "são", "sao",
                "puerto", "porto", "quai", "rue", "north", "south", "east", "west", "buenos", "los", "las", "tel",
                "hong", "kuala", "sri", "new", "addis", "dar", "casa", "via", "calle", "avenida", "piazza", "plaza",
                "st"}  # British "St Brigid's", "St Albans": no person
# Last words of places inside a town, never a town: a round's city is none of them ("at North Quay").
IN_TOWN_ENDS = {"street", "avenue", "road", "boulevard", "square", "airport", "quay", "wharf", "pier", "terminal",
                "room", "lane", "highway", "expressway", "path", "marg"}  # "the parliament's Blue Room", "Kartavya
# Path": no person, and no city
# Last words of multi-word place names: "Gaza Strip", "Wenceslas Square", "Mexico City". Not words
# that are also surnames ("Michael Bay", "Kanye West": a compass word ends a place only after
# "Middle", "Far" or "Near"); "in Hudson Bay" is a place by its preposition anyway.
PLACE_ENDS = IN_TOWN_ENDS | {"strip", "gulf", "island", "islands", "peninsula", "valley", "region", "oblast",
                             "province", "mountains", "river", "sea", "ocean", "coast", "city", "kingdom", "emirates"}
_REGIONS = {"middle east", "far east", "near east"}
# "City of Port Carroway": the run after it is a place.
# An editor's insertion inside a quotation: "[US President Donald] Trump" is one name
_INSERTION = re.compile(r"\[([^\[\]]{1,80})\]")
_CITY_OF = re.compile(r"\b(?:City|Town|Village|Municipality|County|Borough|Province|Republic) of\s+$")
# A ship is named like a person: "the Zaslavian trawler Marta K", "the tanker Eagle S"
_VESSEL = re.compile(r"\b(?:trawler|vessel|ship|tanker|freighter|frigate|boat|yacht|ferry|cargo ship|warship|"
                     r"destroyer|cruiser|submarine|icebreaker|carrier)s?\s+$", re.IGNORECASE)
STOP_STARTS = {"the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i",
               "in", "on", "at", "but", "and", "or", "if", "when", "while", "after", "before", "as",
               "according", "following", "despite", "though", "although", "however", "nevertheless",
               "nonetheless", "meanwhile", "earlier", "later", "both", "all", "any", "our", "their", "his",
               "her", "its", "there", "what", "who", "why", "how", "during", "for", "from", "with", "by",
               "additionally", "speaking", "negotiations", "talks", "direct", "possible", "other", "some",
               "managers", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "ready", "less", "more", "until", "russians",
               "ukrainians", "minister", "president", "about", "to", "one", "two", "three",
               # quantifiers and time words that open sentences: "Several Zaslavian skippers", "Tonight Haldmark"
               "several", "many", "few", "most", "each", "every", "no", "tonight", "today", "yesterday",
               "tomorrow", "overnight", "separately", "since", "once", "then", "now", "still", "only", "also",
               "instead", "unlike", "without", "between", "among", "against", "under"}
_DEMONYM = re.compile(r"(?:ian|ish|ese|ean|can|ch|an)$")
_PLACE_PREP = re.compile(r"\b(?<!according )(?:in|at|from|to|near|across|outside|inside)\s+(?P<the>the\s+)?$",
                         re.IGNORECASE)


@dataclass
class Entities:
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)


@dataclass
class NameMemory:
    """Full names seen so far in one article, so a bare surname resolves to its owner."""

    by_surname: dict[str, str] = field(default_factory=dict)
    last_person: str | None = None
    places: set[str] = field(default_factory=set)  # folded: the dateline names a place, wherever it recurs
    countries: set[str] = field(default_factory=set)  # folded: see countries_in
    bodies: set[str] = field(default_factory=set)  # folded: see groups_in

    def remember(self, name: str) -> None:
        parts = name.split()
        if len(parts) >= 2:
            self.by_surname.setdefault(fold(parts[-1]), name)
        self.last_person = name


_CAPITALISED = re.compile(rf"\b[{_UPPER}][{_LOWER}]{{3,}}\b")


# "the campaign group Dry Taps": a group named like a person, by the kind of group before it
_GROUP_NAMED = re.compile(r"\b(?:campaign|pressure|lobby|rights|activist|protest|advocacy|environmental|action|youth|"
                          r"student|women's|farmers'?|"
                          r"residents'?|citizens'?|civic|community)\s+(?:group|organi[sz]ation|movement|coalition|"
                          r"network)\s+((?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)")


def groups_in(body: str) -> set[str]:
    """Groups an article names by their kind ("the campaign group Dry Taps"): wherever it names them
    again ("Pieter Olafsen of Dry Taps", "Dry Taps supporters"), they are no person."""
    return {fold(m.group(1)) for m in _GROUP_NAMED.finditer(body)}


def countries_in(body: str) -> set[str]:
    """Names an article also uses as adjectives: Ostrelia (Ostrelian), Ukraine (Ukrainian), Sudan
    (Sudanese). A country or region, whether or not the story file lists it: "Downstream Ostrelia
    demanded ..." names no person."""
    words = set(_CAPITALISED.findall(body))
    return {fold(w) for w in words
            if any(f in words for f in (w + "n", w + "an", w + "ian", w[:-1] + "ian", w + "ese", w + "i"))}


def _add(seq: list[str], item: str) -> None:
    if item and item not in seq:
        seq.append(item)


def _is_title(token: str) -> bool:
    return token.lower() in TITLES


def _strip_titles(tokens: list[str], places: dict[str, str]) -> list[str]:
    """Drop the role before a name: "Minister of Defense of Ukraine Rustem Umerov" -> "Rustem Umerov"."""
    last_title = max((i for i, t in enumerate(tokens) if _is_title(t)), default=-1)
    if 0 <= last_title < len(tokens) - 1:
        tokens = tokens[last_title + 1:]
    elif last_title == len(tokens) - 1:
        tokens = []
    while len(tokens) > 1 and (fold(tokens[0]) in places or _is_title(tokens[0])):
        tokens = tokens[1:]
    return tokens


@cache
def vocabulary(story: Story) -> tuple[dict[str, str], dict[str, str], re.Pattern[str] | None]:
    """The story's places and organisations by folded spelling, and one regex for the organisations."""
    places = {fold(p): p for p in story.places}
    orgs = {fold(o): o for o in story.organisations}
    longest_first = sorted(orgs, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, longest_first)) + r")\b") if orgs else None
    return places, orgs, pattern


class _Name(NamedTuple):
    core: tuple[str, ...]  # the words of the name, the role before it dropped
    had_title: bool  # a role came before it ("Defense Minister Rustem Umerov")
    name: str
    key: str  # folded
    canonical: str  # the story's spelling


@lru_cache(maxsize=8192)  # the same runs ("The", "Geneva", "Minister Umerov") recur in sentence after sentence
def _name_in(run: str, story: Story) -> _Name:
    """The name a run of capitalised words holds, before the sentence around it is looked at."""
    tokens = [t.strip("’'") for t in run.rstrip(".").split()]
    owner = next((i for i, t in enumerate(tokens[:-1]) if t.endswith(("’s", "'s"))), None)
    if owner is not None:  # "Russia's Vladimir Putin" names Putin; "Zerafia's Karshi canal" no one
        tokens = tokens[owner + 1:] if len(tokens) - owner > 2 else tokens[:owner + 1]
    tokens = [t[:-2] if t.endswith(("’s", "'s")) else t for t in tokens]
    places = vocabulary(story)[0]
    # a place the story file names whole is no title and a name: "Mexico City" was "City", a person, where
    # the file names Mexico too
    core = tokens if fold(" ".join(tokens)) in places else _strip_titles(tokens, places)
    had_title = len(core) < len(tokens) and tokens[0].lower() not in ("the", "of")
    # a sentence-initial ordinary word is not a name ("Despite ...", "Russian ...")
    while core and core[0].lower() in STOP_STARTS:
        core = core[1:]
    if len(core) > 2 and core[-1].lower() in _HONORIFIC_AFTER:  # "Gurnam Singh Bhullar Ji": the man, respected
        core = core[:-1]
    name = " ".join(core)
    return _Name(tuple(core), had_title, name, fold(name), story.canonical(name))


_HONORIFIC_AFTER = {"ji", "sahib", "saheb", "sahab"}  # after a name, in South Asian copy


@lru_cache(maxsize=64)  # asked of one sentence by the entity and the attribution steps
def organisations_named(text: str, story: Story) -> tuple[str, ...]:
    """The story's organisations named in ``text``, in order, as often as named (canonical spellings)."""
    _, known_orgs, org_pattern = vocabulary(story)
    if org_pattern is None:
        return ()
    return tuple(known_orgs[m.group(0)] for m in org_pattern.finditer(fold(text)))


_OF_THE = re.compile(r"\bof (?:the\s+)?$")
_NEXT_LOWER = re.compile(r"\s+([a-z]+)")
_OF_A_BODY = re.compile(r"\s+of\s+(?:the\s+)?")
# Nouns that make the name before them an organisation's ("the Green Delta party", "the Ostrelia Today
# newspaper"); not "news" or "press": "Umerov told a news conference" has them after a person
_ORG_AFTER = {"party", "parties", "group", "movement", "coalition", "alliance", "union", "newspaper", "daily",
              "agency", "network", "front", "council", "committee", "commission", "ministry", "government", "bank",
              "fund", "foundation", "institute", "university", "company", "association", "federation", "league",
              "bureau", "television", "radio", "broadcaster", "channel", "website", "magazine", "militia"}


# Nouns that make the name before them a thing's: "the Little Colorado pipeline" was a person
_THING_AFTER = {"pipeline", "pipelines", "project", "dam", "canal", "basin", "bridge", "tunnel", "railway", "railroad",
                "highway", "corridor", "plant", "reservoir", "mine", "oilfield", "gasfield", "aqueduct"}


def _after_the_body(run: str, before: str) -> tuple[str, str] | None:
    """The body and the person a run of capitals names together: "the head of the Presidential
    Office Andriy Yermak" names an office and who heads it, "Joint Commissioner of Police S K Tyagi" a
    force and its officer. When the run follows "of" or "of the", the two or three words (and initials)
    after the body's last institutional word are the person; else None."""
    if not _OF_THE.search(before[-16:]):  # the end of what precedes the run only: most runs stop here
        return None
    words = run.rstrip(".").split()
    last = max((i for i, w in enumerate(words) if w.lower() in ORG_WORDS), default=-1)
    body, person = words[:last + 1], words[last + 1:]
    # "Joint Commissioner of Police S K Tyagi": initials before the surname
    named = [w for w in person if not _INITIAL.fullmatch(w)]
    if not body or not 2 <= len(person) <= 4 or not named or len(named) > 3 or _INITIAL.fullmatch(person[-1]) \
            or not all(w[1:].islower() and w.lower() not in TITLES for w in named):
        return None
    return " ".join(body), " ".join(person)


_INITIAL = re.compile(r"[A-Z]\.?|(?:[A-Z]\.){2,3}")


# A body named for its members: "the Federation of Public Hospitals", "the Union of Ukrainian Journalists".
# Not a ministry's or an office's "of", which a country and a person may follow ("the Minister of Foreign
# Affairs of Arventa Lena Varga", "the Office of the President Andriy Yermak")
_BODY_OF = re.compile(r"\b(?:Federation|Association|Union|Confederation|League|Guild|Syndicate|Chamber|Society|"
                      r"Organi[sz]ation|Alliance|Coalition)\s+of\s+$")
# What a ministry, a department or an office is "of": "the Department of Water Resources". After any body's
# "of" such a run is its name; "the Minister of Foreign Affairs of Arventa Lena Varga" ends in a person
_BODY_SUBJECTS = {"resources", "affairs", "development", "action", "resolution", "health", "education", "justice",
                  "transport", "transportation", "energy", "environment", "labour", "labor", "trade", "finance",
                  "defence", "defense", "interior", "services", "relations", "rights", "security", "planning",
                  "housing", "agriculture", "fisheries", "works", "safety", "commerce", "industry", "culture",
                  "welfare", "management", "protection", "reclamation", "conservation", "studies"}
_ANY_BODY_OF = re.compile(r"\b([A-Z][a-z]+)\s+of\s+$")
_BODY_AND = re.compile(r"\b(?:[A-Z][a-z]+)\s+of\s+(?:[A-Z][\w’'-]*\s+){1,3}and\s+$")
_BODY_ADJECTIVES = {"National", "Royal", "Public", "Federal", "General", "United", "Independent", "Allied",
                    "Associated", "Joint", "Central", "Regional", "State"}
_AND_BODY = re.compile(r"\s+(?:and|&)\s+(?:[A-Z][\w’'-]*\s+){0,3}([A-Z][a-z]+)\b")


def _part_of_a_body(run: list[str], text: str, before: str, end: int) -> bool:
    """Whether a run is a piece of a body's name cut at "of" or "and": "the Federation of Public
    Hospitals", "the Coravian Nurses and Midwives Organisation" ("Public Hospitals" and "Coravian
    Nurses" were people). Cut at "and", the run is members in the plural after a nationality or a
    body's adjective: "Rustem Umerov and Defence Ministry officials" and "Chris Williams and Labour
    Party officials" name them."""
    if _BODY_OF.search(before[-30:]):
        return True
    if run[-1].lower() in _BODY_SUBJECTS and (_ANY_BODY_OF.search(before[-30:]) or _BODY_AND.search(before[-60:])):
        return True  # "the Department of Water Resources", "the Office of Collaborative Action and Dispute Resolution"
    if len(run) < 2 or not run[-1].endswith("s") or not (_DEMONYM.search(run[0]) or run[0] in _BODY_ADJECTIVES):
        return False
    and_ = _AND_BODY.match(text, end)
    return and_ is not None and and_[1].lower() in ORG_WORDS


def find_entities(text: str, story: Story, memory: NameMemory | None = None) -> Entities:
    memory = memory or NameMemory()
    out = Entities()
    if "[" in text:
        text = _INSERTION.sub(r"\1", text)
    known_places, known_orgs, _ = vocabulary(story)
    for org in organisations_named(text, story):
        _add(out.organisations, org)
    person_end = -1  # where the last person this sentence names ends
    for m in _RUN.finditer(text):
        core, had_title, name, key, canonical = _name_in(m.group(0), story)
        if not core:
            continue
        before = text[:m.start()]
        if person_end >= 0 and _OF_A_BODY.fullmatch(text, person_end, m.start()) and len(core) >= 2:
            _add(out.organisations, name)  # "Pieter Olafsen of Dry Taps": where he works, not a second person
            continue
        if named := _after_the_body(m.group(0), before):  # "head of the Presidential Office Andriy Yermak"
            _add(out.organisations, named[0])
            _add(out.people, story.canonical(named[1]))
            memory.remember(story.canonical(named[1]))
            continue
        if m.group(0).startswith("The ") and m.group(0).count(" ") >= 2 and before.strip() \
                and before.rstrip()[-1] not in ".!?:“\"‘(-–—":  # a capital "The" within a sentence, and two
            _add(out.organisations, m.group(0)[4:].rstrip("."))  # words or more: "told The Vell Sea Mariner", a title
            continue
        if _BODY_FOR.search(before[-40:]):  # "the Lantrian Institute for Security Studies": the body's name
            continue
        if not had_title and _part_of_a_body(core, text, before, m.end()):
            continue
        after = _NEXT_LOWER.match(text, m.end())  # "the Green Delta party": a party, not a person
        if after and after[1] in _THING_AFTER and not had_title:
            continue  # "the Little Colorado pipeline": a thing named, no person
        if key in known_orgs or key in memory.bodies or any(w in ORG_WORDS for w in key.split()) \
                or (after and after[1] in _ORG_AFTER):
            if key not in {fold(o) for o in out.organisations}:
                _add(out.organisations, known_orgs.get(key, name))
            continue
        if key in known_places or (fold(canonical) in known_places):
            _add(out.places, known_places.get(key) or canonical)
            continue
        run_words = m.group(0).rstrip(".").split()
        if (len(run_words) >= 2 and run_words[-1].lower() in EVENT_ENDS) or _VESSEL.search(before[-24:]):
            continue  # "the Andean Trade Pact": "Trade" is a title word, and "Pact" alone was a person
        if key in memory.places or _CITY_OF.search(before) or (len(core) >= 2 and not had_title and (
                core[0].lower() in PLACE_STARTS or core[-1].lower() in PLACE_ENDS
                or " ".join(key.split()[-2:]) in _REGIONS)):  # a role before the name makes it a person
            _add(out.places, canonical)
            continue
        if len(core) == 2 and not had_title and fold(core[-1]) in memory.countries:
            _add(out.places, core[-1])  # "Downstream Ostrelia", "Upstream Turgania"
            continue
        if not story.venue_set.isdisjoint(key.split()):
            continue  # venues are found by the round step ("Kok-Jar State Residence" is no "Residence")
        is_alias = key in story.alias_index
        if len(core) == 1:
            surname = memory.by_surname.get(key)
            if surname:
                _add(out.people, surname)
                memory.last_person = surname
                person_end = m.end()
            elif is_alias and " " in canonical and story.venue_set.isdisjoint(fold(canonical).split()):
                _add(out.people, canonical)
                memory.remember(canonical)
            elif _PLACE_PREP.search(before) and not had_title and not _DEMONYM.search(key):
                _add(out.places, canonical)
            elif had_title:
                _add(out.people, canonical)
                memory.last_person = canonical
            continue
        prep = _PLACE_PREP.search(before)
        # "met at the Sheraton Grand Doha": no one is met "at the" someone
        if prep and not had_title and (len(core) <= 2 or prep["the"]) and not is_alias:
            _add(out.places, canonical)
            continue
        if core[0].lower() in _WEATHER:
            continue
        known = memory.by_surname.get(fold(core[-1]))
        if known and all(fold(w) in PARTICLES for w in core[:-1]):  # "De la Cruz said": Elena de la Cruz
            _add(out.people, known)
            memory.last_person, person_end = known, m.end()
            continue
        if 2 <= len(core) <= 4:
            _add(out.people, canonical)
            memory.remember(canonical)
            person_end = m.end()
    return out


# Where someone works, not where talks are held: "a researcher at the ...", "director of the ..."
_AFFILIATION = re.compile(r"\b(?:researcher|analyst|professor|fellow|director|expert|scholar|economist|lecturer|"
                          r"specialist|head|chief|founder)s?\s+(?:at|of|with|from)\s+(?:the\s+)?"
                          r"(?:[A-Z][\w’'-]*\s+|and\s+|&\s+){0,4}$")


@cache
def _venue_patterns(story: Story) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A venue word, then the venue before it and after it (both need the word: the first is their cheap test)."""
    words = "|".join(re.escape(w.capitalize()) for w in story.venue_words)
    particles = r"(?:(?:de|of|du|des|di|da|das|do|dos|della|del|la|le|the)\s+){0,2}"
    return (re.compile(words), re.compile(rf"((?:{_CAP}\s+){{1,3}})({words})\b"),
            re.compile(rf"\b({words})\s+({particles})({_CAP}(?:\s+{_CAP}){{0,2}})"))  # "Ministry of Foreign Affairs"


# A hall named, its kind in lower case: "the Harpa conference centre", "the Barbican concert hall"
_KIND_OF_HALL = re.compile(r"\b([A-Z][\w’'-]+)\s+((?:conference|convention|congress|exhibition|concert|cultural)"
                           r"\s+(?:centre|center|hall))\b")


# A one-word venue its apposition calls a hall: "at the Brouwershuis, the 17th-century guild hall",
# "at the Kornhuis, the converted grain exchange"
@cache
def _named_by_kind(story: Story) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in story.venue_words)
    return re.compile(rf"\b(?:at|in|inside)\s+the\s+({_CAP}),\s+(?:the|a|an)\s+(?:[\w’'-]+\s+){{0,3}}?(?:{words})\b")


# Who speaks, not where: "according to the Ministry of Transport", "a statement from the Foreign Ministry"
_SOURCE_AFTER = re.compile(r"\s+(?:said|says|told|announced|reported|confirmed)\b")  # "..., the Ministry of X said"
# a source, or the other side: "talks with the Ministry of Education and Skills" named no venue
_SOURCE_BEFORE = re.compile(r"\b(?:according\s+to|from|by|told|said|says|with|against)\s+(?:the\s+)?$",
                            re.IGNORECASE)


# Titles that only a person holds (not "Foreign" of "the Ministry of Foreign Affairs"): after a venue word
# they begin a person's name, not the venue's
_PERSON_TITLES = {"speaker", "majority", "minority", "whip", "president", "minister", "secretary", "chairman", "chair",
                  "governor", "mayor", "senator", "leader", "spokesman", "spokeswoman", "spokesperson", "director",
                  "commissioner", "ambassador", "envoy"}


_NEXT_WORD_AFTER = re.compile(r"\s+([A-Z][a-z]+)\b")


def find_venues(text: str, story: Story) -> list[str]:
    """Named venues: "Dolmabahçe Palace", "Ottoman-era Ciragan Palace" -> "Ciragan Palace",
    "Palais de Dolmabahce" (the venue word first, as French and machine translations put it)."""
    any_word, before, after = _venue_patterns(story)
    found: list[str] = []
    if "entre" in text or "enter" in text or " hall" in text:  # "at the Harpa conference centre", as wires write it
        found += [f"{m.group(1)} {m.group(2)}" for m in _KIND_OF_HALL.finditer(text)
                  if m.group(1).lower() not in STOP_STARTS]
    if ", the " in text or ", a" in text:
        places = vocabulary(story)[0]
        found += [m.group(1) for m in _named_by_kind(story).finditer(text)
                  if m.group(1).lower() not in STOP_STARTS and fold(m.group(1)) not in places
                  and not re.search(r"(?:lower|upper)\s+house", m.group())]  # "the Bundestag, the lower house"
    if not any_word.search(text):  # most sentences name no venue
        return found
    named: list[tuple[int, int]] = []  # spans of the venues found with their name first
    for m in before.finditer(text):
        if (nxt := _NEXT_WORD_AFTER.match(text, m.end())) and nxt[1].lower() in _PERSON_TITLES:
            continue  # "Arizona House Speaker Gregory Hale": the chamber's speaker, no venue
        if _AFFILIATION.search(text, max(0, m.start() - 80), m.start()) \
                or _SOURCE_BEFORE.search(text, max(0, m.start() - 20), m.start()) or _SOURCE_AFTER.match(text, m.end()):
            continue  # "a researcher at the Horn and Sahel Policy Centre": where someone works
        words = m.group(1).split()
        # titles before the name go ("Turkish"), those inside it stay: "Kok-Jar State Residence"
        first = next((i for i, t in enumerate(words) if t.lower() not in STOP_STARTS and not _is_title(t)), len(words))
        tokens = [t for t in words[first:] if t.lower() not in STOP_STARTS]
        tokens = [t for t in tokens if not t.endswith(("’s", "'s")) and not re.search(r"-[a-z]", t)]
        if not tokens and _is_title(words[-1]) and words[-1].lower() not in STOP_STARTS:
            tokens = words[-1:]  # a title word is the venue's whole name: "State House", "Presidential Palace";
            # not an article: "The Centre on Wednesday offered ..." is India's government
        if tokens:
            _add(found, " ".join([*tokens, m.group(2)]))
            named.append(m.span())
    places = vocabulary(story)[0]
    for m in after.finditer(text):
        words = m.group(3).rstrip(".").split()
        while len(words) > 1 and fold(words[-1]) in places:
            words.pop()  # "the Palais de Dolmabahce Istanbul": the venue, then its city
        name = " ".join(words)
        if words[0].lower() in _PERSON_TITLES:
            continue  # "House Speaker Gregory Hale said": a title and a person, no "Palais de Dolmabahce"
        if any(a <= m.start() < b for a, b in named) or _SOURCE_BEFORE.search(text, max(0, m.start() - 20), m.start()) \
                or _SOURCE_AFTER.match(text, m.end()):
            continue  # "State House Mombasa": the venue, then its city
        if name.lower() not in STOP_STARTS and not any(name in f for f in found):
            _add(found, f"{m.group(1)} {m.group(2)}{name}")
    return found
