"""Shallow syntax on tokens: clauses, verb groups and noun phrases around a figure.

Labelling a figure needs only a little grammar: which clause it sits in (so "in 2020" in a
relative clause does not date it), the verb that governs it ("has seized", "fell"), and the noun
phrase before that verb (its subject). Word lists and token shapes are enough for news prose;
there is no parser, and nothing here is specific to one article.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from index.figures.periods import MONTHS
from index.figures.quantities import is_number_word
from index.text.tokens import Token

DETERMINERS = frozenset("the a an this that these those its their his her our your my".split())
PREPOSITIONS = frozenset(
    "of in on at to from by with for into onto over under about around across along near since "
    "during until through between against among after before than as per via outside inside "
    "within without like including excluding following despite amid".split()
)
CONJUNCTIONS = frozenset("and or but nor yet so while whereas although though because".split())
SUBORDINATORS = frozenset(
    "while whereas although though as when if because since after before once unless".split()
)
AUXILIARIES = frozenset(
    "is are was were be been being am has have had having will would shall should can could may "
    "might must do does did".split()
)
PRONOUNS = frozenset("it they he she we i you them him us who whom whose which what".split())
ADVERBS = frozenset(
    "now since already just only still also even again reportedly currently then too almost "
    "nearly so far recently initially".split()
)
PARTICLES = frozenset("aside out off back away".split())
# Prepositions whose phrase can belong to the noun before it ("tariffs at recent auctions").
_NOUN_PREPOSITIONS = frozenset("of to in from for at on near".split())
# Verbs with no tell-tale ending that take an infinitive ("would need to rise").
_CONTROL_VERBS = frozenset(
    "need needs want wants plan plans aim aims hope hopes expect expects continue continues "
    "begin begins seem seems appear appears try tries intend intends".split()
)
REPORTING_VERBS = frozenset(
    "said says say confirmed confirms confirm estimated estimates estimate reported reports "
    "report showed shows show found finds warned warns told believes believe recorded records "
    "calculated projected projects noted notes".split()
)
TIME_WORDS = frozenset(
    "year years month months week weeks day days quarter quarters decade decades last next "
    "today yesterday tomorrow earlier later ago".split()
)
# Past forms and participles that do not end in -ed, and present forms, mapped to a participle.
_IRREGULAR = {
    **{word: "held" for word in ("hold", "holds", "held", "holding")},
    **{word: "won" for word in ("win", "wins", "won", "winning")},
    **{word: "lost" for word in ("lose", "loses", "lost", "losing")},
    **{word: "spent" for word in ("spend", "spends", "spent", "spending")},
    **{word: "sent" for word in ("send", "sends", "sent", "sending")},
    **{word: "taken" for word in ("take", "takes", "took", "taken", "taking")},
    **{word: "given" for word in ("give", "gives", "gave", "given", "giving")},
    **{word: "made" for word in ("make", "makes", "made", "making")},
    **{word: "paid" for word in ("pay", "pays", "paid", "paying")},
    **{word: "brought" for word in ("bring", "brings", "brought", "bringing")},
    **{word: "bought" for word in ("buy", "buys", "bought", "buying")},
    **{word: "sold" for word in ("sell", "sells", "sold", "selling")},
    **{word: "built" for word in ("build", "builds", "built", "building")},
    **{word: "kept" for word in ("keep", "keeps", "kept", "keeping")},
    **{word: "left" for word in ("leave", "leaves", "left", "leaving")},
    **{word: "fled" for word in ("flee", "flees", "fled", "fleeing")},
    **{word: "shot" for word in ("shoot", "shoots", "shot", "shooting")},
    **{word: "cut" for word in ("cut", "cuts", "cutting")},
    **{word: "set" for word in ("set", "sets", "setting")},
    **{word: "put" for word in ("put", "puts", "putting")},
    **{word: "hit" for word in ("hit", "hits", "hitting")},
    **{word: "seen" for word in ("see", "sees", "saw", "seen", "seeing")},
    **{word: "raised" for word in ("raise", "raises", "raised", "raising")},
    **{word: "controlled" for word in ("control", "controls", "controlled", "controlling")},
    **{word: "fallen" for word in ("fall", "falls", "fell", "fallen")},
    **{word: "risen" for word in ("rise", "rises", "rose", "risen")},
    **{word: "grown" for word in ("grow", "grows", "grew", "grown")},
    **{word: "shrunk" for word in ("shrink", "shrinks", "shrank", "shrunk")},
    **{word: "stood" for word in ("stand", "stands", "stood")},
    **{word: "slid" for word in ("slide", "slides", "slid")},
    **{word: "struck" for word in ("strike", "strikes", "struck")},
    **{word: "fought" for word in ("fight", "fights", "fought")},
    **{word: "become" for word in ("become", "becomes", "became")},
    **{word: "come" for word in ("come", "comes", "came")},
    **{word: "got" for word in ("get", "gets", "got")},
    **{word: "had" for word in ("has", "have", "had")},
    **{word: "forecast" for word in ("forecast", "forecasts")},
    **{word: "met" for word in ("meet", "meets", "met", "meeting")},
    **{word: "spread" for word in ("spread", "spreads", "spreading")},
    **{word: "cost" for word in ("cost", "costs", "costing")},
    **{word: "needed" for word in ("need", "needs", "needed", "needing")},
}
# Past forms without -ed, recognised as verbs anywhere ("fell", "held"); base forms such as
# "cut" or "forecast" are nouns as often as verbs, so only their context makes them verbs.
PAST_FORMS = frozenset(
    "held won lost spent sent took taken gave given made paid brought bought sold built kept "
    "left fled shot saw seen fell fallen rose risen grew grown shrank shrunk stood slid struck "
    "fought became came got had met cut".split()
)
INCREASE_VERBS = frozenset(
    "rose risen rise rises rising grew grown grow grows growing increased increase increases "
    "climbed climb climbs jumped jump jumps surged surge surges soared soar soars expanded "
    "expand expands raised raise raises gained gains up higher more".split()
)
DECREASE_VERBS = frozenset(
    "fell fallen fall falls falling dropped drop drops declined decline declines decreased "
    "decrease decreases shrank shrunk shrink shrinks contracted contract contracts slumped slump "
    "slumps slid slide slides slipped slip slips plunged plunge plunges tumbled tumble tumbles "
    "eased ease eases cut cuts lowered lower lowers reduced reduce reduces down lower less "
    "fewer".split()
)
LINKING_VERBS = frozenset(
    "is are was were be been stands stood reached reach reaches hit totalled totaled amounted "
    "remained remains settle settled settles stayed stays cost costs".split()
)
# Words ending in -ed that are not verbs.
_NOT_VERBS = frozenset("hundred indeed speed united limited".split())
# Words opening an adverbial before the clause proper ("Simultaneously, …", "Last year, …").
_OPENERS = frozenset(
    "according simultaneously meanwhile however still yet moreover also last this earlier "
    "later".split()
)
_HEDGES = frozenset("about roughly around approximately nearly almost some over more than".split())


@dataclass(frozen=True)
class VerbGroup:
    """The verbs governing a figure from the left: 'has since deployed', 'cut … by'."""

    start: int  # first token of the group (its subject noun phrase ends just before)
    main: str  # the lexical verb nearest the figure, lower case ("" when none)
    marker: str  # the preposition between verb and figure ("by", "to", "at", "of", …)
    object_np: tuple[int, int] | None  # "cut [its deposit rate] by 25 basis points"
    particle: str = ""  # "set [aside] ₹1.2 trillion"
    marker_at: int = -1  # index of the marker


def is_verb(token: Token) -> bool:
    """Whether a word looks like a verb form: an auxiliary, a known irregular form, or -ed."""
    word = token.lower
    if not token.is_word or (token.is_capitalized and word not in AUXILIARIES):
        return False
    if word in AUXILIARIES or word == "says":
        return True
    if word.endswith(("s", "ing")) and not word.endswith("ss"):
        return False  # "costs", "holds", "spending": nouns as often as verbs; context decides
    if word in REPORTING_VERBS or word in _CONTROL_VERBS:
        return True
    if word in PAST_FORMS:
        return True
    if word in INCREASE_VERBS or word in DECREASE_VERBS or word in LINKING_VERBS:
        return word not in ("up", "down", "more", "less", "fewer", "higher", "lower", "cost")
    return len(word) > 4 and word.endswith("ed") and word not in _NOT_VERBS


def participle(word: str) -> str:
    """The past participle of a verb form: "holds" → "held", "seized" → "seized"."""
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ed"):
        return word
    if word.endswith("ing"):
        stem = word[:-3]
        return stem + ("ed" if not stem.endswith("e") else "d")
    if word.endswith("ies"):
        return word[:-3] + "ied"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2] + "ed"
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word + ("d" if word.endswith("e") else "ed")


def gerund(word: str) -> str:
    """The -ing form of a present verb: "face" → "facing"."""
    word = word.lower()
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if word.endswith("e") and not word.endswith("ee"):
        word = word[:-1]
    return word + "ing"


def parentheticals(tokens: list[Token]) -> list[bool]:
    """Mark comma-enclosed asides: relative clauses (", which …,") and appositions (", the …,").

    An aside neither starts nor ends the clause around it, and its words are never the subject
    or the time of a figure outside it.
    """
    mask = [False] * len(tokens)
    commas = [index for index, token in enumerate(tokens) if token.text == ","]
    for opening, closing in itertools.pairwise(commas):
        inner = tokens[opening + 1 : closing]
        if not inner or len(inner) > 12:
            continue
        head = inner[0].lower
        relative = head in ("which", "who", "whose", "where")
        apposition = (
            head in DETERMINERS or head in ("about", "roughly", "nearly", "some", "around")
        ) and not any(is_verb(token) or token.is_number for token in inner)
        if (relative or apposition) and closing + 1 < len(tokens):
            for index in range(opening, closing + 1):
                mask[index] = True
    return mask


def clause_bounds(tokens: list[Token], first: int, last: int, mask: list[bool]) -> tuple[int, int]:
    """Token range of the clause around tokens first..last (exclusive end).

    Clauses break at ; : and dashes, and at a comma followed by a conjunction, a relative
    pronoun or an -ing verb ("…, while industrial production slumped 3.1%").
    """
    if mask[first]:
        start = first
        while start > 0 and mask[start - 1] and tokens[start - 1].text != ",":
            start -= 1
        end = last
        while end < len(tokens) and mask[end] and tokens[end].text != ",":
            end += 1
        return start, end
    start = first
    while start > 0 and not (not mask[start - 1] and _breaks(tokens, start - 1)):
        start -= 1
    end = last
    while end < len(tokens) and (mask[end] or not _breaks(tokens, end)):
        end += 1
    return start, end


def _breaks(tokens: list[Token], index: int) -> bool:
    """Whether token `index` ends one clause (the next clause starts after it)."""
    text = tokens[index].text
    if text in (";", ":", "—"):
        return True
    if text == "–":
        return index > 0 and tokens[index - 1].end < tokens[index].start
    if text != "," or index + 1 >= len(tokens):
        return False
    following = tokens[index + 1].lower
    return (
        following in CONJUNCTIONS
        or following in ("which", "who", "whose", "where", "as")
        or (following.endswith("ing") and tokens[index + 1].is_word and len(following) > 5)
    )


def core_start(tokens: list[Token], start: int, end: int, mask: list[bool]) -> int:
    """Where the clause proper begins, after openers ("According to X,", "Since October,",
    "While the initial invasion caught Russia off-guard,", "In Britain,") and conjunctions.

    `end` is where the figure starts: an opener's comma must come before it.
    """
    index = start
    aside = mask[start]
    while index < end:
        token = tokens[index]
        if mask[index] and not aside:
            index += 1
            continue
        if token.lower in CONJUNCTIONS and token.lower not in SUBORDINATORS:
            index += 1
            continue
        comma = _next_comma(tokens, index, end, mask)
        opener = token.lower in SUBORDINATORS | PREPOSITIONS | _OPENERS
        if opener and comma is not None and comma - index <= 14:
            index = comma + 1
            continue
        break
    return index


def _next_comma(tokens: list[Token], index: int, end: int, mask: list[bool]) -> int | None:
    """The comma closing an opener; an aside inside the opener ends it at its own close."""
    for position in range(index, end):
        if tokens[position].text != ",":
            continue
        if not mask[position] or mask[index]:
            return position
        close = position + 1
        while close < end and not (tokens[close].text == "," and mask[close]):
            close += 1
        return close if close < end else None
    return None


def verb_group(tokens: list[Token], first: int, floor: int) -> VerbGroup:
    """The verbs to the left of a figure starting at `first`, not reaching before `floor`.

    Skips the figure's own determiner and adjectives ("hit a record 250 GW"), takes one
    preposition, and keeps an object between verb and preposition ("cut its deposit rate by
    25 basis points", "halved its growth forecast for 2025 to 0.75%").
    """
    k = _before_modifiers(tokens, first, floor)
    while k >= floor and tokens[k].lower in ADVERBS:
        k -= 1
    marker, particle, marker_at = "", "", -1
    if k > floor and tokens[k].lower in ("up", "down") and verb_at(tokens, k - 1):
        particle, k = tokens[k].lower, k - 1
    elif k >= floor and tokens[k].lower in PREPOSITIONS | {"up", "down"}:
        marker, marker_at, k = tokens[k].lower, k, k - 1
        while k >= floor and tokens[k].lower in ADVERBS | {"up", "down"}:
            k -= 1
        k = _before_time(tokens, k, floor)
    object_np = None
    if marker in ("by", "to") and k >= floor and tokens[k].is_word and not is_verb(tokens[k]):
        np_start = noun_phrase_start(tokens, k + 1, floor)
        if floor <= np_start - 1 < np_start <= k and verb_at(tokens, np_start - 1):
            object_np, k = (np_start, k + 1), np_start - 1
    main, auxiliary, collected = "", "", False
    start = k + 1
    while k >= floor:
        token = tokens[k]
        word = token.lower
        if word in PARTICLES and not main:
            particle, k = word, k - 1
            continue
        if is_verb(token) or (not collected and verb_at(tokens, k)):
            if word in AUXILIARIES:
                auxiliary = auxiliary or word
            elif not main:
                main = word
            start, collected = k, True
        elif word in ADVERBS or word.endswith("ly") or word == "to":
            start = k
        else:
            break
        k -= 1
    main = main or (auxiliary if auxiliary in LINKING_VERBS else "")
    if not main:
        start = first if marker == "" else start
        particle = ""
    return VerbGroup(start, main, marker, object_np, particle, marker_at)


def verb_at(tokens: list[Token], k: int) -> bool:
    """Whether the word at `k` is a verb, by its form or by what stands before it."""
    token = tokens[k]
    if is_verb(token):
        return True
    lexical = token.is_word and not token.is_capitalized and token.lower not in DETERMINERS
    return lexical and _bare_verb(tokens, k)


def _before_modifiers(tokens: list[Token], first: int, floor: int) -> int:
    """The index before a figure's own determiner and adjectives ("hit [a record] 250 GW")."""
    for back in range(first - 1, max(floor - 1, first - 5), -1):
        token = tokens[back]
        if token.lower in DETERMINERS:
            between = tokens[back + 1 : first]
            if (
                len(between) <= 2
                and all(t.is_word and not t.is_capitalized for t in between)
                and not any(verb_at(tokens, index) for index in range(back + 2, first))
            ):
                return back - 1
            break
        if not token.is_word or token.lower in PREPOSITIONS:
            break
    return first - 1


def _before_time(tokens: list[Token], k: int, floor: int) -> int:
    """Step back over a time phrase between verb and figure ("forecast [for 2025] to 0.75%")."""
    end = k
    while k >= floor and (
        tokens[k].is_number or tokens[k].lower in TIME_WORDS or tokens[k].lower in MONTHS
    ):
        k -= 1
    if k < end and k >= floor and tokens[k].lower in PREPOSITIONS | {"last", "this", "next"}:
        return k - 1
    return end


def _bare_verb(tokens: list[Token], k: int) -> bool:
    """A verb with no tell-tale ending ('holds', 'invest'), seen from what stands before it."""
    word = tokens[k].lower
    if word in PREPOSITIONS | CONJUNCTIONS | PRONOUNS | TIME_WORDS | DETERMINERS or k == 0:
        return False
    before = tokens[k - 1]
    if before.is_number or is_number_word(before.lower):
        return False
    if word.endswith("ing") and len(word) > 5:
        return True  # "raising ₹410 billion", "making 48 GW"
    if word.endswith("s") and before.is_word and not is_verb(before):
        following = tokens[k + 1].lower if k + 1 < len(tokens) else ""
        return before.lower not in DETERMINERS | PREPOSITIONS and following not in AUXILIARIES
    return (
        (before.is_capitalized and before.is_word and before.lower not in DETERMINERS)
        or before.lower in ("to", "will", "would", "could", "can", "may", "might", "must")
        or before.lower in AUXILIARIES
        or before.lower.endswith("ly")
        or before.lower in ADVERBS
        or before.lower in PRONOUNS
    )


def noun_phrase_start(
    tokens: list[Token], end: int, floor: int, skip: list[bool] | None = None
) -> int:
    """Where the noun phrase ending just before `end` starts: "[Russian counter-attacks] have".

    A prepositional phrase after a noun belongs to it ("exports to the United States"); tokens
    marked in `skip` (asides) are stepped over.
    """
    k = end - 1
    start = end
    while k >= floor:
        token = tokens[k]
        word = token.lower
        if skip is not None and skip[k]:
            k -= 1
            continue
        if token.is_word and not is_verb(token) and word not in CONJUNCTIONS | PRONOUNS | ADVERBS:
            if word in PREPOSITIONS:
                if word not in _NOUN_PREPOSITIONS or k - 1 < floor:
                    break
                if not tokens[k - 1].is_word or is_verb(tokens[k - 1]):
                    break
            start = k
            if word in DETERMINERS and not _attached(tokens, k, floor):
                break
        elif token.text in ("(", ")"):
            start = k
        else:
            break
        k -= 1
    return start


def _attached(tokens: list[Token], k: int, floor: int) -> bool:
    """'the emissions intensity of [its] economy', 'exports to [the] United States': the
    determiner's phrase hangs on the noun before it."""
    return (
        k - 2 >= floor
        and tokens[k - 1].lower in _NOUN_PREPOSITIONS
        and tokens[k - 2].is_word
        and not is_verb(tokens[k - 2])
        and tokens[k - 2].lower not in PREPOSITIONS | DETERMINERS
    )


def noun_phrase_after(tokens: list[Token], start: int, limit: int) -> tuple[int, int]:
    """The noun phrase starting at `start`: "[Ukrainian territory] this year" (up to 5 words)."""
    index = start
    while index < limit and tokens[index].lower in DETERMINERS | {"all", "some"}:
        index += 1
    end = index
    while end < limit and end - index < 5:
        token = tokens[end]
        word = token.lower
        if not token.is_word or word in PREPOSITIONS | CONJUNCTIONS | DETERMINERS:
            break
        if word in AUXILIARIES | PRONOUNS | TIME_WORDS | ADVERBS or word.endswith("ly"):
            break
        if is_number_word(word) or (is_verb(token) and end > index):
            break
        if end > index and _governs_number(tokens, end + 1):
            break  # "a single 1 GW solar park [needs] roughly 2,000 hectares"
        end += 1
    return index, end


def _governs_number(tokens: list[Token], index: int) -> bool:
    """Whether a figure starts at `index` (possibly after a hedge word)."""
    while index < len(tokens) and tokens[index].lower in _HEDGES:
        index += 1
    return index < len(tokens) and tokens[index].is_number
