"""Every word list the figure extractor reads, written once: numbers, months, units, hedges,
reporting verbs, prepositions, page chrome, topics, and the fixed words a rendered label may add.

The extractor takes its labels from the sentence; these tables only help it find where a
figure, its label, its time and its source begin and end. RENDER_WORDS is the closed set of
words a rendered line may contain that its sentence does not (unit symbols, hedges, months,
connectives): the invariant test of tests/index/test_figures.py holds every label to it.
"""

from __future__ import annotations

import re

from index.text.number_words import SMALL_NUMBERS as SMALL_NUMBERS
from index.text.number_words import TENS as TENS

# Numbers -------------------------------------------------------------------------------------

SCALES = {
    "dozen": 12, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12
}  # fmt: skip
# Scales that multiply the number before them within a number ("two dozen", "three hundred
# thousand"), where the larger ones close a group ("two million three hundred").
MULTIPLYING_SCALES = frozenset({"dozen", "hundred"})
SHORT_SCALES = {"bn": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12}
GLUED_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9, **SHORT_SCALES}
MULTIPLES = {"twice": 2, "double": 2, "triple": 3, "treble": 3, "quadruple": 4}
# How often, in one word: "pushed back twice" is 2 times ("twice as much" stays a ratio).
FREQUENCIES = {"twice": 2, "thrice": 3}
# A change said by the multiple it came to: "deaths more than doubled", "sales tripled".
# ("doubles" is also the tennis event).
MULTIPLIED = {"doubled": 2, "tripled": 3, "trebled": 3, "quadrupled": 4}
NUMBER_WORDS = frozenset({*SMALL_NUMBERS, *TENS, *SCALES, *MULTIPLES, *MULTIPLIED, *FREQUENCIES})
# Parts of a whole, by the number they divide by: "two-thirds of staff" is 2/3.
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
FRACTIONS = frozenset(DENOMINATORS)
# Places in an order, written as words: "its fourth long-term crew", "Virgin's second largest
# base". Not "first", which is mostly idiom ("for the first time", "at first").
ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100,
}  # fmt: skip
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
# Verbs that place someone in an order, so the ordinal after them is a rank: "ranked eighth",
# "finished third".
PLACING_VERBS = frozenset("ranked finished placed came rated seeded".split())
# What an ordinal before them names is a time or a part, not a place in an order: "the third
# quarter", "the second half" (centuries are read a few words on: "19th and 20th centuries").
NOT_RANKED = frozenset("quarter quarters half halves millennium decade of".split())

# Time ----------------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Days named by a word: what may follow a score ("resuming at 3 for 89 yesterday").
DAY_WORDS = frozenset({"yesterday", "today", "tonight", "tomorrow", *WEEKDAYS})
TIME_UNITS = frozenset(
    "year years month months week weeks day days hour hours minute minutes second seconds decade "
    "decades century centuries night nights hr hrs mins yr yrs".split()
)
# Words that put an event after the article's date ("will meet Thursday", "is expected to").
FUTURE_CUES = frozenset(
    "will 'll ’ll shall expected expects expect scheduled plans plan planned upcoming "
    "going set due next tomorrow".split()
)

# Money and units -----------------------------------------------------------------------------

CURRENCY_SYMBOLS = {
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₴": "UAH"
}  # fmt: skip
CURRENCY_SIGNS = {code: sign for sign, code in CURRENCY_SYMBOLS.items()}
DOLLAR_PREFIXES = {"US": "USD", "A": "AUD", "C": "CAD", "HK": "HKD", "NZ": "NZD", "S": "SGD"}
CURRENCY_CODES = frozenset("USD EUR GBP JPY CNY INR RUB UAH CHF AUD CAD HKD NZD SGD".split())
CURRENCY_WORDS = {
    "dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupees": "INR",
    "roubles": "RUB",
    "rubles": "RUB",
    "hryvnias": "UAH",
    "hryvnia": "UAH",
    "francs": "CHF",
}
# Whose dollars a question asks for ("in aussie dollars", "how much in US dollars").
DOLLAR_NATIONALITIES = {
    "us": "USD",
    "american": "USD",
    "australian": "AUD",
    "aussie": "AUD",
    "canadian": "CAD",
    "hong kong": "HKD",
    "new zealand": "NZD",
    "nz": "NZD",
    "singapore": "SGD",
}
# (pattern right after the number, unit symbol, kind), most specific first.
UNIT_PATTERNS = (
    # "5pc", British papers' per cent, only glued to its number ("5 PC" may be computers).
    (r"%|(?:of (?:a|one) )?(?:per[ \u00a0]?cent\b|percent\b)|(?<=\d)pc\b", "%", "percent"),
    (r"(?:of (?:a|one) )?percentage[- ]points?\b|pp\b|ppts?\b", "pp", "points"),
    (r"basis[- ]points?\b|bps?\b", "bp", "points"),
    (r"(?:square|sq\.?)[- ](?:kilomet(?:er|re)s?|km)\b|km²|km2\b|sq\.? ?km\b", "km²", "area"),
    (r"(?:square|sq\.?)[- ]miles?\b|sq\.? ?mi\b|mi²", "mi²", "area"),
    (r"(?:square|sq\.?)[- ]met(?:er|re)s?\b|m²", "m²", "area"),
    (r"(?:square|sq\.?)[- ](?:feet|foot|ft)\b|sq\.? ?ft\b|ft²", "ft²", "area"),
    (r"hectares?\b|ha\b", "ha", "area"),
    (r"acres?\b", "acres", "area"),
    (r"terawatt[- ]hours?\b|TWh\b", "TWh", "energy"),
    (r"gigawatt[- ]hours?\b|GWh\b", "GWh", "energy"),
    (r"megawatt[- ]hours?\b|MWh\b", "MWh", "energy"),
    (r"kilowatt[- ]hours?\b|kWh\b", "kWh", "energy"),
    (r"gigawatts?\b|GW\b", "GW", "power"),
    (r"megawatts?\b|MW\b", "MW", "power"),
    (r"kilowatts?\b|kW\b", "kW", "power"),
    (r"miles?[ -](?:per|an)[ -]hour\b|mph\b", "mph", "speed"),
    (r"(?:kilomet(?:er|re)s?|km)[ -](?:per|an)[ -]hour\b|km/h\b|kph\b", "km/h", "speed"),
    (r"knots?\b", "knots", "speed"),
    (r"kilomet(?:er|re)s?\b|km\b", "km", "distance"),
    (r"miles?\b", "mi", "distance"),
    (r"centimet(?:er|re)s?\b|cm\b", "cm", "distance"),
    (r"millimet(?:er|re)s?\b|mm\b", "mm", "distance"),
    (r"met(?:er|re)s?\b", "m", "distance"),
    (r"(?:feet|foot|ft)\b", "ft", "distance"),
    (r"inch(?:es)?\b", "in", "distance"),
    (r"yards?\b|yd\b", "yd", "distance"),
    (r"(?:metric )?tonnes?\b|(?:metric )?tons?\b", "t", "mass"),
    (r"kilo(?:gram)?s?\b|kg\b", "kg", "mass"),
    # Lowercase symbols only: "5G" is a network, "250 ML" no volume.
    (r"milligrams?\b|(?-i:mg)\b", "mg", "mass"),
    (r"grams?\b|grammes?\b|(?-i:g)\b", "g", "mass"),
    (r"bpd\b|barrels? (?:per|a) day\b", "barrels/day", "volume"),
    (r"barrels?\b", "barrels", "volume"),
    (r"cubic[- ]met(?:er|re)s?\b|bcm\b|m³", "m³", "volume"),
    (r"millilit(?:er|re)s?\b|(?-i:ml)\b", "mL", "volume"),
    (r"lit(?:er|re)s?\b", "L", "volume"),
    # A bare letter with digits after it names a model, not a temperature: "three C-130s".
    (r"°[ ]?C\b|degrees? (?:Celsius|centigrade)\b|C\b(?![-‐]\d)", "°C", "temperature"),
    (r"°[ ]?F\b|degrees? Fahrenheit\b|F\b(?![-‐]\d)", "°F", "temperature"),
    (r"cents?\b", "cents", "money"),
)
RATE_WORDS = (
    "day|week|month|year|annum|capita|person|head|child|household|barrel|tonne|ton"
    "|kilowatt[- ]hour|kWh|megawatt[- ]hour|MWh|litre|liter|gallon"
)
RATE_NAMES = {
    "annum": "year",
    "capita": "person",
    "head": "person",
    "kilowatt-hour": "kWh",
    "kilowatt hour": "kWh",
    "megawatt-hour": "MWh",
    "megawatt hour": "MWh",
    "liter": "litre",
    "ton": "tonne",
}

# Hedges --------------------------------------------------------------------------------------

# Hedges written before a number; the figure keeps the words, the rendered line a symbol.
QUALIFIER_SYMBOLS = {
    **dict.fromkeys(
        ("approximately", "about", "around", "roughly", "some", "circa", "estimated", "~"), "≈"
    ),
    **dict.fromkeys(("at least", "no fewer than", "no less than", "a minimum of"), "≥"),
    **dict.fromkeys(("more than", "over", "above", "in excess of", "upwards of", "just over"), ">"),
    **dict.fromkeys(
        ("up to", "as many as", "as much as", "at most", "no more than", "as high as"), "≤"
    ),
    **dict.fromkeys(("fewer than", "less than", "under", "below", "just under", "as low as"), "<"),
}
QUALIFIER_WORDS_KEPT = ("nearly", "almost", "close to", "a tad over")
QUALIFIER_PHRASES = tuple(
    sorted(
        (
            tuple(phrase.split())
            for phrase in (*QUALIFIER_SYMBOLS, *QUALIFIER_WORDS_KEPT, "an estimated")
        ),
        key=len,
        reverse=True,
    )
)

# Grammar words -------------------------------------------------------------------------------

ARTICLES = frozenset({"the", "a", "an"})
PREPOSITIONS = frozenset(
    "of in on at to from by with for into onto over under about around across along near since "
    "during until through between against among after before than per via towards inside "
    "outside within without".split()
)
CONJUNCTIONS = frozenset("and or but nor yet so".split())
# Words that open a new clause: a label never runs across them.
SUBORDINATORS = frozenset(
    "that which who whom whose while whereas although though because if when where as "
    "unless since after before until once".split()
)
# Words that open a clause about another event: a time after one of them dates that event
# ("Set 375 for victory, the task was harder when X was out this morning").
OTHER_EVENT = frozenset("when because while although though whereas unless if".split())
PRONOUNS = frozenset("it they he she we i you them him us this these those its their".split())
# Words before a noun that say whose or which it is ("its forecast", "the report").
DETERMINERS = frozenset("a an the its their his her our your my this these those".split())
AUXILIARIES = frozenset(
    "is are was were be been being am has have had having do does did 's ’s".split()
)
MODALS = frozenset("will would shall should can could may might must".split())
FUNCTION_WORDS = frozenset(
    {
        *ARTICLES,
        *PREPOSITIONS,
        *CONJUNCTIONS,
        *SUBORDINATORS,
        *PRONOUNS,
        *AUXILIARIES,
        *MODALS,
        *"his her our your my what there here not no also only just even still already now then "
        "more most less least very always perhaps afterwards sometimes thus news series "
        "including each".split(),
    }
)
# Words a label drops at its edges or before a participle ("has since deployed" → "deployed").
LIGHT_ADVERBS = frozenset(
    "since now already also still just currently reportedly recently initially further then "
    "previously once".split()
)
# Adverbs that modify the time expression after them ("later this month", "shortly before 1pm").
TIME_ADVERBS = frozenset("later earlier shortly soon early late prior".split())
# Pronouns of a partitive count ("two of whom", "14 of them"): the count is of a noun said before.
PARTITIVES = frozenset("them those these whom which".split())
IRREGULAR_PLURALS = frozenset(
    "people children men women police personnel staff cattle aircraft".split()
)
# Participles and past forms without -ed: a label ending in one reads "… by <subject>".
IRREGULAR_PARTICIPLES = frozenset(
    "held won lost spent sent taken given made paid brought bought sold built kept left fled "
    "shot seen fallen risen grown shrunk struck fought become got cut set put hit forecast "
    "met spread cost found told known shown".split()
)
# Participles that are never a simple past: "has risen" keeps its "has" ("risen to 37" is not
# English), where "has dropped" reads "dropped".
PERFECT_ONLY = frozenset("risen fallen grown shrunk taken given seen become known shown".split())
# Forms of "have" that make a perfect tense with a participle.
PERFECT_AUXILIARIES = frozenset("has have had having 's ’s".split())
# Verbs and nouns of a rise or a fall: "rose 5 cents to 31.5 cents" is a change, not a range.
RISE_WORDS = frozenset(
    "rose risen rise rises rising grew grown grow grows growing increased increase increases "
    "climbed climb climbs jumped jump jumps surged surge surges soared soar soars expanded "
    "expand expands raised raise raises gained gains".split()
)
FALL_WORDS = frozenset(
    "fell fallen fall falls falling dropped drop drops declined decline declines decreased "
    "decrease decreases shrank shrunk shrink shrinks contracted contract contracts slumped "
    "slump slumps slid slide slides slipped slip slips plunged plunge plunges tumbled tumble "
    "tumbles cut cuts lowered reduced reduce reduces".split()
)
REPORTING_VERBS = frozenset(
    "said says say confirmed confirms confirm estimated estimates estimate reported reports "
    "report showed shows show found finds warned warns told recorded records "
    "calculated projected projects noted notes suggests suggested indicates indicated "
    "forecast forecasts measured".split()
)
# Reporting verbs whose object is the one told: in the passive they still report ("staff were
# told the firm owes …"), where "was found 16 days later" is the clause's own verb.
ADDRESSED_REPORTS = frozenset({"told", "warned"})
# Nouns of a document that reports figures ("a BBC Russian analysis confirmed …").
REPORT_NOUNS = (
    "analysis|report|data|figures|estimates?|survey|study|count|tally|statement|assessment|"
    "research|poll|forecast|projections?|census|review|series"
)
# Words before a number that make it a label or a name ("Article 5", "Flight 17", "aged 43").
NAME_LABELS = frozenset(
    "article chapter section page paragraph flight resolution room route highway level phase "
    "stage category type model grade class number no item act unit division brigade corps "
    "battalion regiment squadron district ward gate terminal platform line bus channel tier "
    "step round volume vol issue episode season part figure table formula".split()
)
# Words right before a bare number that make it an age ("aged 43", "died at age 58").
AGE_WORDS = frozenset("aged age".split())
# Words after a count that lend it the noun of the count before it ("two each", "two apiece").
DISTRIBUTIVES = frozenset("each apiece".split())
# Second halves of a number compound that do not name what is counted ("a five-strong crew").
NOT_COUNTED = frozenset("strong odd way off plus".split())

# Counts with no noun that a count before them in the sentence lends one ("and 200 wounded").
CASUALTY_WORDS = frozenset("dead wounded injured missing killed hurt".split())
# A toll of one: "one person has died", "injuring one policeman".
DEATH_VERBS = frozenset({*CASUALTY_WORDS, "died", "dies"})
CASUALTY_PARTICIPLES = frozenset("killing injuring wounding".split())
# Nouns a duration compound names rather than measures ("a 10-year bond").
NAMED_TERMS = frozenset("bond bonds yield yields note notes mortgage mortgages".split())

# Page chrome ---------------------------------------------------------------------------------

CHROME_WORDS = frozenset("views view comments comment likes like mins min reads read".split())
CHROME_LINE = re.compile(
    r"^(?:\s*[\d.,]+[kKmM]?\s*(?:views?|mins?|minutes?|min read|comments?|shares?|likes?|reads?)"
    r"\b)+\s*$",
    re.IGNORECASE,
)

# Topics --------------------------------------------------------------------------------------

TOPICS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (topic, frozenset(words.split()))
    for topic, words in (
        (
            "casualties",
            "killed dead deaths death died wounded injured casualties fatalities toll lives "
            "losses hostages murdered slain massacred",
        ),
        (
            "territory",
            "territory territories land seized gained regained captured occupied held holds "
            "controlled advances reclaim liberated annexed front",
        ),
        (
            "troops",
            "troops soldiers forces personnel deployed mobilised mobilized recruits servicemen "
            "fighters brigades marines commandos peacekeepers",
        ),
        (
            "emergency services",
            "police officers firefighters firies crews paramedics ambulances ambulance rescuers "
            "volunteers",
        ),
        ("weapons", "missiles drones tanks shells artillery warheads rockets jets grenades"),
        (
            "transport",
            "aircraft planes flights airline airlines passengers fleet routes trains buses "
            "ships vessels",
        ),
        (
            "aid",
            "aid assistance donors pledged pledges funding appeal relief humanitarian grant "
            "grants committed",
        ),
        (
            "humanitarian",
            "displaced refugees fled forced homes homeless evacuated migrants asylum hunger "
            "famine malnourished food children",
        ),
        (
            "health",
            "cases cholera patients hospital hospitals vaccine vaccines infections disease "
            "outbreak",
        ),
        (
            "energy",
            "electricity power solar wind gas oil coal capacity barrels grid renewable "
            "renewables storage hydro tariffs energy modules battery transmission demand",
        ),
        (
            "climate",
            "emissions carbon co2 dioxide temperature temperatures warming heat heatwave climate",
        ),
        (
            "economy",
            "gdp economy growth output production inflation prices price rate rates "
            "unemployment jobs wages wage exports imports trade deficit debt budget spending "
            "investment tax revenue sales retail manufacturing interest loan bond bonds yields "
            "markets profit earnings currency capital forecast labour workers employment "
            "incentives goods income employees staff shares",
        ),
    )
)
UNIT_TOPICS = {
    "km²": "territory",
    "mi²": "territory",
    "GW": "energy",
    "MW": "energy",
    "kW": "energy",
    "TWh": "energy",
    "GWh": "energy",
    "MWh": "energy",
    "kWh": "energy",
    "barrels": "energy",
    "°C": "climate",
    "°F": "climate",
    "%": "economy",
    "pp": "economy",
    "bp": "economy",
}

# What a rendered line may add ----------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
RENDER_WORDS = frozenset(
    word.lower()
    for text in (
        " ".join(unit for _, unit, _ in UNIT_PATTERNS),
        " ".join(CURRENCY_CODES),
        " ".join(QUALIFIER_SYMBOLS),
        " ".join(QUALIFIER_WORDS_KEPT),
        " ".join(name.capitalize() for name in MONTHS),
        " ".join(SCALES),
        " ".join(RATE_NAMES.values()),
        RATE_WORDS,
        # connectives of a rendered line: "… of X seized by Y in 2024 vs 2023, per Z"
        " ".join(TIME_UNITS),
        "of by in on as since per vs to Q barrels day poll",
    )
    for word in _WORD.findall(text)
)


def words_of(text: str) -> list[str]:
    """The words of `text` (letters only, lowercased): what the label invariant compares."""
    return [word.lower() for word in _WORD.findall(text)]
