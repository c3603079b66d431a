"""A figure's label taken from its own sentence: the words of its clause around the number.

The label is two spans of the sentence, `lead` (the words before the number, from where its
clause starts) and `measure` (the counted noun and the words after it, to where the clause
ends), lightly trimmed: auxiliaries before a participle, a few adverbs and the articles and
prepositions at the edges are dropped. No word is inflected, reordered or invented, so a label
can always be checked against its sentence. Time expressions are left out of the spans (the
period is rendered on its own, resolved to dates) and so are attributions (rendered as "per X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lemminflect import getAllLemmas

from index.figures.lexicon import (
    ADDRESSED_REPORTS,
    ARTICLES,
    AUXILIARIES,
    CONJUNCTIONS,
    DETERMINERS,
    FRACTIONS,
    FUNCTION_WORDS,
    IRREGULAR_PARTICIPLES,
    LIGHT_ADVERBS,
    MODALS,
    MONTHS,
    PERFECT_AUXILIARIES,
    PERFECT_ONLY,
    PREPOSITIONS,
    REPORTING_VERBS,
    SUBORDINATORS,
    TIME_ADVERBS,
    TIME_UNITS,
    TOPICS,
    UNIT_TOPICS,
    WEEKDAYS,
    words_of,
)
from index.figures.refusals import of_a_number
from index.text.tokens import Token

MAX_LEAD = 7
MAX_CLAUSE = 11  # a clause this short is taken whole rather than cut inside a noun phrase
MAX_MEASURE = 8
MAX_ASIDE = 5  # words of an aside between commas that a measure reads past
_BREAKS = frozenset(',;:()[]“”"—–!?')
_CONNECTORS = frozenset({"of", "for", "the", "and", "de"})
_RELATIVES = frozenset({"which", "who", "whose", "whom", "where"})
_JOINERS = frozenset({"and", "or", "to", ","})
# A preposition that links a figure to the clause before its comma: "…, for 6", "…, at 7 for 309".
_LINKING = frozenset({"for", "at", "with", "on"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_RESTRICTIVE = frozenset({"who", "that"})
_MEASURED_FROM = frozenset({"before", "after", "until", "since"})
_SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
_QUOTES = frozenset("“”‘’\"'")
_KEPT_OPENERS = frozenset({"only", "more", "less", "fewer", "than"})
_NOT_NAMES = frozenset({*FUNCTION_WORDS, *MONTHS, *WEEKDAYS, "according", "mr", "mrs", "ms"})
_MID_SENTENCE_CAPITAL = re.compile(r"[^.!?\s]\s+([A-Z][\w'’-]*)")


@dataclass(frozen=True)
class Label:
    """The words before a figure's number, the words after it, and whose figure it is."""

    lead: str
    measure: str
    subject: str | None


@dataclass(frozen=True)
class Context:
    """What the labeller must leave out of a sentence's labels: other figures' tokens (by
    index), time expressions and attributions (as character spans), and the paragraph's
    proper names."""

    figures: frozenset[int]
    times: tuple[tuple[int, int], ...]
    sources: tuple[tuple[int, int], ...]
    proper: frozenset[str]


def proper_words(text: str) -> frozenset[str]:
    """Words written with a capital inside a sentence: names, whatever opens a sentence."""
    return frozenset(match.lower() for match in _MID_SENTENCE_CAPITAL.findall(text))


def label(
    tokens: list[Token],
    first: int,
    noun: int,
    last: int,
    context: Context,
    read_through: bool = True,
) -> Label:
    """The label of the figure spanning tokens [first, last) of a sentence, whose counted noun
    (if any) starts at `noun`. A figure with no words of its own around it takes the clause
    before the figure or comma it follows, unless not `read_through` (a ratio, labelled by
    the figures it compares)."""
    lead = _trim(tokens, _lead(tokens, first, context), edge_articles=True)
    after = _trim(tokens, _complete(tokens, *_after(tokens, noun, last, context)), False)
    alone = not _says_something(tokens, [k for k in after if k >= last])
    if read_through and alone and not _says_something(tokens, lead):
        after = _trim(tokens, _complete(tokens, *_after(tokens, noun, last, context, True)), False)
        alone = not [k for k in after if k >= last and k not in context.figures]
    if read_through and alone and not _says_something(tokens, lead):
        through = _lead_through(tokens, first, last, context)
        lead = _trim(tokens, through, edge_articles=True)
        if lead and lead[-1] != through[-1] and tokens[through[-1]].lower in _JOINERS:
            lead.append(through[-1])  # "… 49,000 cases and [1,164 deaths]"
    if not _says_something(tokens, lead):
        lead = []
    return Label(
        lead=_text(tokens, lead),
        measure=_text(tokens, after),
        subject=_name_in(tokens, lead, context)
        or _sentence_subject(tokens, first, context)
        or _framing_name(tokens, first, context),
    )


def is_participle(word: str) -> bool:
    """A word that reads as a participle as written ("seized", "held"): "… by <subject>"."""
    lower = word.lower()
    return (lower.endswith("ed") and len(lower) > 4) or lower in IRREGULAR_PARTICIPLES


# A kind's topic where its own name would mislead: "two-thirds of staff" is no odds.
_KIND_TOPICS = {"money": "economy", "odds": "shares"}
# Kinds that measure rather than count or price, and places in an order: filed by kind (or
# unit), not label words.
_MEASURES = frozenset({"time", "age", "distance", "speed", "temperature", "rank"})


def topic(words: str, unit: str, kind: str) -> str:
    """The topic of a figure: from its label's words, then its unit, then its kind. A
    measure that is no amount of something (a duration, an age, a distance, a speed) is
    filed by its kind whatever its label says: "wounded in 3 nights of airstrikes" is a time,
    "soldiers can see him from 100 m away" a distance."""
    symbol = unit.split("/")[0]
    if kind in _MEASURES:
        return UNIT_TOPICS.get(symbol) or kind
    said = set(words_of(words))
    if said & TOPICS[0][1]:
        return "casualties"
    head = symbol.lower()
    for name, vocabulary in TOPICS:
        if head in vocabulary:
            return name
    for name, vocabulary in TOPICS:
        if said & vocabulary:
            return name
    return UNIT_TOPICS.get(symbol) or _KIND_TOPICS.get(kind, kind)


def _inside(token: Token, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= token.start < end for start, end in spans)


def _says_something(tokens: list[Token], kept: list[int]) -> bool:
    """Whether a lead holds a word beyond function words: one that says what is measured."""
    return any(tokens[k].lower not in FUNCTION_WORDS for k in kept)


def _lead(tokens: list[Token], first: int, context: Context) -> list[int]:
    """Token indices before the number, back to where its clause starts: the whole clause when
    it is short ("The death toll in Argentina's food riots has risen to"), else its last
    MAX_LEAD words (a long clause cut anywhere reads as a fragment, so the nearer the better)."""
    kept: list[int] = []
    k = first - 1
    while k >= 0 and len(kept) <= MAX_CLAUSE:
        token = tokens[k]
        if token.text == "," and (opening := _aside_opening(tokens, k, context)) is not None:
            if _fronted(tokens, opening):
                break  # "In Britain, which left the bloc, the economy grew": a fronted phrase
            k = opening - 1  # "core inflation, which excludes energy, held at 2.7%"
            continue
        if _coordinated_names(tokens, k, context):
            kept.append(k)  # "Glenn McGrath and Shane Warne each took three wickets"
            k -= 1
            continue
        if k in context.figures or _inside(token, context.sources) or _breaks_lead(tokens, k):
            break
        if not _inside(token, context.times):
            kept.append(k)
        k -= 1
    return kept[MAX_LEAD - 1 :: -1] if len(kept) > MAX_CLAUSE else kept[::-1]


def _lead_through(tokens: list[Token], first: int, last: int, context: Context) -> list[int]:
    """For a figure with no words of its own, the lead of what it follows: the figure right
    before it, joined by "and", "or", "to" or a comma ("four months and 4,000 francs", "for
    more than an hour for his four runs"), that figure's words included as written; or the
    phrase it stands in apposition to at the end of a sentence ("the highest partnership of
    the innings, 38 runs.", "the plaintiffs' costs, about 27,000 francs each."), or that it
    restates in brackets ("very high efficiency in light conversion (10.5%)")."""
    k = first - 1
    while k > first - 3 and k > 0 and tokens[k].lower in FUNCTION_WORDS and tokens[k].lower != ",":
        k -= 1  # "for more than an hour for his [four runs]"
    if k > 0 and (tokens[k].lower in _JOINERS or k < first - 1) and k - 1 in context.figures:
        start = k - 1
        while start > 0 and start - 1 in context.figures:
            start -= 1
        return [*_lead(tokens, start, context), *range(start, first)]
    bracketed = first > 1 and tokens[first - 1].text == "("
    if bracketed and last < len(tokens) and tokens[last].text == ")":
        return _lead(tokens, first - 1, context)  # "efficiency in light conversion (10.5%)"
    comma, linking = first - 1, []
    if comma > 1 and tokens[comma].lower in _LINKING and tokens[comma - 1].text == ",":
        comma, linking = comma - 1, [comma]  # "…, clean bowled by Henderson, for 6."
    if (
        comma > 0
        and tokens[comma].text == ","
        and not any(token.text in _BREAKS for token in tokens[last:])
    ):
        return [*_lead(tokens, comma, context), *linking]
    return _lead(tokens, first, context)


def _coordinated_names(tokens: list[Token], k: int, context: Context) -> bool:
    """An "and" inside a subject of coordinated names that opens its clause ("Glenn McGrath
    and Shane Warne each took …"), not one joining two clauses ("… in Kursk and Ukraine …")."""
    if tokens[k].lower != "and" or k + 1 >= len(tokens) or not _is_name(tokens, k + 1, context):
        return False
    j = k - 1
    while j >= 0 and tokens[j].is_capitalized and tokens[j].lower not in _NOT_NAMES:
        j -= 1
    return j < k - 1 and (j < 0 or tokens[j].text in _BREAKS)


def _aside_opening(tokens: list[Token], closing: int, context: Context) -> int | None:
    """The comma opening an aside that ends at the comma `closing`: a relative clause (",
    which …,") or a participle's phrase (", first reported by The Real Deal,")."""
    for j in range(closing - 1, max(closing - 14, -1), -1):
        if tokens[j].text in _BREAKS and tokens[j].text != ",":
            return None
        if tokens[j].text == ",":
            words = [token.lower for token in tokens[j + 1 : closing]]
            if words and words[0] in DETERMINERS:
                # ", an Abu Dhabi fund," names what comes before; ", a 33% lower risk of
                # stroke," is an item of a list, and ", the sectors performed best," a clause
                listed = context.figures.intersection(range(j, closing))
                return None if listed or any(map(is_participle, words)) else j
            return j if _opens_aside(words) else None
    return None


def _opens_aside(words: list[str]) -> bool:
    """Whether words after a comma open an aside: a relative pronoun, or a participle taking
    its agent or name ("[first] reported by", "known as"); a past tense taking anything else
    is the clause's own verb ("…, reached €532 billion")."""
    if words and words[0] in _RELATIVES:
        return True
    if words and words[0] in LIGHT_ADVERBS | {"first"}:
        words = words[1:]
    return len(words) > 1 and is_participle(words[0]) and words[1] in ("by", "as")


_REFLEXIVES = frozenset("myself yourself himself herself itself ourselves themselves".split())


def _reports(tokens: list[Token], k: int) -> bool:
    """A reporting verb that opens what it reports ("Police said 14 …"); not one in the
    passive, which is the clause's own verb ("her body was found 16 days later", "14 people
    were reported missing"), nor a noun of the same spelling, after a determiner or before a
    verb ("cut its forecast to 0.75%", "rates for new projects are 9.5%"), or before "of" or
    "for", which a report does not take ("its growth forecast for 2025", "estimates of")."""
    word = tokens[k].lower
    previous = tokens[k - 1].lower if k > 0 else ""
    following = tokens[k + 1].lower if k + 1 < len(tokens) else ""
    passive = previous in _BE and word not in ADDRESSED_REPORTS
    noun = (
        previous in DETERMINERS
        or following in AUXILIARIES
        or following in MODALS
        or (following in ("of", "for") and "NOUN" in getAllLemmas(word))
    )
    reflexive = following in _REFLEXIVES  # "90,000 customers found themselves without power"
    return word in REPORTING_VERBS and not passive and not noun and not reflexive


def _breaks_lead(tokens: list[Token], k: int) -> bool:
    token = tokens[k]
    if token.text in _BREAKS or token.lower in CONJUNCTIONS or _reports(tokens, k):
        return True
    if token.lower == "since":  # "has since deployed" is an adverb, "since October, …" a clause
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        return following is None or not is_participle(following.text)
    return token.lower in SUBORDINATORS and token.lower not in ("after", "before")


def _after(
    tokens: list[Token], noun: int, last: int, context: Context, through: bool = False
) -> tuple[list[int], str]:
    """Token indices after the number (its counted noun included), to where its clause ends,
    and what stopped them: the clause's end ("clause"), the length limit inside a phrase that
    goes on ("cut": a name or a possessive's noun follows), another figure ("figure"), or a
    time expression or attribution ("time"). A phrase cut by the limit otherwise reads whole
    enough ("the guests invited [to …]"), so only these are ended earlier. Read `through`, an
    "and" or "or" joining another figure does not end the clause: "35,000 Palestinians and
    850 Israeli settlers live in H2" says where the 35,000 live."""
    kept = list(range(noun, last))
    joined = 0  # tokens of the figures read through, which the length limit leaves out
    k = last
    if (whole := of_a_number(tokens, last)) is not None:
        end = whole + 1
        while end < len(tokens) and end in context.figures and tokens[end].is_word:
            end += 1  # "11 [of Sudan's 18 states]": the whole's counted noun too
        kept += range(last, end)  # "six [of the 15] on board": the whole it is part of
        joined += end - last
        k = end
    while k < len(tokens):
        token = tokens[k]
        if k == last and (closing := _aside_after(tokens, k, context)) is not None:
            k = closing + 1  # "24.6 million people, about half the population, face hunger"
            continue
        if k == last and (verb := _joined_subject(tokens, k)) is not None:
            kept += range(k, verb)  # "16,000 workers [and their families] are facing…"
            joined += verb - k
            k = verb
            continue
        if through and token.lower in ("and", "or") and k + 1 in context.figures:
            end = k + 1
            while end in context.figures:
                end += 1
            kept += range(k, end)
            joined += end - k
            k = end
            continue
        if (
            token.text in _BREAKS
            or token.text in ".…"
            or (token.lower in CONJUNCTIONS and not _inside_name(tokens, k))
            or _reports(tokens, k)
            or (token.lower in SUBORDINATORS and not _restricts(tokens, k, noun, last))
        ):
            return kept, "clause"
        if k in context.figures:
            return kept, "figure"
        if _inside(token, context.times) and (resumes := _clause_resumes(tokens, k, context)):
            k = resumes  # "100 fires now ring…": the time is the period, the clause goes on
            continue
        if _inside(token, context.sources) or _inside(token, context.times):
            return kept, "time"
        if len(kept) - joined >= MAX_MEASURE:
            return kept, "cut" if token.is_capitalized or _open_possessive(
                tokens, kept
            ) else "clause"
        kept.append(k)
        k += 1
    return kept, "clause"


# Auxiliaries that show a clause goes on with its verb after a joined subject.
_AUXILIARIES = frozenset("are were is was have has had will would could can may might".split())


def _joined_subject(tokens: list[Token], k: int) -> int | None:
    """Where the verb is when "and" or "or" at `k` joins a short noun phrase opening with a
    determiner or a number to the counted noun as one subject ("16,000 workers and their
    families are facing a bleak Christmas"), so the clause goes on after it; None otherwise."""
    if tokens[k].lower not in ("and", "or"):
        return None
    m = k + 1
    if m >= len(tokens) or not (tokens[m].lower in DETERMINERS or tokens[m].is_number):
        return None  # "12 aircraft and services will be extended…" opens a clause of its own
    m += 1
    for end in range(m + 1, min(m + 3, len(tokens))):
        words = tokens[m:end]
        if not all(t.is_word and not t.is_capitalized for t in words):
            return None
        if tokens[end].lower in _AUXILIARIES:
            return end
    return None


def _clause_resumes(tokens: list[Token], k: int, context: Context) -> int | None:
    """Where the clause goes on after a time word at `k` that stands inside it, before its
    verb or between its verb's words ("fires now ring", "are currently battling"); None when
    the time ends the clause or is more than a word."""
    end = k + 1
    if end >= len(tokens) or _inside(tokens[end], context.times) or not _verb_like(tokens[end]):
        return None
    readings = set(getAllLemmas(tokens[end].lower))
    verb = bool({"VERB", "AUX", "ADV"} & readings) or readings == {"ADJ"}  # "are also now obese"
    return end if verb else None  # not "yesterday morning", "yesterday afternoon"


def _aside_after(tokens: list[Token], k: int, context: Context) -> int | None:
    """The comma closing a short aside that opens at the comma `k`, right after a figure,
    when the clause goes on after it with its verb ("24.6 million people, about half the
    population, face acute hunger"); None when there is none."""
    if tokens[k].text != ",":
        return None
    window = range(k + 1, min(k + 2 + MAX_ASIDE, len(tokens)))
    # A share in apposition restates the part the figure counts: "about half the population".
    share = any(tokens[j].lower.rpartition("-")[2] in FRACTIONS for j in window)
    for j in window:
        if (j in context.figures and not share) or _inside(tokens[j], context.sources):
            return None
        if tokens[j].lower in SUBORDINATORS:
            return None  # "four titles, a record that for now, no one …": a clause of its own
        if tokens[j].text == ",":
            following = tokens[j + 1] if j + 1 < len(tokens) else None
            return j if j > k + 1 and following is not None and _verb_like(following) else None
        if tokens[j].text in _BREAKS or tokens[j].text in ".…":
            return None
    return None


def _verb_like(token: Token) -> bool:
    """A lowercase word that can carry a clause on: not a joining word, a preposition, an
    article or a report ("…, have no water", not "…, officials said" or "…, and …")."""
    not_verbs = CONJUNCTIONS | SUBORDINATORS | PREPOSITIONS | ARTICLES | REPORTING_VERBS
    return token.is_word and not token.is_capitalized and token.lower not in not_verbs


def _restricts(tokens: list[Token], k: int, noun: int, last: int) -> bool:
    """A "than" of a comparison, a "who"/"that" right after the counted noun, which says
    which ones were counted ("two guides who survived were acquitted"), or a "before"/"after"
    and a noun phrase right after a duration, which says what it measures ("two hours after
    the collapse"): no clause ends there."""
    word = tokens[k].lower
    if k == last and word in _MEASURED_FROM and tokens[last - 1].lower in TIME_UNITS:
        return k + 1 < len(tokens) and tokens[k + 1].is_word  # "after the collapse"
    return word == "than" or (word in _RESTRICTIVE and k == last and noun < last)


def _inside_name(tokens: list[Token], k: int) -> bool:
    """Whether the word at `k` joins two capitalized words of one name ("Securities and
    Investments Commission"): no clause ends there."""
    return 0 < k < len(tokens) - 1 and tokens[k - 1].is_capitalized and tokens[k + 1].is_capitalized


def _complete(tokens: list[Token], kept: list[int], stop: str) -> list[int]:
    """A measure stopped inside a phrase, ended where a phrase ends: a name or possessive cut
    by the length limit goes from its preposition ("jobs at Australia's [biggest …]",
    "burn on New Year's Eve in New [South Wales]"), a possessive whose noun is another figure's
    goes ("11 of Sudan's [18 states]"), and so does an adverb of the time expression that
    stopped it ("deployed later [this month]") and a relative clause another figure cut to a
    word ("19 hijackers who commandeered [the four jets]")."""
    words = [tokens[k].lower for k in kept]
    if stop == "cut":
        cut = max((p for p, word in enumerate(words) if word in PREPOSITIONS and p > 0), default=0)
        if cut > 1:
            return kept[:cut]
        # the only preposition follows the counted noun ("9 members [of Adelson's team sued
        # his …]"): cutting there leaves the noun alone, so only the open phrase goes
        while words and words[-1] in DETERMINERS:
            words.pop()
        return kept[: len(words)]
    while stop == "figure" and words and _possessive(tokens[kept[len(words) - 1]]):
        words.pop()
    at = kept[-1] + 1 if kept else 0
    times_next = stop == "time" or (
        stop == "clause" and at < len(tokens) and tokens[at].lower in ("before", "after", "until")
    )
    while times_next and words and words[-1] in TIME_ADVERBS:
        words.pop()  # "rose to 31.5 cents [shortly before 1:00pm]"
    relative = next((p for p, word in enumerate(words) if word in _RESTRICTIVE), None)
    if stop == "figure" and relative is not None and _content(words[relative + 1 :]) < 2:
        words = words[:relative]  # "19 hijackers who commandeered [the four jets]"
    return kept[: len(words)]


def _content(words: list[str]) -> int:
    """How many of `words` are not function words."""
    return sum(word not in FUNCTION_WORDS for word in words)


def _open_possessive(tokens: list[Token], kept: list[int]) -> bool:
    """Whether the last phrase kept holds a possessive, whose noun the cut left out ("at
    Canada's largest [steel maker]")."""
    words = [tokens[k] for k in kept]
    start = max((p for p, t in enumerate(words) if t.lower in PREPOSITIONS), default=0)
    return any(_possessive(token) for token in words[start:])


def _possessive(token: Token) -> bool:
    """ "Australia's": a determiner whose noun comes after it."""
    return token.lower.endswith(("'s", "’s"))


def _trim(tokens: list[Token], kept: list[int], edge_articles: bool) -> list[int]:
    """Drop auxiliaries and light adverbs before a participle ("have been killed" → "killed"),
    then function words at the start and articles and linking words at the end. A label with
    a relative clause keeps them: "3 others who were shot arrived" is not "who shot"."""
    trimmed: list[int] = []
    relative = any(tokens[k].lower in _RESTRICTIVE for k in kept)
    for position, k in enumerate(kept):
        word = tokens[k].lower
        before = tokens[kept[position - 1]].lower if position > 0 else ""
        infinitive = before in MODALS | {"to"}
        # "he was forced" is no "he forced": after a pronoun the auxiliary keeps the voice
        voiced = before in _SUBJECT_PRONOUNS
        light = word in AUXILIARIES or word in LIGHT_ADVERBS
        if light and not (infinitive or relative or voiced):
            rest = [tokens[m] for m in kept[position + 1 :]]
            nxt = next(
                (t for t in rest if t.lower not in AUXILIARIES and t.lower not in LIGHT_ADVERBS),
                None,
            )
            if nxt is not None and is_participle(nxt.text) and not _keeps_perfect(word, rest):
                continue
        trimmed.append(k)
    while edge_articles and trimmed and _droppable_start(tokens[trimmed[0]]):
        trimmed.pop(0)
    ends = ARTICLES | CONJUNCTIONS if edge_articles else FUNCTION_WORDS - {"than"}
    while trimmed and (tokens[trimmed[-1]].lower in ends or not _ends_phrase(tokens[trimmed[-1]])):
        trimmed.pop()
    return trimmed


def _keeps_perfect(word: str, rest: list[Token]) -> bool:
    """Whether `word` is the "has" of a perfect whose participle cannot stand alone ("has
    risen": "risen to 37" is not English), adverbs between them aside ("has since fallen")."""
    if word not in PERFECT_AUXILIARIES:
        return False
    verb = next((t.lower for t in rest if t.lower not in LIGHT_ADVERBS), "")
    return verb in PERFECT_ONLY


def _ends_phrase(token: Token) -> bool:
    """A word or a number that is no figure ("built prior to 1986") may end a label."""
    return token.is_word or token.is_number


def _droppable_start(token: Token) -> bool:
    word = token.lower
    return (
        (not token.is_word and not token.is_number)
        or word in CONJUNCTIONS
        or word in LIGHT_ADVERBS
        or word in ("there", "while", "whereas", "but", "also", "then")
        or (word in FUNCTION_WORDS and word not in ARTICLES and word not in _KEPT_OPENERS)
    )


def _text(tokens: list[Token], kept: list[int]) -> str:
    """The kept tokens as the sentence writes them, joined by single spaces (no space before a
    possessive or closing mark that was glued to the word before it)."""
    parts: list[str] = []
    previous: Token | None = None
    for k in kept:
        token = tokens[k]
        if token.text in _QUOTES and not _plural_possessive(tokens, k):
            continue
        if previous is not None and token.start > previous.end:
            parts.append(" ")
        parts.append(token.text)
        previous = token
    return "".join(parts).strip()


def _plural_possessive(tokens: list[Token], k: int) -> bool:
    """Whether the apostrophe at `k` makes the plural before it possessive ("Wikileaks'
    initial announcement"), rather than close a quote opened before it."""
    if k == 0 or tokens[k].text not in ("'", "’") or tokens[k - 1].end != tokens[k].start:
        return False
    opened = sum(token.text in ("'", "‘") for token in tokens[:k])
    return tokens[k - 1].lower.endswith("s") and opened % 2 == 0


def _is_name(tokens: list[Token], k: int, context: Context, opening: bool = False) -> bool:
    """A capitalized word that is a name; one opening the sentence (or its clause, `opening`)
    only if the paragraph also writes it with a capital elsewhere."""
    token = tokens[k]
    if not token.is_capitalized or token.lower.rstrip(".") in _NOT_NAMES:
        return False
    return (k > 0 and not opening) or token.lower in context.proper or token.text.isupper()


def _name_in(tokens: list[Token], kept: list[int], context: Context) -> str | None:
    """The first proper name among the kept tokens ("Russia seized" → "Russia")."""
    for position, k in enumerate(kept):
        if _is_name(tokens, k, context):
            end = position + 1
            while end < len(kept) and (
                _is_name(tokens, kept[end], context)
                or (
                    tokens[kept[end]].lower in _CONNECTORS
                    and end + 1 < len(kept)
                    and _is_name(tokens, kept[end + 1], context)
                )
            ):
                end += 1
            return _text(tokens, kept[position:end])
    return None


# Words that open a clause inside the main one: a figure after them is not its subject's.
_CLAUSE_OPENERS = SUBORDINATORS | {"how", "why", "whether", "what"}


def _sentence_subject(tokens: list[Token], first: int, context: Context) -> str | None:
    """The name that opens the sentence's main clause, right before its verb ("According to
    ISW, Russia has seized …, 465 km² gained in 2023": Russia), outside attributions, times
    and other figures; None when the clause opens otherwise, since a name met later in the
    sentence may be anyone's."""
    k = 0
    while k < first and (
        not tokens[k].is_word
        or tokens[k].lower in ARTICLES
        or k in context.figures
        or _inside(tokens[k], context.sources)
        or _inside(tokens[k], context.times)
    ):
        k += 1
    end = k
    while end < first and _is_name(tokens, end, context, opening=end == k):
        end += 1
    verb = tokens[end].lower if k < end < first and "-" not in tokens[end].text else ""
    if not (verb in AUXILIARIES or verb in MODALS or verb.endswith("ed")):
        return None
    if any(tokens[m].lower in _CLAUSE_OPENERS for m in range(end, first)):
        return None  # "… promised an investigation into how two children were killed"
    return _text(tokens, list(range(k, end)))


def _framing_name(tokens: list[Token], first: int, context: Context) -> str | None:
    """The name of a place or party that frames the whole sentence from its opening phrase ("In
    Britain, which left the bloc in 2020, the economy grew 0.1%": Britain)."""
    if not tokens or tokens[0].lower not in PREPOSITIONS:
        return None
    end = 1
    while end < first and _is_name(tokens, end, context):
        end += 1
    if end == 1 or end >= first or tokens[end].text != ",":
        return None
    return _text(tokens, list(range(1, end)))


def _fronted(tokens: list[Token], k: int) -> bool:
    """Whether the words before `k` are a phrase opening the sentence or clause with its
    preposition ("In Britain", "At the Kolonnade"): it frames the clause, it is not its subject
    ("Sales at Tesco" is)."""
    j = k - 1
    while (
        j >= 0
        and tokens[j].lower not in PREPOSITIONS
        and (tokens[j].lower in ARTICLES or tokens[j].is_capitalized)
    ):
        j -= 1
    return j >= 0 and tokens[j].lower in PREPOSITIONS and (j == 0 or tokens[j - 1].text in _BREAKS)
