"""Deterministic synthetic news corpus for benchmarks.

Why this exists: the seed corpus has five articles, but ingest, extraction,
de-duplication and queries must be measured on thousands to hundreds of
thousands of articles that look like the real thing. Real news at that scale
cannot live in the repository, so this module writes it: several running
stories (peace talks, trade talks, labour negotiations, climate talks, debt
restructuring), each with its own rounds (dates, venues, cities), people whose
names come in several spellings (accents, transliterations), outlets and
attribution phrases, figures, quotes with speakers, the same fact told in other
words by several articles (and sometimes twice by one), recaps of earlier
rounds with their explicit date, subheadings and debris lines, earlier failed
negotiations and proposed future dates that are not rounds. About 10% of the
files have no date line (their date follows from "on Tuesday" and an earlier
explicit date) and about 5% are Markdown with front matter. Sizes vary around
the seeds' (1-8 KB).

The same (n, seed) always gives the same file names and bytes. Each article is
built from its own random.Random, written and dropped, so memory stays flat.
Standard library only.

    python -m tests.bench.corpus 10000 /tmp/factdesk-bench [--seed 0]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ARTICLES_PER_STORY = 50
NO_DATE_SHARE = 0.10
MARKDOWN_SHARE = 0.05

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTHS_WIRE = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")

# Name parts as spelling variants: [0] is the usual spelling, [-1] the plain-ASCII one.
FIRST = (("Sergei", "Sergey", "Serguei"), ("Oleksandr", "Olexandr", "Aleksandr"), ("José", "Jose"),
         ("María", "Maria"), ("Mohammed", "Mohamed", "Muhammad"), ("Björn", "Bjorn"), ("Zoë", "Zoe"),
         ("Hakan",), ("Léa", "Lea"), ("Andrzej",), ("Yuliia", "Yulia"), ("Dmitry", "Dmitri", "Dmitriy"),
         ("Ayşe", "Ayse"), ("François", "Francois"), ("Søren", "Soren"), ("Amara",), ("Kwame",),
         ("Ingrid",), ("Rustem", "Rustam"), ("Jürgen", "Juergen", "Jurgen"), ("Chloé", "Chloe"),
         ("Tomás", "Tomas"), ("Mei",), ("Priya",), ("Olga",), ("Hamid",), ("Lucía", "Lucia"),
         ("Pieter",), ("Joaquín", "Joaquin"), ("Nadia",), ("Farid",), ("Élodie", "Elodie"))
LAST = (("Kovalenko",), ("Muñoz", "Munoz"), ("Çelik", "Celik"), ("Lindqvist",), ("Lévesque", "Levesque"),
        ("Haddad",), ("al-Rashid", "Al-Rashid", "Al Rashid"), ("Nowak",), ("Brandt",), ("Okafor",),
        ("Mensah",), ("Dubois",), ("Šimić", "Simic"), ("Yılmaz", "Yilmaz"), ("Kuznetsov", "Kouznetsov"),
        ("Petrenko",), ("Núñez", "Nunez"), ("Sørensen", "Sorensen"), ("Tkachenko", "Tkatchenko"),
        ("Fernández", "Fernandez"), ("Novák", "Novak"), ("Rahman",), ("Halvorsen",), ("Ibáñez", "Ibanez"),
        ("Gonçalves", "Goncalves"), ("Schröder", "Schroeder", "Schroder"), ("Wiśniewski", "Wisniewski"),
        ("Umerov",), ("Medinsky", "Medinskiy"), ("Zelenskyy", "Zelensky", "Zelenskiy"),
        ("Erdoğan", "Erdogan"))

# (city spellings, venues as spelling tuples)
PLACES = (
    (("Geneva", "Genève"), (("Palais des Nations",), ("Palais Wilson",), ("InterContinental hotel",))),
    (("Istanbul",), (("Dolmabahçe Palace", "Dolmabahce Palace", "Palais de Dolmabahce"),
                     ("Çırağan Palace", "Ciragan Palace"))),
    (("Vienna",), (("Palais Coburg",), ("Hofburg Palace",))),
    (("Doha",), (("Sheraton Grand Doha",), ("Diwan Emiri",))),
    (("Oslo",), (("Holmenkollen Park Hotel",), ("Oslo City Hall",))),
    (("Nairobi",), (("Kenyatta International Convention Centre",), ("State House",))),
    (("Lisbon", "Lisboa"), (("Palácio das Necessidades", "Palacio das Necessidades"),
                            ("Belém Cultural Centre", "Belem Cultural Centre"))),
    (("Montreal", "Montréal"), (("Palais des congrès", "Palais des congres"),)),
    (("Riyadh",), (("Ritz-Carlton hotel",), ("Diriyah Palace",))),
    (("Brussels",), (("Egmont Palace",), ("Berlaymont building",))),
    (("Bonn",), (("World Conference Center Bonn",),)),
    (("Muscat",), (("Al Bustan Palace",),)),
    (("Addis Ababa",), (("African Union headquarters",),)),
    (("Bogotá", "Bogota"), (("Casa de Nariño", "Casa de Narino"),)),
    (("Jeddah",), (("Al Salam Palace",),)),
    (("Kyiv", "Kiev"), (("Mariinskyi Palace", "Mariinsky Palace"),)),
    (("São Paulo", "Sao Paulo"), (("Palácio dos Bandeirantes", "Palacio dos Bandeirantes"),)),
    (("Helsinki",), (("Finlandia Hall",),)),
    (("Rotterdam",), (("World Trade Center Rotterdam",), ("offices of the national mediation service",))),
)

LOCAL_VENUES = (("City Hall",), ("offices of the mediation service",), ("Hilton hotel",))

# (name, how a source is attributed to it, domain for Markdown URLs)
OUTLETS = (("Reuters", "told Reuters", "reuters.example"), ("AFP", "told AFP", "afp.example"),
           ("AP", "told The Associated Press", "apnews.example"),
           ("Al Jazeera", "told Al Jazeera", "aljazeera.example"),
           ("Bloomberg", "told Bloomberg", "bloomberg.example"),
           ("Euronews", "told Euronews", "euronews.example"),
           ("Anadolu", "told Anadolu Agency", "aa.example"), ("UNN", "told UNN", "unn.example"),
           ("Kyodo", "told Kyodo News", "kyodonews.example"), ("DPA", "told dpa", "dpa.example"))
WIRE = ("Reuters", "AFP", "AP", "DPA", "Kyodo")
AGENCIES = ("TASS", "Ukrinform", "Anadolu", "RIA Novosti", "Xinhua", "ANSA", "EFE", "PAP")
SOURCES = ("a diplomatic source", "two people familiar with the talks", "officials", "a senior official",
           "a source close to the delegation", "a spokesperson for the hosts", "diplomats")

COUNTRIES = (("Veloria", "Velorian"), ("Dravonia", "Dravonian"), ("Kestria", "Kestrian"),
             ("Marovia", "Marovian"), ("Osland", "Oslandic"), ("Tarvesh", "Tarveshi"),
             ("Zembia", "Zembian"), ("Arkania", "Arkanian"), ("Lusitra", "Lusitran"), ("Qarun", "Qaruni"))
BLOCS = (("the European Union", "EU"), ("the Austral Economic Community", "AEC"),
         ("the Andean Trade Pact", "Andean"), ("the Gulf Cooperation Council", "Gulf"),
         ("the United Kingdom", "British"), ("the Pacific Rim Forum", "Pacific"),
         ("the East African Customs Union", "East African"), ("the Nordic Council", "Nordic"))
UNIONS = (("the Port Workers' Union", "dockers"), ("the Rail Drivers' Association", "train drivers"),
          ("Transit Workers Union Local 418", "bus drivers"), ("the Nurses' Federation", "nurses"),
          ("the Teachers' Union", "teachers"), ("the Air Traffic Controllers' Guild", "controllers"))
EMPLOYERS = ("the Harbour Employers' Association", "the national rail operator", "the city council",
             "the health ministry", "the education authority", "the airport operator")


@dataclass
class Kind:
    name: str
    events: tuple[str, ...]
    facts: tuple[tuple[str, ...], ...]  # fact families: paraphrases of one fact
    quotes: tuple[tuple[str, str], ...]  # (quote, paraphrase)
    subheads: tuple[str, ...]
    background: tuple[str, ...]
    filler: tuple[str, ...]
    titles_a: tuple[str, ...]
    titles_b: tuple[str, ...]


KINDS = (
    Kind(
        "peace", ("talks", "peace talks", "direct talks", "negotiations"),
        (("The two sides agreed to exchange {n1:,} prisoners of war each.",
          "{A} and {B} will swap {n1:,} prisoners apiece, officials confirmed.",
          "A prisoner exchange of {n1:,} for {n1:,} was agreed during the meeting."),
         ("The talks lasted less than {hours} hours.",
          "The meeting ended after just under {hours} hours.",
          "Delegations sat face to face for under {hours} hours."),
         ("{B} offered a {days}-day ceasefire in parts of the front line.",
          "A truce of {days} days along sections of the front was proposed by the {AdjB} side."),
         ("{B} rejected the call for an unconditional ceasefire.",
          "The {AdjB} delegation again turned down an unconditional ceasefire."),
         ("The sides will hand over the remains of {n2:,} soldiers killed in battle.",
          "Bodies of {n2:,} fallen soldiers are to be returned, officials said."),
         ("{B} presented a memorandum setting out its conditions for a truce.",
          "The {AdjB} delegation brought a written memorandum listing its terms for ending the fighting."),
         ("{A} handed over a list of {n3} children it says were deported, and {B} agreed to return {n4}.",
          "Of {n3} children on a list submitted by {A}, only {n4} will be returned, {AdjA} officials said."),
         ("A possible meeting between the leaders of {A} and {B} was discussed.",
          "Negotiators raised the prospect of a summit between the two presidents."),
         ("The meeting took place at the {venue} in {city}.",
          "Delegations gathered at the {venue} in {city}."),
         ("{A} demanded the withdrawal of {AdjB} troops from {n5} occupied districts.",
          "The {AdjA} side insisted that {B} pull its forces out of {n5} districts it occupies.")),
        (("We are not very optimistic", "We are not particularly hopeful"),
         ("The door to peace is open, but only a little", "The door to peace has opened only slightly"),
         ("Every prisoner who comes home is a victory", "Each prisoner brought home is a win"),
         ("They came with empty hands", "They arrived with nothing to offer")),
        ("Prisoners first", "A truce on paper", "Low expectations", "Leaders' summit?",
         "Pressure from abroad"),
        ("{A} and {B} last held direct talks in {old_city} in {old_year}, but that effort collapsed.",
         "The war has killed tens of thousands of people and displaced more than {big:,} since it began.",
         "{med} has offered to host further meetings."),
        ("Shelling continued along the front line in the hours before the talks, {AdjA} officials said.",
         "At least {k} people were killed in overnight strikes, regional authorities said.",
         "Western governments have threatened new sanctions if the talks fail.",
         "Analysts said neither side appeared ready to make major concessions.",
         "The {AdjA} parliament is due to debate a new mobilisation law next month.",
         "Humanitarian agencies say {big:,} people need food assistance in the east of the country.",
         "{AdjB} state media gave the meeting little coverage."),
        ("defence minister", "chief negotiator", "deputy foreign minister", "presidential chief of staff"),
        ("presidential aide", "head of delegation", "deputy defence minister", "foreign ministry envoy"),
    ),
    Kind(
        "trade", ("trade talks", "negotiations", "free-trade talks"),
        (("{A} offered a duty-free quota of {n1:,} tonnes of {good} a year.",
          "The {AdjA} side put a tariff-free quota of {n1:,} tonnes of {good} on the table.",
          "Negotiators for {A} proposed letting in {n1:,} tonnes of {good} a year without duties."),
         ("{B} wants to keep its {pct}% tariff on cars for {years} years.",
          "The {AdjB} side insists on a {pct} percent levy on imported vehicles for {years} years."),
         ("Negotiators closed {k} of the {m} chapters still open.",
          "{k} of the {m} outstanding chapters were concluded during the session."),
         ("The session ran for more than {hours} hours.",
          "The talks lasted {hours} hours, a spokesperson for the hosts said."),
         ("The sides set up {k} technical working groups to report before the next round.",
          "{k} working groups were created to prepare the next meeting."),
         ("Around {n2:,} farmers protested outside the {venue}.",
          "Some {n2:,} farmers rallied outside the venue, some of them driving tractors."),
         ("{A} asked {B} to scrap its {pct2}% export tax on {metal}.",
          "Dropping a {pct2} percent export levy on {metal} is a key demand of {A}."),
         ("A deal would save exporters about {money} billion euros a year in duties.",
          "Exporters stand to save some {money} billion euros a year in duties if a deal is signed.")),
        (("We have moved from positions to numbers", "We have gone from positions to figures"),
         ("We are closer than we have ever been", "We have never been this close"),
         ("On cars we are not yet speaking the same language",
          "We still do not speak the same language on cars"),
         ("This deal is being negotiated on the backs of farmers", "Farmers are paying for this deal")),
        ("Deadlock on tariffs", "Beef and cars", "Farmers angry", "A billion-euro prize", "Lithium"),
        ("The two sides first tried to strike a deal in {old_city} in {old_year}, but those talks collapsed.",
         "Trade between {A} and {B} was worth about {money2} billion euros last year."),
        ("Farm lobbies have warned of unfair competition.",
         "Industry groups have urged negotiators to move faster.",
         "Customs data show exports of {good} rose {pct3}% last year.",
         "Economists estimate the deal could lift GDP by {small}% over a decade.",
         "Environmental groups have criticised the sustainability chapter as too weak.",
         "Ratification would require approval by every national parliament."),
        ("chief negotiator", "trade commissioner", "deputy director-general for trade"),
        ("deputy trade minister", "chief negotiator", "foreign minister"),
    ),
    Kind(
        "labour", ("contract talks", "wage talks", "negotiations", "mediation"),
        (("{A} is demanding a pay rise of {pct}% a year, while {B} has offered {pct2}%.",
          "The union wants {pct} percent a year; the employers' offer stands at {pct2} percent."),
         ("The session lasted {hours} hours and ended without agreement.",
          "After {hours} hours behind closed doors the two sides broke up without a deal."),
         ("The union has threatened a {days}-day strike.",
          "Members have voted for a {days}-day walkout if the talks fail."),
         ("{B} proposed a one-off payment of {money_small:,} euros per worker.",
          "A one-time bonus of {money_small:,} euros for each employee was put forward by {B}."),
         ("The mediator asked both sides to return with revised proposals.",
          "Both delegations were told by the mediator to bring new offers to the next session."),
         ("{B} wants to cut {k} shifts a week to save {money} million euros a year.",
          "A plan to drop {k} weekly shifts, saving {money} million euros a year, is opposed by the union."),
         ("The union represents about {n1:,} workers.",
          "Some {n1:,} workers are covered by the contract.")),
        (("Our members have gone years without a real raise",
          "Our people have not had a real pay rise in years"),
         ("We cannot afford anything close to that", "That demand is far beyond what we can pay"),
         ("Both sides moved further than they thought they could",
          "Each side went further than it expected to")),
        ("Far apart on pay", "Strike threat", "What's next", "Commuters worried"),
        ("The last strike, in {old_year}, lasted {k} days.",
         "The previous contract expired {k} weeks ago."),
        ("Commuters said they were worried about disruption.",
         "Local businesses warned a strike would cost them {money} million a week.",
         "The city faces a budget gap of {money2} million dollars.",
         "Management said the offer was final.",
         "The talks are being watched closely by other unions."),
        ("union president", "chief negotiator", "general secretary"),
        ("chief executive", "human resources director", "city manager"),
    ),
    Kind(
        "climate", ("climate talks", "treaty negotiations", "negotiating session"),
        (("Rich countries pledged {money} billion dollars a year in climate finance by {year2}.",
          "A pledge of {money} billion dollars annually by {year2} was made by developed nations."),
         ("{k} countries submitted new targets to cut emissions by {pct}% by {year2}.",
          "New plans from {k} countries aim to reduce emissions {pct} percent by {year2}."),
         ("The session overran by {hours} hours.",
          "Talks went {hours} hours past their scheduled close."),
         ("About {n2:,} delegates attended the session.",
          "Some {n2:,} delegates took part."),
         ("A draft text calls for a transition away from {fuel}.",
          "The draft agreement urges countries to move away from {fuel}.")),
        (("This is not the ambition the science demands", "The science demands far more ambition"),
         ("We leave with a bridge, not a destination", "This is a bridge rather than an end point")),
        ("Finance gap", "Fossil fuels", "Next steps"),
        ("A previous attempt at a deal collapsed in {old_city} in {old_year}.",
         "Global emissions rose {small}% last year, according to the UN."),
        ("Small island states said the text did not go far enough.",
         "Oil-producing nations resisted language on phasing out {fuel}.",
         "Observers said the mood in the corridors was tense.",
         "Youth activists staged a sit-in outside the plenary hall."),
        ("climate envoy", "lead negotiator", "environment minister"),
        ("chair of the group", "lead negotiator", "environment minister"),
    ),
    Kind(
        "debt", ("debt talks", "restructuring talks", "negotiations"),
        (("Creditors offered a haircut of {pct}% on {money} billion dollars of bonds.",
          "Bondholders proposed writing off {pct} percent of {money} billion dollars in debt."),
         ("{A} asked for a grace period of {years} years.",
          "A {years}-year grace period was requested by {A}."),
         ("The IMF said the programme was on track.",
          "The International Monetary Fund judged the programme to be on track."),
         ("The session lasted {hours} hours.",
          "Talks went on for {hours} hours.")),
        (("We are negotiating in good faith", "Our negotiators are acting in good faith"),
         ("The numbers simply do not add up", "The figures do not add up")),
        ("Haircut", "IMF programme", "Bondholders"),
        ("{A} defaulted in {old_year}, when talks in {old_city} failed.",),
        ("Bond prices rose {small}% after the talks.",
         "The currency has lost {pct3}% of its value this year.",
         "Inflation is running at {pct3}%."),
        ("finance minister", "debt envoy"),
        ("chair of the creditor committee", "head of the bondholder group"),
    ),
)

# Background chatter, combined at random so long articles do not repeat themselves.
CHATTER_WHO = ("Analysts", "Diplomats in {city}", "Critics of {A}", "Business groups",
               "Human rights organisations", "Several European governments", "Officials in {A}",
               "Commentators in {city}", "Independent economists", "Residents of {city}",
               "A former negotiator", "Senior figures in {B}")
CHATTER_VERB = ("said", "warned", "noted", "argued", "told reporters", "wrote in a commentary")
CHATTER_WHAT = ("that the process could drag on for months", "that {k} earlier meetings had produced little",
                "that pressure from allies was growing", "that the economy had shrunk {pct3}% since {year}",
                "that public support for a deal had fallen to {pct3}%",
                "that the venue had been chosen for its neutrality",
                "that about {big:,} people were directly affected",
                "that the next weeks would be decisive", "that the delegations had barely spoken over lunch",
                "that {k} draft texts were circulating", "that the mood was better than in {year}",
                "that hardliners at home were watching closely")
CHATTER_HOW = ("without giving details", "citing internal estimates",
               "in remarks broadcast on local television", "according to people present",
               "in a post on social media", "speaking on condition of anonymity",
               "after a briefing by officials", "in an interview published later")

GOODS = ("beef", "sugar", "ethanol", "poultry", "rice", "dairy products", "wine")
METALS = ("lithium", "copper", "cobalt", "nickel")
FUELS = ("fossil fuels", "coal", "oil and gas")


@dataclass
class Person:
    first: tuple[str, ...]
    last: tuple[str, ...]
    title: str

    def name(self, style: int) -> str:
        if style == 1:  # plain ASCII, as wires and machine translation often print names
            return f"{self.first[-1]} {self.last[-1]}"
        if style == 2:  # another transliteration where one exists
            return f"{self.first[min(1, len(self.first) - 1)]} {self.last[min(1, len(self.last) - 1)]}"
        return f"{self.first[0]} {self.last[0]}"

    def surname(self, style: int) -> str:
        return self.last[-1] if style == 1 else self.last[min(style, len(self.last) - 1)]


@dataclass
class Round:
    number: int
    date: dt.date
    city: tuple[str, ...]
    venue: tuple[str, ...]
    slots: dict
    facts: list[tuple[str, ...]]
    quotes: list[tuple[int, tuple[str, str]]]
    proposal: str


@dataclass
class Story:
    kind: Kind
    event: str
    slots: dict
    people: list[Person]
    rounds: list[Round] = field(default_factory=list)


def _fmt_date(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}"


@lru_cache(maxsize=4096)
def _story(seed: int, j: int) -> Story:
    rng = random.Random(f"factdesk-bench/{seed}/story/{j}")
    kind = KINDS[j % len(KINDS)]
    if kind.name == "labour":
        a, adj_a = rng.choice(UNIONS)
        b = rng.choice(EMPLOYERS)
        adj_b = "management"
    elif kind.name == "trade":
        (a, adj_a), (b, adj_b) = rng.sample(BLOCS, 2)
    else:
        (a, adj_a), (b, adj_b) = rng.sample(COUNTRIES, 2)
    people = [Person(rng.choice(FIRST), rng.choice(LAST), rng.choice(kind.titles_a)),
              Person(rng.choice(FIRST), rng.choice(LAST), rng.choice(kind.titles_b)),
              Person(rng.choice(FIRST), rng.choice(LAST), "the mediator"),
              Person(rng.choice(FIRST), rng.choice(LAST), "an analyst")]
    old_city = rng.choice(PLACES)[0][0]
    start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(4000))
    med = rng.choice(("Turkey", "Qatar", "Switzerland", "Norway", "Oman", "the African Union",
                      "the United Nations"))
    slots = {"A": a, "B": b, "AdjA": adj_a, "AdjB": adj_b, "med": med,
             "old_city": old_city, "old_year": start.year - rng.randint(2, 9),
             "good": rng.choice(GOODS), "metal": rng.choice(METALS), "fuel": rng.choice(FUELS),
             "money2": rng.randint(20, 120)}
    story = Story(kind, rng.choice(kind.events), slots, people)
    home = rng.choice(PLACES)
    date = start
    for number in range(1, rng.randint(2, 6) + 1):
        if kind.name == "labour":  # local disputes stay in one city
            city, venues = home[0], home[1] + LOCAL_VENUES
        else:
            city, venues = home if rng.random() < 0.5 else rng.choice(PLACES)
        venue = rng.choice(venues)
        rslots = {"n1": rng.randrange(100, 200_000, 50), "n2": rng.randrange(100, 9000, 100),
                  "n3": rng.randint(50, 600), "n4": rng.randint(2, 40), "n5": rng.randint(2, 9),
                  "hours": rng.randint(2, 14), "days": rng.randint(2, 30), "pct": rng.randint(3, 45),
                  "pct2": rng.randint(1, 9), "years": rng.randint(3, 15), "k": rng.randint(2, 9),
                  "m": rng.randint(10, 30), "money": rng.randint(2, 90),
                  "money_small": rng.randrange(500, 5000, 250), "year2": date.year + rng.randint(3, 15)}
        facts = rng.sample(kind.facts, min(len(kind.facts), rng.randint(4, 8)))
        quotes = [(rng.randrange(len(people)), q) for q in rng.sample(kind.quotes, min(2, len(kind.quotes)))]
        later = date + dt.timedelta(days=rng.randint(10, 40))
        proposal = rng.choice((f"between {_fmt_date(later)} and {later.day + 7}" if later.day <= 20
                               else f"in the week of {_fmt_date(later)}",
                               f"before the end of {MONTHS[later.month - 1]}"))
        story.rounds.append(Round(number, date, city, venue, rslots, facts, quotes, proposal))
        date = later + dt.timedelta(days=rng.randint(3, 60))
    return story


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article(story: Story, r: int, rng: random.Random, mode: str) -> tuple[str, dt.date, str]:
    """(body text, publication date, headline) of one article about round r (0-based)."""
    rnd = story.rounds[r]
    kind = story.kind
    pub = rnd.date + dt.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
    style = rng.choices((0, 1, 2), (65, 25, 10))[0]
    outlet, told, _ = rng.choice(OUTLETS)
    ctx = {**story.slots, **rnd.slots, "city": rnd.city[min(style, len(rnd.city) - 1)],
           "venue": rnd.venue[min(style, len(rnd.venue) - 1)], "big": rng.randrange(10_000, 5_000_000, 1000),
           "small": round(rng.uniform(0.1, 3.5), 1), "pct3": rng.randint(2, 40)}
    a, b, city, venue = ctx["A"], ctx["B"], ctx["city"], ctx["venue"]
    ordinal = ORDINALS[min(rnd.number - 1, len(ORDINALS) - 1)]
    gap = (pub - rnd.date).days
    when = "today" if gap == 0 and mode != "nodate" and rng.random() < 0.1 else (
        f"on {WEEKDAYS[rnd.date.weekday()]}" if gap <= 6 else f"on {_fmt_date(rnd.date)}")
    paras: list[str] = []
    if r > 0 and (mode == "nodate" or rng.random() < 0.2):
        prev = story.rounds[r - 1]
        fam = rng.choice(prev.facts)
        recap = rng.choice(fam).format_map(
            {**ctx, **prev.slots, "city": prev.city[0], "venue": prev.venue[0]})
        paras.append(f"The {ORDINALS[min(r - 1, 7)]} round of {story.event} on {_fmt_date(prev.date)} in "
                     f"{prev.city[0]} also ended without a breakthrough. {recap}")
    lead = rng.choice((
        f"{_sentence(a)} and {b} held a {ordinal} round of {story.event} in {city} {when}.",
        f"Negotiators from {a} and {b} met at the {venue} in {city} {when} for the {ordinal} round "
        f"of {story.event}.",
        f"The {ordinal} round of {story.event} between {a} and {b} opened {when} in {city}, with low "
        f"expectations of a breakthrough.",
    ))
    dateline = outlet in WIRE and mode == "dated" and rng.random() < 0.4
    paras.append(lead)
    if mode == "nodate" and r == 0:
        before = rnd.date - dt.timedelta(days=rng.randint(2, 9))
        paras.append(f"On {_fmt_date(before)}, officials from both sides said the meeting would go ahead.")

    style_names = [p.name(style) for p in story.people]
    body: list[str] = []
    used: list[tuple[tuple[str, ...], int]] = []
    for fam in rnd.facts:
        pick = rng.randrange(len(fam))
        text = fam[pick].format_map(ctx)
        roll = rng.random()
        if roll < 0.2:
            text = f"{text[:-1]}, {rng.choice(SOURCES)} {told}."
        elif roll < 0.3:
            text = f"{text[:-1]}, according to {rng.choice(SOURCES)}."
        elif roll < 0.38:
            text = f"{text[:-1]}, {rng.choice(AGENCIES)} reported."
        body.append(_sentence(text))
        used.append((fam, pick))
    for who, (q1, q2) in rnd.quotes:
        person = story.people[who]
        q = q1 if rng.random() < 0.6 else q2
        body.append(rng.choice((
            f"\u201c{q},\u201d {style_names[who]}, {person.title}, said.",
            f"{style_names[who]}, {person.title}, {told}: \u201c{q}.\u201d",
            f"\u201c{q},\u201d {person.surname(style)} said in a statement.",
            f'"{q}," said {style_names[who]}.',
        )))
    if rng.random() < 0.5:
        body.append(f"{_sentence(a)} has proposed further talks {rnd.proposal}, {rng.choice(SOURCES)} said.")
    if rng.random() < 0.4:
        body.append(_sentence(rng.choice(kind.background).format_map(ctx)))
    rng.shuffle(body)
    if used and rng.random() < 0.25:  # the article says one thing twice, in other words
        fam, pick = rng.choice(used)
        body.append(_sentence(fam[(pick + 1) % len(fam)].format_map(ctx)))
    paras.extend(body)

    target = min(8000, max(1000, int(rng.lognormvariate(7.9, 0.55))))
    size = sum(len(p) for p in paras)
    subheads = rng.sample(kind.subheads, len(kind.subheads))
    filler = rng.sample(kind.filler, len(kind.filler))
    earlier = [(o, fam) for o in story.rounds[:r] for fam in o.facts]
    rng.shuffle(earlier)
    debris = True
    while size < target:
        roll = rng.random()
        if roll < 0.07 and subheads:
            sub = subheads.pop()
            line = f"## {sub}" if mode == "markdown" else f"\u2013 {sub} \u2013"
        elif roll < 0.1 and debris:
            debris = False
            line = rng.choice((city.upper(), "The full list of delegates is here.", "What happens next?"))
        elif roll < 0.2 and earlier:  # a fact from an earlier round, after that round's date and place
            other, fam = earlier.pop()
            fact = _sentence(rng.choice(fam).format_map(
                {**ctx, **other.slots, "city": other.city[0], "venue": other.venue[0]}))
            line = (f"The {ORDINALS[min(other.number - 1, 7)]} round was held on {_fmt_date(other.date)} "
                    f"in {other.city[0]}. {fact}")
        else:
            if filler and rng.random() < 0.4:
                line = filler.pop()
            else:
                line = (f"{rng.choice(CHATTER_WHO)} {rng.choice(CHATTER_VERB)} "
                        f"{rng.choice(CHATTER_WHAT)}, {rng.choice(CHATTER_HOW)}.")
            ctx["k"], ctx["pct3"] = rng.randint(2, 60), rng.randint(2, 40)
            ctx["big"], ctx["year"] = rng.randrange(10_000, 900_000, 500), rng.randint(2005, 2024)
            line = _sentence(line.format_map(ctx))
        paras.append(line)
        size += len(line) + 1
    if dateline:
        paras[0] = f"{city.upper()}, {MONTHS_WIRE[pub.month - 1]} {pub.day} ({outlet}) - {paras[0]}"
    headline = f"{_sentence(a)} and {b} hold {ordinal} round of {story.event} in {city}"
    sep = "\n\n" if mode == "markdown" or rng.random() < 0.6 else "\n"
    return sep.join(paras), pub, headline


def _render(seed: int, n_stories: int, i: int) -> tuple[str, str]:
    """(file name, file text) of article i."""
    rng = random.Random(f"factdesk-bench/{seed}/article/{i}")
    story = _story(seed, rng.randrange(n_stories))
    r = rng.randrange(len(story.rounds))
    roll = rng.random()
    if roll < MARKDOWN_SHARE:
        mode = "markdown"
    elif roll < MARKDOWN_SHARE + NO_DATE_SHARE:
        mode = "nodate"
    else:
        mode = "dated"
    body, pub, headline = _article(story, r, rng, mode)
    stem = f"{i:06d}_{rng.getrandbits(64):016x}"
    if mode == "markdown":
        outlet, _, domain = rng.choice(OUTLETS)
        slug = "-".join(headline.lower().split()[:8]).replace("'", "")
        url = f"https://{domain}/{pub.year}/{pub.month:02d}/{pub.day:02d}/{slug}"
        head = f'---\ntitle: "{headline}"\ndate: {pub.isoformat()}\nurl: {url}\noutlet: {outlet}\n---\n\n'
        return f"{stem}.md", head + body + "\n"
    if mode == "nodate":
        return f"{stem}.txt", body + "\n"
    return f"{stem}.txt", f" date {pub.isoformat()} {body}\n"


def generate(n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write n synthetic articles into out_dir (created if missing) and return their paths.

    The same n and seed give the same file names and bytes. Files are written one at a time.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_stories = max(len(KINDS), -(-n // ARTICLES_PER_STORY))
    paths = []
    for i in range(n):
        name, text = _render(seed, n_stories, i)
        path = out_dir / name
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        paths.append(path)
    _story.cache_clear()
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench.corpus",
                                 description="Write a deterministic synthetic news corpus for benchmarks.")
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out_dir", type=Path, help="folder to write them into (created if missing)")
    ap.add_argument("--seed", type=int, default=0, help="same seed, same bytes (default 0)")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("N must be >= 0")
    t0 = time.perf_counter()
    paths = generate(args.n, args.out_dir, seed=args.seed)
    secs = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} articles ({size / 1e6:.1f} MB) to {args.out_dir} in {secs:.1f}s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
