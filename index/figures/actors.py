"""Who a figure is about: the actor named by its clause's subject, its agent or its modifiers.

Countries are also named by their demonyms ("Russian counter-attacks" → Russia), because a
question about Russia must find Russian losses and never Ukrainian ones.
"""

from __future__ import annotations

import re

from index.figures.periods import MONTHS, WEEKDAYS
from index.figures.syntax import PRONOUNS, REPORTING_VERBS, VerbGroup, noun_phrase_start
from index.text.tokens import Token, bare

DEMONYMS = {
    "russian": "Russia",
    "russians": "Russia",
    "ukrainian": "Ukraine",
    "ukrainians": "Ukraine",
    "american": "United States",
    "americans": "United States",
    "us": "United States",
    "u.s": "United States",
    "british": "United Kingdom",
    "uk": "United Kingdom",
    "german": "Germany",
    "germans": "Germany",
    "french": "France",
    "chinese": "China",
    "indian": "India",
    "japanese": "Japan",
    "italian": "Italy",
    "spanish": "Spain",
    "polish": "Poland",
    "turkish": "Turkey",
    "iranian": "Iran",
    "israeli": "Israel",
    "palestinian": "Palestine",
    "syrian": "Syria",
    "sudanese": "Sudan",
    "saudi": "Saudi Arabia",
    "egyptian": "Egypt",
    "canadian": "Canada",
    "australian": "Australia",
    "brazilian": "Brazil",
    "mexican": "Mexico",
    "korean": "Korea",
    "pakistani": "Pakistan",
    "afghan": "Afghanistan",
    "iraqi": "Iraq",
    "nigerian": "Nigeria",
    "kenyan": "Kenya",
    "ethiopian": "Ethiopia",
    "belarusian": "Belarus",
    "georgian": "Georgia",
    "hungarian": "Hungary",
    "dutch": "Netherlands",
    "swedish": "Sweden",
    "norwegian": "Norway",
    "finnish": "Finland",
    "danish": "Denmark",
    "greek": "Greece",
    "swiss": "Switzerland",
    "austrian": "Austria",
    "belgian": "Belgium",
    "czech": "Czech Republic",
    "romanian": "Romania",
    "serbian": "Serbia",
    "lebanese": "Lebanon",
    "yemeni": "Yemen",
    "libyan": "Libya",
    "venezuelan": "Venezuela",
    "taiwanese": "Taiwan",
    "vietnamese": "Vietnam",
    "indonesian": "Indonesia",
    "bangladeshi": "Bangladesh",
    "eurozone": "Eurozone",
}
PLACES = frozenset(
    "russia ukraine moscow kyiv kiev kremlin washington london paris berlin brussels beijing "
    "tokyo delhi tehran ankara warsaw germany france china india japan italy spain poland turkey "
    "iran israel gaza syria sudan egypt britain america europe africa asia canada australia "
    "brazil mexico korea pakistan afghanistan iraq nigeria kenya ethiopia belarus georgia "
    "hungary sweden norway finland denmark greece switzerland austria belgium romania serbia "
    "lebanon yemen libya venezuela taiwan vietnam indonesia bangladesh eu un nato".split()
)
TITLES = frozenset(
    "dr mr mrs ms prof president president-elect chancellor minister prime secretary general "
    "gen senator governor king queen prince pope sir lord chief commander spokesman "
    "spokeswoman".split()
)
_NOT_NAMES = frozenset(
    "the a an in on at according since while when as this that these those it its their some "
    "many most but and yet still however meanwhile simultaneously after before during some "
    "only about nearly more".split()
)
_CONNECTORS = frozenset({"of", "for", "the", "and", "de", "on"})
_PLACE_PREPOSITIONS = frozenset("to in from of by at near into across".split())


def proper_words(text: str) -> frozenset[str]:
    """Words written with a capital inside a sentence of `text`: names, not sentence openers."""
    return frozenset(bare(word) for word in _MID_SENTENCE_CAPITAL.findall(text))


_MID_SENTENCE_CAPITAL = re.compile(r"[^.!?\s]\s+([A-Z][\w'’-]*)")


def entities(
    tokens: list[Token], start: int, end: int, proper: frozenset[str]
) -> list[tuple[int, int, str]]:
    """Named actors in tokens[start:end] as (first index, end index, name), in order.

    A capitalized word opening a sentence is a name only if it is a known place or demonym,
    an acronym, part of a longer name, or among the `proper` words of its paragraph.
    """
    found: list[tuple[int, int, str]] = []
    index = start
    while index < end:
        if not _name_word(tokens, index, proper):
            index += 1
            continue
        last = index + 1
        while last < end:
            if _name_word(tokens, last, proper, inside=True):
                last += 1
            elif (
                tokens[last].lower in _CONNECTORS
                and last + 1 < end
                and _name_word(tokens, last + 1, proper, inside=True)
                and (tokens[last].lower != "and" or _continues_name(tokens, last + 2, end))
            ):
                last += 2
            else:
                break
        if _acronym_at(tokens, last):
            last += 3
        name = _name(tokens, index, last)
        if name:
            found.append((index, last, name))
        index = max(last, index + 1)
    return found


def _acronym_at(tokens: list[Token], index: int) -> bool:
    """'(ISW)' after a name: the acronym the article will use for it."""
    return (
        index + 2 < len(tokens)
        and tokens[index].text == "("
        and tokens[index + 1].text.isupper()
        and tokens[index + 2].text == ")"
    )


def _continues_name(tokens: list[Token], index: int, end: int) -> bool:
    return index < end and tokens[index].is_capitalized and tokens[index].is_word


def _name_word(
    tokens: list[Token], index: int, proper: frozenset[str], inside: bool = False
) -> bool:
    token = tokens[index]
    if not token.is_word or not token.is_capitalized:
        return False
    if index and tokens[index - 1].is_number and token.text.isupper():
        return False  # a unit ("1 GW"), not a name
    word = bare(token.lower).rstrip(".")
    if word in MONTHS or word in WEEKDAYS:
        return False
    if inside:
        return True
    if word in _NOT_NAMES:
        return False
    opening = index == 0 or tokens[index - 1].text in ('"', "“", "(", "'")
    if not opening or word in PLACES or word in DEMONYMS or token.text.isupper():
        return True
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and following.is_word and following.is_capitalized:
        return True
    return bare(token.text) in proper


def _name(tokens: list[Token], first: int, last: int) -> str:
    """The canonical name of a span: titles dropped, possessive dropped, demonym resolved."""
    words = [token.text for token in tokens[first:last]]
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words.pop(0)
    if not words or words[0].lower().rstrip(".") in TITLES:
        return ""
    words[-1] = bare(words[-1])
    if len(words) == 1 and words[0].lower() in DEMONYMS:
        return DEMONYMS[words[0].lower()]
    if words[0] in ("A", "An", "The") and len(words) > 1:
        words.pop(0)
    return " ".join(words).replace("( ", "(").replace(" )", ")")


def subject(
    tokens: list[Token],
    first: int,
    last: int,
    core: int,
    group: VerbGroup,
    proper: frozenset[str],
    reporter: str | None,
    mask: list[bool],
) -> str | None:
    """The actor of the figure at tokens[first:last] in a clause whose core starts at `core`.

    In order: a possessive right before the figure ("the ECB's 2% target"); the subject of the
    verb that governs it ("Moscow has deployed"); when the figure is itself the subject of a
    reported clause ("confirmed 78,329 Russian troops have been killed"), its agent or its
    modifiers; otherwise the first name in the clause.
    """
    if first > 0 and tokens[first - 1].text.endswith(("'s", "’s")):
        names = entities(tokens, noun_phrase_start(tokens, first, core), first, proper)
        if names:
            return names[-1][2]
    reported = group.main in _REPORTED
    if group.main and not reported:
        before = group.start - 1
        if before >= 0 and tokens[before].lower in ("which", "who", "that"):
            comma = before - 1 if before and tokens[before - 1].text == "," else before
            return _first_actor(tokens, noun_phrase_start(tokens, comma, 0), comma, proper)
        if before >= core and tokens[before].lower in PRONOUNS:
            said = tokens[before - 1].lower in REPORTING_VERBS | {"that"}
            return reporter if said else None
        np_start = noun_phrase_start(tokens, group.start, core, mask)
        if np_start < group.start:
            return _first_actor(tokens, np_start, group.start, proper)
    if reported or first <= core:
        agent = _agent(tokens, last, proper)
        if agent:
            return agent
        names = entities(tokens, first, last, proper)
        return names[0][2] if names else None
    return _first_actor(tokens, core, first, proper)


def _first_actor(tokens: list[Token], start: int, end: int, proper: frozenset[str]) -> str | None:
    """The first name in tokens[start:end] that is not inside a prepositional phrase."""
    for index, _, name in entities(tokens, start, end, proper):
        if not _after_preposition(tokens, index):
            return name
    return None


_REPORTED = frozenset(
    "said says say confirmed confirms estimated estimates reported reports showed shows found "
    "warned told recorded calculated projected noted believes".split()
)


def _after_preposition(tokens: list[Token], index: int) -> bool:
    """Whether a name sits in a prepositional phrase ("in Geneva", "to the United States")."""
    previous = index - 1
    while previous >= 0 and tokens[previous].lower in ("the", "a", "an"):
        previous -= 1
    return previous >= 0 and tokens[previous].lower in _PLACE_PREPOSITIONS


def _agent(tokens: list[Token], last: int, proper: frozenset[str]) -> str | None:
    """The agent of a passive after the figure: "… were killed by Russian strikes"."""
    for index in range(last, min(last + 6, len(tokens) - 1)):
        if tokens[index].text in (",", ";", "."):
            return None
        if tokens[index].lower == "by":
            names = entities(tokens, index + 1, min(index + 6, len(tokens)), proper)
            return names[0][2] if names else None
    return None
