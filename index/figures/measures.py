"""What a figure measures, in a few words, and the topic it belongs to.

The label is built from the sentence's own words around the number: the thing measured ("of
Ukrainian territory", "78,329 Russian troops", "growth of 0.2%"), the verb that governs it
("has seized", "have been killed") and a short purpose or place ("to reclaim the territory").
A rise or fall of a rate is a change ("fell 0.2%" is −0.2, "change in German output"). Topics
come from general word lists, never from rules about one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.figures.actors import DEMONYMS, PLACES
from index.figures.periods import MONTHS
from index.figures.quantities import Quantity, is_number_word
from index.figures.syntax import (
    ADVERBS,
    AUXILIARIES,
    CONJUNCTIONS,
    DECREASE_VERBS,
    DETERMINERS,
    INCREASE_VERBS,
    LINKING_VERBS,
    PAST_FORMS,
    PREPOSITIONS,
    PRONOUNS,
    REPORTING_VERBS,
    SUBORDINATORS,
    TIME_WORDS,
    VerbGroup,
    gerund,
    is_verb,
    noun_phrase_after,
    noun_phrase_start,
    participle,
    verb_group,
)
from index.text.tokens import Token

# Verbs that report a figure rather than act on it ("confirmed 78,329 troops have been killed").
_SAYING = frozenset(
    "said says say told warned confirmed confirms reported reports believes believe noted notes "
    "showed shows found finds estimated estimates estimate expect expects".split()
)
# Verbs whose money goes *into* the noun that follows ("invest $160 billion in clean energy").
_INTO = frozenset("invest invests invested investing spend spends spent spending pour".split())
_CHANGE_NOUNS = {
    **dict.fromkeys("rise increase gain jump growth surge".split(), 1),
    **dict.fromkeys("fall drop decline decrease contraction cut slump loss".split(), -1),
}
_COMPARATIVES = {"higher": 1, "more": 1, "greater": 1, "lower": -1, "less": -1, "fewer": -1}
_NOT_HEADS = frozenset(
    "short part most much all some none total sum tune excess upwards bulk majority share".split()
)
_PLACE_PREPOSITIONS = frozenset({"in", "near", "across", "along", "around", "into", "inside"})
# Hedges that make a figure a threshold, not a change ("fall below 8%").
_THRESHOLDS = frozenset({"below", "above", "under", "over", "as low as", "as high as"})
_AREA_WORDS = frozenset(
    "territory territories seized captured occupied regained gained front advances advance "
    "liberated annexed".split()
)
_MAX_WORDS = 8
_WORD = re.compile(r"[a-z0-9]+")

TOPICS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (topic, frozenset(words.split()))
    for topic, words in (
        (
            "casualties",
            "killed dead deaths death died wounded injured casualties fatalities toll lives losses",
        ),
        (
            "territory",
            "territory territories land seized gained regained captured occupied held "
            "controlled advances reclaim liberated annexed front",
        ),
        (
            "troops",
            "troops soldiers forces personnel deployed mobilised mobilized recruits servicemen "
            "fighters brigades",
        ),
        ("weapons", "missiles drones tanks shells artillery warheads rockets jets aircraft"),
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
            "incentives goods",
        ),
    )
)
_UNIT_TOPICS = {
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


@dataclass(frozen=True)
class Label:
    """The parts of a figure's label: what, how, and where or what for.

    change: +1/−1 when the figure is a rise/fall of something ("fell 0.2%"), 0 for a level or
    an amount. baseline: the figure is the comparison point of another ("down from 0.4%", "than
    the 465 km²") and shares its label. anaphoric: its noun is a pronoun ("expect it to reach
    260 GW") and comes from the figure before. into: money goes into the noun ("invest $160
    billion in clean energy"). parenthetical: a conversion in brackets ("($14.4 billion)").
    """

    noun: str
    verb: str
    extra: str
    change: int
    baseline: bool = False
    anaphoric: bool = False
    into: bool = False
    parenthetical: bool = False


def label(
    tokens: list[Token],
    quantity: Quantity,
    clause: tuple[int, int],
    core: int,
    group: VerbGroup,
    mask: list[bool],
) -> Label:
    """Read the label parts of one figure from the tokens of its sentence."""
    clause_start, clause_end = clause
    first = quantity.first
    noun, change, k = _noun_after(tokens, quantity, clause_end)
    marker, main = group.marker, group.main
    baseline = marker in ("from", "than", "as", "against")
    if marker == "of":
        of_index = group.marker_at
        np_start = noun_phrase_start(tokens, of_index, clause_start)
        head = _text(tokens, np_start, of_index)
        if head and head.split()[-1].lower() not in _NOT_HEADS:
            noun = f"{noun} {head}".strip() if noun and quantity.kind != "percent" else head
            inner = verb_group(tokens, np_start, clause_start)
            infinitive = any(t.lower == "to" for t in tokens[inner.start : np_start])
            main = "" if infinitive else inner.main  # "to meet its target of …" is not met
        else:
            main, baseline = "", bool(head)
    governed = bool(main) and main not in _SAYING
    verb, extra, held, k = _after(tokens, k, clause_end, first <= core, governed, mask)
    noun = f"{noun} {held}".strip() if held else noun
    extra = extra or _purpose(tokens, k, clause_end, quantity.kind)
    threshold = quantity.qualifier in _THRESHOLDS
    if marker in ("up", "down") and not threshold:
        change = 1 if marker == "up" else -1
    elif (
        main in INCREASE_VERBS | DECREASE_VERBS
        and (marker == "by" or (marker == "" and quantity.kind in ("percent", "points")))
        and not threshold
    ):
        change = 1 if main in INCREASE_VERBS else -1
    if group.object_np is not None and not noun:
        noun = _text(tokens, *group.object_np)
    level = (
        main in LINKING_VERBS | INCREASE_VERBS | DECREASE_VERBS
        or marker in ("at", "to")
        or (main in ("make", "makes", "made") and group.particle == "up")
    )
    anaphoric = False
    bare = not main and marker in ("", "to", "at")
    if not noun and not baseline and (level or change or bare):
        noun, anaphoric = _subject_phrase(tokens, group, first, clause_start, core, mask)
        if main in ("cost", "costs") and noun:
            noun = f"{noun} cost"
    into = False
    if main and not verb and main not in _SAYING and not level and not change:
        verb = participle(main) + (f" {group.particle}" if group.particle else "")
        into = main in _INTO and bool(noun) and _word(tokens, quantity.last) != "of"
    parenthetical = first > 0 and tokens[first - 1].text == "("
    return Label(noun, verb, extra, change, baseline, anaphoric, into, parenthetical)


def _noun_after(tokens: list[Token], quantity: Quantity, limit: int) -> tuple[str, int, int]:
    """What the figure measures, read after it: its counted noun, "of NP", "in NP" for money,
    or a noun it modifies ("2% target"); also a change written after it ("8.7% higher")."""
    noun = quantity.noun if quantity.noun not in PRONOUNS else ""
    k = quantity.last + (2 if quantity.noun in PRONOUNS else 0)
    k = _skip_brackets(tokens, k, limit)
    word = _word(tokens, k) if k < limit else ""
    if word in _COMPARATIVES and _word(tokens, k + 1) == "than":
        return noun, _COMPARATIVES[word], k
    if word in _CHANGE_NOUNS:
        return noun, _CHANGE_NOUNS[word], k + 1
    if word == "of" and (not noun or quantity.kind == "time"):
        start, end = noun_phrase_after(tokens, k + 1, limit)
        if end > start:
            phrase = _text(tokens, start, end)
            if quantity.kind == "percent":
                return f"share of {phrase}", 0, end
            return (f"{noun} of {phrase}" if noun else phrase), 0, end
    if word == "in" and quantity.kind == "money" and not noun:
        start, end = noun_phrase_after(tokens, k + 1, limit)
        if end > start:
            return _text(tokens, start, end), 0, end
    if not noun and quantity.kind != "count" and _nounish(tokens, k, limit):
        start, end = noun_phrase_after(tokens, k, limit)
        return _text(tokens, start, end), 0, end
    return noun, 0, k


def compose(parts: Label, kind: str) -> str:
    """The measure line from label parts: "Ukrainian territory seized", "change in inflation"."""
    noun = _tidy(parts.noun)
    if parts.change and (kind in ("percent", "points") or not parts.verb):
        text = f"change in {noun}" if noun else "change"
    elif parts.into:
        text = f"{parts.verb} in {noun}"
    else:
        text = " ".join(part for part in (noun, parts.verb, parts.extra) if part)
    words = text.split()
    return " ".join(words[:_MAX_WORDS])


def fallback_noun(kind: str, sentence: str) -> str:
    """A noun for a measured quantity whose sentence names none ("593 square kilometers")."""
    if kind == "area":
        words = set(_WORD.findall(sentence.lower()))
        return "territory" if words & _AREA_WORDS else "area"
    return {"money": "funding", "power": "capacity", "energy": "capacity"}.get(kind, "")


def topic(measure: str, unit: str, kind: str, sentence: str) -> str:
    """The topic of a figure: from its label's words, then its unit, then its sentence."""
    words = set(_WORD.findall(measure.lower()))
    casualties = TOPICS[0][1]
    if words & casualties:
        return "casualties"
    head = unit.split("/")[0].lower()
    for name, vocabulary in TOPICS:
        if head in vocabulary:
            return name
    for name, vocabulary in TOPICS:
        if words & vocabulary:
            return name
    if unit.split("/")[0] in _UNIT_TOPICS and kind not in ("percent", "points"):
        return _UNIT_TOPICS[unit.split("/")[0]]
    sentence_words = set(_WORD.findall(sentence.lower()))
    for name, vocabulary in TOPICS:
        if sentence_words & vocabulary:
            return name
    return _UNIT_TOPICS.get(unit.split("/")[0]) or ("economy" if kind == "money" else kind)


def _word(tokens: list[Token], index: int) -> str:
    return tokens[index].lower if 0 <= index < len(tokens) else ""


def _text(tokens: list[Token], start: int, end: int) -> str:
    """Original words of tokens[start:end], without leading determiners."""
    while start < end and tokens[start].lower in DETERMINERS:
        start += 1
    pieces: list[str] = []
    for index in range(start, end):
        token = tokens[index]
        word = token.text
        if index == 0 and not _named(token.text):
            word = word.lower()
        glued = pieces and (tokens[index - 1].text == "(" or token.text == ")")
        pieces[-1:] = [pieces[-1] + word] if glued else [*pieces[-1:], word]
    return " ".join(pieces)


def _named(word: str) -> bool:
    """Whether a word opening a sentence is a name ("India's", "ECB", "Russia"), so it keeps
    its capital; "Inflation" does not."""
    if (word.isupper() and len(word) > 1) or (word.endswith(("'s", "’s")) and word[0].isupper()):
        return True
    return word.lower() in PLACES or word.lower() in DEMONYMS


def _tidy(noun: str) -> str:
    """Drop a leading possessive name ("India's peak demand" → "peak demand")."""
    words = noun.split()
    if len(words) > 1 and words[0][0].isupper() and words[0].endswith(("'s", "’s")):
        words = words[1:]
    return " ".join(words)


def _skip_brackets(tokens: list[Token], k: int, limit: int) -> int:
    """Step over "(GW)" or "($14.4 billion)" written right after a figure."""
    if k < limit and tokens[k].text == "(":
        for index in range(k + 1, min(k + 8, limit)):
            if tokens[index].text == ")":
                return index + 1
    return k


def _nounish(tokens: list[Token], k: int, limit: int) -> bool:
    """Whether a noun follows the figure directly ("2% target", "$4.2 billion loan programme")."""
    if k >= limit:
        return False
    token = tokens[k]
    word = token.lower
    return (
        token.is_word
        and not token.is_capitalized
        and word not in PREPOSITIONS | DETERMINERS | AUXILIARIES | PRONOUNS | TIME_WORDS | ADVERBS
        and word not in CONJUNCTIONS | SUBORDINATORS
        and not is_number_word(word)
        and not word.endswith("ly")
        and not is_verb(token)
    )


def _after(
    tokens: list[Token],
    k: int,
    limit: int,
    is_subject: bool,
    governed: bool,
    mask: list[bool],
) -> tuple[str, str, str, int]:
    """A verb after the figure: "have been killed", "gained in 2023", "it spent", "face …".

    Returns the participle, a short phrase after it ("from their homes"), words qualifying the
    counted noun that were stepped over ("under five"), and the index after them. A figure
    already governed by a verb before it ("killed more than 1,300 people, have been …") takes
    only a participle written right after it.
    """
    j = k
    while j < limit and mask[j]:
        j += 1
    held = ""
    if (
        j + 2 < limit
        and tokens[j].lower in ("under", "over", "aged")
        and tokens[j + 2].lower in AUXILIARIES
    ):
        held, j = _text(tokens, j, j + 2), j + 2
    if not governed:
        if _word(tokens, j) == "," and _word(tokens, j + 1) in AUXILIARIES:
            j += 1
        j = _skip_reporter(tokens, j, limit)
        if _word(tokens, j) in ("it", "they", "we"):
            j += 1
    start = j
    while j < limit and (tokens[j].lower in AUXILIARIES or tokens[j].lower.endswith("ly")):
        j += 1
    if j >= limit or not tokens[j].is_word or tokens[j].is_capitalized:
        return "", "", held, k
    if governed and j > start:
        return "", "", held, k
    word = tokens[j].lower
    if (word.endswith("ed") and is_verb(tokens[j])) or word in PAST_FORMS:
        verb = participle(word)
    elif j > start and word.endswith("ing"):
        verb = word
    elif is_subject and not governed and j == start and _nounish(tokens, j, limit):
        phrase_start, phrase_end = noun_phrase_after(tokens, j + 1, limit)
        if phrase_end == phrase_start:
            return "", "", held, k
        return gerund(word), _text(tokens, phrase_start, phrase_end), held, phrase_end
    else:
        return "", "", held, k
    phrase, end = _place(tokens, j + 1, limit)
    return verb, phrase, held, end


def _skip_reporter(tokens: list[Token], j: int, limit: int) -> int:
    """Step over "the United Nations says" in "the $4.2bn the United Nations says is needed"."""
    for index in range(j, min(j + 6, limit)):
        token = tokens[index]
        if token.lower in REPORTING_VERBS and index > j:
            return index + 1
        if not (token.is_capitalized or token.lower in DETERMINERS or token.text in "()"):
            return j
    return j


def _place(tokens: list[Token], k: int, limit: int) -> tuple[str, int]:
    """'from their homes', 'across the border', 'from Port Sudan to Darfur' (never a time)."""
    pieces: list[str] = []
    while len(pieces) < 2 and k < limit and tokens[k].lower in _PLACE_PREPOSITIONS | {"from", "to"}:
        start, end = noun_phrase_after(tokens, k + 1, limit)
        if end == start or any(t.lower in TIME_WORDS or t.is_number for t in tokens[start:end]):
            break
        if any(t.lower in MONTHS for t in tokens[start:end]):
            break
        pieces.append(" ".join(t.text for t in tokens[k:end]))
        k = end
    return " ".join(pieces), k


def _purpose(tokens: list[Token], k: int, limit: int, kind: str) -> str:
    """'to reclaim the territory', 'for a battery plant', 'in the border region'."""
    if k >= limit:
        return ""
    word = tokens[k].lower
    if word == "to" and k + 1 < limit and tokens[k + 1].is_word:
        following = tokens[k + 1]
        if not following.is_capitalized and following.lower not in DETERMINERS | PREPOSITIONS:
            start, end = noun_phrase_after(tokens, k + 2, limit)
            if end > start:
                return " ".join(t.text for t in tokens[k:end])
        if following.is_capitalized:
            return " ".join(t.text for t in tokens[k : noun_phrase_after(tokens, k + 1, limit)[1]])
    if word == "for" and kind == "money":
        start, end = noun_phrase_after(tokens, k + 1, limit)
        if end > start and not any(t.lower in TIME_WORDS for t in tokens[start:end]):
            return " ".join(t.text for t in tokens[k:end])
    if word in _PLACE_PREPOSITIONS | {"from"} and kind in ("area", "count", "distance"):
        return _place(tokens, k, limit)[0]
    return ""


def _subject_phrase(
    tokens: list[Token],
    group: VerbGroup,
    first: int,
    clause_start: int,
    core: int,
    mask: list[bool],
) -> tuple[str, bool]:
    """The noun phrase a change or level belongs to: "[German output] fell 0.2%".

    Returns the words and whether they were a pronoun ("it"), to be taken from the figure
    before; a relative pronoun stands for the noun before its comma ("tariffs …, which fell").
    """
    end = group.start if group.main else first
    if group.marker and not group.main:
        end = first - 1
    floor = max(core, clause_start)
    np_start = noun_phrase_start(tokens, end, floor, mask)
    if np_start == end and end > 0 and tokens[end - 1].lower in ("which", "that", "who"):
        comma = end - 2 if end >= 2 and tokens[end - 2].text == "," else end - 1
        np_start, end = noun_phrase_start(tokens, comma, 0), comma
    elif np_start == end and end > floor and tokens[end - 1].lower in PRONOUNS:
        return "", True
    if np_start < end and (tokens[np_start].is_number or tokens[np_start - 1].is_number):
        return "", True
    if np_start < end:
        words = [i for i in range(np_start, end) if not mask[i]]
        return (_text(tokens, words[0], words[-1] + 1) if words else ""), False
    if core < first:
        start, stop = noun_phrase_after(tokens, core, first)
        return _text(tokens, start, stop), False
    return "", False
