"""The answer function as every face uses it: citations, highlights, figures, honest refusals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from index import build_index
from index.analysis.analyzer import analyze
from index.answering.acronyms import acronyms, spell_out, spellings
from index.answering.answer import Answer, answer, citation, searched, short_title, weigh
from index.answering.asked_for import counts
from index.answering.evidence import counted_terms
from index.answering.figure_search import best_figures, numbers_in
from index.search.query import Vocabulary, build_query, unknown_names
from index.store.library import Library
from tests.eval import FIXTURE_SEEDS
from tests.eval import seed_library as eval_library


def test_citation_is_short_and_checkable() -> None:
    title = "Russia advances near Kursk as Ukraine’s counteroffensive struggles to make progress."
    assert citation(title, "2024-11-19", 3) == "Russia advances near Kursk…, 19 Nov 2024, ¶3"
    assert short_title("Short title.") == "Short title"
    assert citation("Untitled", None, 1) == "Untitled, undated, ¶1"


def test_the_key_sentence_is_the_one_that_answers(tmp_path: Path) -> None:
    """The sentence with all of the question's words only places the answer; the one after
    it gives the number asked for, and is set in bold."""
    article = (
        "Life in Hebron's H2\n2023-11-07\n\n"
        "Palestinians who live in H2, a section of Hebron run by the army, face tight rules. "
        "Around 35,000 of them live there, beside 850 settlers. "
        "Visitors describe the streets as quiet.\n"
    )
    result = _answer_over(tmp_path, "how many palestinians live in h2", article, FESTIVAL)
    first = result.passages[0]
    assert first.text[slice(*first.sentence)].startswith("Around 35,000 of them")


def test_best_sentence_and_matched_words_are_marked(seed_library: Library) -> None:
    result = answer(seed_library, "How many Russian troops were killed?")
    best = result.passages[0]
    start, end = best.sentence
    assert best.text[start:end].startswith("A BBC Russian analysis confirmed at least 78,329")
    marked = {best.text[s:e] for s, e in best.highlights}
    assert {"troops", "killed", "Russian"} <= marked


def test_answer_figures_match_the_question(seed_library: Library) -> None:
    result = answer(seed_library, "how many soldiers died")
    assert [f.value for f in result.figures] == [78329.0]
    assert result.figures[0].qualifier == "at least"
    assert result.figures[0].source == "BBC Russian"
    deployed = answer(seed_library, "How many troops did Moscow send to Kursk?")
    assert deployed.figures[0].value == 50000.0
    # the article counts no Ukrainian dead: no Russian figure answers for them
    assert answer(seed_library, "how many ukrainian troops died").figures == []
    # "lose" is the verb of "losses": the dead, not the 50,000 deployed
    lost = answer(seed_library, "how many troops did russia lose?")
    assert lost.passages[0].paragraph == 5
    assert lost.figures[0].value == 78329.0


def test_answer_figures_follow_the_repaired_question(seed_library: Library) -> None:
    """A typo is repaired for the figures as for the passages."""
    result = answer(seed_library, "how many soldeirs were kiled")
    assert result.corrections and result.figures[0].value == 78329.0


def test_an_open_question_about_a_measure_shows_the_figures_that_measure_it(
    seed_library: Library,
) -> None:
    """ "What are the casualties?" is answered by a summary sentence without a number: the
    casualty figures of the passages shown are what the member asked for."""
    result = answer(seed_library, "What are the casualties?")
    assert result.figures and all(f.topic == "casualties" for f in result.figures)
    assert 78_329 in [figure.value for figure in result.figures]


def test_later_pages_are_judged_like_the_first(seed_library: Library) -> None:
    first = answer(seed_library, "How much territory has Russia seized?")
    second = answer(seed_library, "How much territory has Russia seized?", offset=3)
    assert first.answered and second.answered
    assert not {p.id for p in first.passages} & {p.id for p in second.passages}


def test_questions_about_people_the_briefing_never_names(seed_library: Library) -> None:
    result = answer(seed_library, "What did Zelensky say about the war?")
    assert not result.answered and result.status == "not_covered"
    assert "never mentions Zelensky" in (result.message or "")
    assert "territory" in (result.message or "")
    assert answer(
        seed_library, "What does David Handelman suggest about Ukrainian troops?"
    ).answered


def test_unknown_names_ignore_sentence_starts_and_typos() -> None:
    vocabulary = Vocabulary({"handelman": 1, "troop": 3})
    assert unknown_names("Troops near Odesa?", vocabulary) == ["Odesa"]
    assert unknown_names("Who is David Handelmann", vocabulary) == ["David"]
    assert unknown_names("Where are the troops. Where?", vocabulary) == []
    assert unknown_names("Who won the 2022 World Cup?", vocabulary) == ["World Cup"]


def test_a_name_only_another_briefing_mentions_is_unknown_to_a_scoped_question() -> None:
    vocabulary = Vocabulary({"zorblatt": 1, "reservoir": 2, "troop": 3})
    question = "How much water does the Zorblatt reservoir hold?"
    assert unknown_names(question, vocabulary) == []
    kursk_terms = {"troop"}
    assert unknown_names(question, vocabulary, kursk_terms.__contains__) == ["Zorblatt"]


# -- three honest outcomes, and questions as members type them ---------------------------------


def test_three_outcomes_each_with_what_a_member_needs(seed_library: Library) -> None:
    sure = answer(seed_library, "How many Russian troops have been killed?")
    assert (sure.status, sure.answered) == ("answered", True) and sure.passages
    assert sure.message is None and sure.confidence >= 0.8
    none = answer(seed_library, "Who won the 2022 World Cup?")
    assert (none.status, none.answered, none.passages) == ("not_covered", False, [])
    assert "Russia advances near Kursk" in (none.message or "")  # says what it does cover
    vague = answer(seed_library, "what happens next for ukraine")
    assert vague.status == "closest" and not vague.answered and vague.passages
    assert "may not answer" in (vague.message or "")


def test_chat_filler_does_not_turn_an_answer_into_a_refusal(seed_library: Library) -> None:
    """ "wat", "pls" and "exactly" are not what the question is about."""
    for question in (
        "wat does the 593 number refer to pls",
        "how many russian troops were killed exactly?? pls",
        "tell me how much land russia holds rn",
    ):
        result = answer(seed_library, question)
        assert result.status != "not_covered", question
        assert result.passages


def test_a_quoted_figure_finds_its_passage(seed_library: Library) -> None:
    assert "593" in answer(seed_library, "what does the 593 number refer to").passages[0].text
    assert "78,329" in answer(seed_library, "whats the 78k about").passages[0].text
    assert "2,700" in answer(seed_library, "the 2.7k sq km thing?").passages[0].text


def test_a_figure_quoted_with_a_scale_finds_it_written_in_words() -> None:
    """ "the 532bn" is the briefing's "€532 billion", passage and figure, as "78k" is 78,329."""
    with eval_library(FIXTURE_SEEDS) as library:
        result = answer(library, "whats the 532bn about")
        assert "€532 billion" in result.passages[0].text
        assert [f.value for f in result.figures][:1] == [532e9]
        quoted = answer(library, "what is the 4.2bn for")
        assert 4.2e9 in [f.value for f in quoted.figures]


def test_repairs_are_reported_even_when_declined(seed_library: Library) -> None:
    result = answer(seed_library, "how many casualites did the Zulus suffer")
    assert result.corrections == {"casualit": "casualti"}
    assert result.status == "not_covered"


def test_an_unrelated_article_does_not_win_on_one_shared_word(tmp_path: Path) -> None:
    """With several briefings, the article about the question beats one sharing a word."""
    storm = (
        "Storm snarls holiday travel\n2013-11-27\n\n"
        "Icy roads caused scores of accidents across the region on Tuesday, police said.\n\n"
        "Forecasters expect the storm to move east by Thursday morning.\n"
    )
    final = (
        "T1 win the world championship\n2023-11-19\n\n"
        "T1 reached the final after beating JD Gaming in the semi-finals last week.\n\n"
        "T1 beat Weibo Gaming 3-0 in Seoul on Sunday to lift the trophy.\n\n"
        "Faker, the team's captain, was named the most valuable player of the final.\n"
    )
    result = _answer_over(tmp_path, "what was the score in the final", storm, final)
    assert result.passages[0].document.startswith("t1-")


def test_a_short_articles_passages_are_all_weighed(tmp_path: Path) -> None:
    """The lede names the retailer; the passage with the number shares no word with the
    question, yet is among the passages shown."""
    retailer = (
        "Harris Scarfe sold\n2001-12-20\n\n"
        "Harris Scarfe's receivers have sold the retailer to a consortium.\n\n"
        "The buyout saw the closure of 12 stores around Australia.\n\n"
        "The new owners plan to keep the brand.\n"
    )
    result = _answer_over(tmp_path, "how many harris scarfe shops closed", retailer)
    assert any("12 stores" in passage.text for passage in result.passages)


def test_hurt_asks_for_the_injured(tmp_path: Path) -> None:
    """ "Hurt" is how members say "injured": the count of the injured is the figure asked for."""
    boat = (
        "Coast guard sinks boat\n2001-12-23\n\n"
        "Japanese officials said more than 20 Japanese coastguard vessels gave chase.\n\n"
        "Two Japanese sailors were injured in the exchange of fire.\n"
    )
    # Another briefing uses "hurt", so the word is known and no word vector stands in for it.
    markets = "Markets slip\n2001-12-23\n\nExporters were hurt by the strong yen this week.\n"
    result = _answer_over(tmp_path, "were any japanese hurt? how many", boat, markets)
    assert result.figures[0].value == 2 and result.figures[0].unit == "sailors"


def test_an_acronym_finds_the_passage_that_spells_it_out(tmp_path: Path) -> None:
    """ "The AG" is the attorney general of the passages the rest of the question finds."""
    trial = (
        "Trump testifies in fraud trial\n2023-11-06\n\n"
        "The AG's suit claims Trump inflated the value of his properties.\n\n"
        "Kevin Wallace, the lawyer with the attorney general's office, questioned Trump on "
        "the loans.\n\n"
        "The attorney general's office spent the day on the loans with Trump.\n\n"
        "Trump attacked the judge from the stand and lashed out at the suit.\n"
    )
    result = _answer_over(tmp_path, "who was the lawyer grilling trump for the AG", trial)
    assert result.passages[0].text.startswith("Kevin Wallace")


FIRES = (
    "Fires burn around Sydney\n2001-12-26\n\n"
    "Firefighters are battling a fire band stretching from Campbelltown to the coast.\n\n"
    "Rural Fire Service spokesman John Winter says crews will spend the day on back-burning.\n"
)
CRICKET = (
    "Australia prepares for the Test\n2001-12-26\n\n"
    "Shane Warne says he is looking for a new batsman to dominate in the series.\n"
)


def test_an_acronym_nothing_else_finds_is_the_briefings_name_with_its_initials(
    tmp_path: Path,
) -> None:
    """ "The RFS bloke": no other word of the question finds the Rural Fire Service, so the
    briefings' own names spell the initials out; capitals mark "AG" as initials too."""
    result = _answer_over(tmp_path, "who's the RFS bloke they quoted", FIRES, CRICKET)
    assert result.status != "not_covered"
    assert result.passages[0].text.startswith("Rural Fire Service spokesman")


def test_initials_written_in_the_briefings_are_searched_as_written(tmp_path: Path) -> None:
    """Where the briefings write the initials themselves, no name is guessed for them."""
    imf = "Argentina talks\n2001-12-20\n\nThe IMF says talks go on.\n\nIndia Mark Foods grew.\n"
    with _briefings(tmp_path, imf) as library:
        query, _ = searched(library, "what does the imf say")
    assert query.synonyms_of["imf"] == ()


def test_an_acronym_written_beside_its_words_is_not_counted_twice() -> None:
    query = build_query("how much is the imf lending", Vocabulary({"imf": 1, "lend": 1}))
    defined = ["Argentina seeks a budget the International Monetary Fund (IMF) accepts."]
    assert spellings(query, acronyms(query), defined) == {}
    elsewhere = ["The International Monetary Fund said talks go on.", *defined]
    spelt = spell_out(query, spellings(query, acronyms(query), elsewhere))
    assert spelt.synonyms_of["imf"] == ("internat", "monetari", "fund")


def test_a_hyphenated_title_spells_its_acronym() -> None:
    """ "The GG" is the Governor-General: each part of a hyphenated name gives an initial."""
    query = build_query("who wants the gg to quit", Vocabulary({"gg": 1, "quit": 1}))
    found = ["Groups are calling on Australia's Governor-General to resign."]
    spelt = spell_out(query, spellings(query, acronyms(query), found))
    assert spelt.synonyms_of["gg"] == ("governor", "general")


FESTIVAL = (
    "City festival opens\n2024-06-01\n\n"
    "Tickets for the festival sold out within hours, with 12,000 people queuing for "
    "tickets at the gates.\n\n"
    "Organisers said festival tickets cost $45 each this year, up from $40.\n"
)
PETROL = (
    "Leaded petrol ban\n2024-05-01\n\n"
    "The fine for selling leaded petrol is enforced by the state, and the fine for selling "
    "leaded petrol was debated for years by health groups.\n\n"
    "Service stations caught selling leaded petrol face a fine of $5,000.\n"
)

ECONOMY = (
    "Euro area economy stalls\n2025-02-01\n\n"
    "The euro area economy stalled at the end of last year, and inflation in the euro area "
    "is now what households worry about most.\n\n"
    "Inflation eased to 2.4% in January from 2.6% in December, Eurostat said.\n"
)


@pytest.mark.parametrize(
    ("article", "question", "written", "amount"),
    [
        # "how much" about money wants an amount: a passage with only a head count is weaker
        (FESTIVAL, "how much were the festival tickets", "$45", 45.0),
        # "what's the fine for…" asks for an amount as much as "how much is the fine" does
        (PETROL, "what's the fine for selling leaded petrol", "$5,000", 5000.0),
        # "what is inflation" asks for what the briefing's figures labelled inflation give
        (ECONOMY, "what is inflation in the euro area now", "2.4%", 2.4),
    ],
)
def test_a_question_about_an_amount_prefers_the_passage_that_gives_it(
    tmp_path: Path, article: str, question: str, written: str, amount: float
) -> None:
    result = _answer_over(tmp_path, question, article)
    assert written in result.passages[0].text
    assert result.figures[0].value == amount


def test_a_how_many_question_lists_the_count_of_what_it_asks_first(tmp_path: Path) -> None:
    """ "How many women" is answered by the three women, not the nine men of the same jury."""
    trial = (
        "Jury convicts man of murder\n2001-12-12\n\n"
        "The jury of nine men and three women had been deliberating for nine hours.\n"
    )
    with _briefings(tmp_path, trial) as library:
        assert answer(library, "how many women were on the jury").figures[0].value == 3.0
        assert answer(library, "how many men were on the jury").figures[0].value == 9.0


def test_how_many_counts_a_word_near_in_meaning_to_the_one_asked() -> None:
    """ "How many shops closed" is counted by "the closure of 12 stores"."""
    query = build_query("how many harris scarfe shops closed", Vocabulary({}))
    assert counts(analyze("The buyout saw the closure of 12 stores"), counted_terms(query))
    assert not counts(analyze("The buyout saw the closure of 12 months"), counted_terms(query))


RENT = (
    "Chrysler Building sold\n2019-03-09\n\n"
    "The rent is rising from $7.75 million last year to $32.5 million this year.\n"
)
AIRPORTS = (
    "Busiest airports\n2017-02-17\n\n"
    "Istanbul Ataturk handled 60 million passengers, which marked a decrease of 2.1%.\n"
)


@pytest.mark.parametrize(
    ("article", "question", "first"),
    [
        # "this yr" names this year as "this year" does: its rent comes first
        (RENT, "how much is the rent this yr", 32_500_000),
        # a question about a change: the decrease, not the passengers Istanbul still had
        (AIRPORTS, "by how much did istanbul ataturk drop", 2.1),
    ],
)
def test_the_figure_the_question_singles_out_comes_first(
    tmp_path: Path, article: str, question: str, first: float
) -> None:
    assert _answer_over(tmp_path, question, article).figures[0].value == first


def test_figures_of_the_passage_judged_to_answer_come_first(tmp_path: Path) -> None:
    """Two articles report the same measure; the figure of the passage the answer model put
    first is listed first, whichever article the index read first."""
    march = "Fuel prices in March\n2024-04-01\n\nFuel prices rose 4 per cent, the bureau said.\n"
    april = "Fuel prices in April\n2024-05-01\n\nFuel prices rose 6 per cent, the bureau said.\n"
    with _briefings(tmp_path, march, april) as library:
        figures = library.figures()
        for lead in figures:
            (first, *_) = best_figures(
                figures, "how much did fuel prices rise", 3, lead=lead.passage
            )
            assert first.passage == lead.passage


def test_a_number_question_finds_the_passage_with_its_figure_beyond_bm25s_best(
    tmp_path: Path,
) -> None:
    """An article names its subject in many short passages; the one giving the age asked for
    is long and shares only the name, so BM25 alone ranks it below the first ten."""
    mentions = "\n\n".join(f"Marlow spoke about case {n} on day {n}." for n in range(1, 13))
    profile = (
        "Solicitor general profile\n2024-03-01\n\n"
        f"{mentions}\n\n"
        "Marlow, 43, argues the government's most consequential cases before the justices "
        "and has won most of them in front of a sceptical bench this year.\n"
    )
    result = _answer_over(tmp_path, "how old is marlow", profile)
    assert "Marlow, 43" in result.passages[0].text
    assert result.figures[0].value == 43.0


@contextmanager
def _briefings(tmp_path: Path, *articles: str) -> Iterator[Library]:
    """An index of these article texts (one seed file each), open for the duration."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for number, text in enumerate(articles):
        (seeds / f"article-{number}.txt").write_text(text)
    build_index(seeds, tmp_path / "index.sqlite")
    library = Library(tmp_path / "index.sqlite")
    try:
        yield library
    finally:
        library.close()


def test_the_figure_whose_label_says_the_asked_word_in_other_words_comes_first(
    tmp_path: Path,
) -> None:
    """ "fall" is said "dropped": of two figures about job ads, the one that fell is first."""
    article = (
        "Job ads mixed\n2001-12-04\n\nNewspaper job ads rose 3 per cent in November, while "
        "internet job ads dropped 14 per cent.\n"
    )
    result = _answer_over(tmp_path, "how much did job ads fall in november", article)
    assert [f.value for f in result.figures] == [14.0, 3.0]


def test_a_one_letter_chat_word_says_nothing_in_other_words(tmp_path: Path) -> None:
    """ "smith n jones": "n" is "and", not a word whose vector sits near "national"; the
    partnership asked about stays listed beside the wicket that ended it."""
    article = (
        "Tail end\n2024-12-27\n\nThe pair put on 60 runs for the final wicket. Lyon ended "
        "it by picking up the final wicket of national captain Jones for 14.\n"
    )
    with _briefings(tmp_path, article) as library:
        question = "how much did smith n jones add for the last wicket"
        query, _ = searched(library, question)
        shown = best_figures(library.figures(), question, 3, query=query)
    assert 60.0 in [f.value for f in shown]


def _answer_over(tmp_path: Path, question: str, *articles: str) -> Answer:
    """The answer to `question` from an index of these article texts."""
    with _briefings(tmp_path, *articles) as library:
        return answer(library, question)


def test_a_passage_that_says_the_question_in_near_words_is_closer(tmp_path: Path) -> None:
    """ "Boats" is not "yachts", but near it: the passage that counts the yachts comes closer
    to what is asked, word by word, than the one that only shares the harbour."""
    race = (
        "Yacht race starts\n2024-12-26\n\n"
        "Seventy-six yachts set sail from Sydney Harbour for Hobart.\n\n"
        "Sydney Harbour was crowded with spectators and fireworks.\n"
    )
    with _briefings(tmp_path, race) as library:
        query, strangers = searched(library, "how many boats left sydney harbour")
        candidates = weigh(library, query, 10, strangers)
    closeness = {c.passage.paragraph: c.evidence.closeness for c in candidates}
    yachts, fireworks = sorted(closeness)
    assert closeness[yachts] > closeness[fireworks]
    # Near in meaning as a whole, up to the cap a restated question would reach.
    assert all(0.0 < c.evidence.gist <= 0.6 for c in candidates)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("how big is ms-13 in the US", set()),  # a gang's name, not a number asked about
        ("what made the b-1 bomber crash", set()),
        ("covid-19 cases since mid-2016", {2016.0}),  # a year stays one
        ("won 6-4, 7-5 over 1,500 to 2,000 fans", {6.0, 4.0, 7.0, 5.0, 1500.0, 2000.0}),
        ("10 000 people, 12.5% of them", {10000.0, 12.5}),
        ("whats the 78k about", set()),  # a scaled number is searched as the range it rounds
    ],
)
def test_the_numbers_a_text_writes(text: str, numbers: set[float]) -> None:
    assert numbers_in(text) == numbers


def test_a_quoted_number_is_evidence_for_the_passage_that_writes_it(tmp_path: Path) -> None:
    """ "The 6,000 number in the Marlowe story": the passage that writes 6,000 holds what is
    asked about; a question that quotes no number says nothing either way."""
    paragraphs = [
        "Judge Marlowe questioned counsel Okafor about the agency's funding.",
        "A clip of the exchange was viewed widely, and more than 6,000 people left comments.",
        "Marlowe later pressed Okafor on the history of the agency.",
    ]
    article = "Marlowe and Okafor spar again\n2023-11-06\n\n" + "\n\n".join(paragraphs) + "\n"
    with _briefings(tmp_path, article) as library:
        query, strangers = searched(library, "whats the 6,000 in the marlowe story")
        quoting = weigh(library, query, 10, strangers)
        query, strangers = searched(library, "what did marlowe ask okafor about")
        plain = weigh(library, query, 10, strangers)
    quoted = {c.passage.paragraph: c.evidence.quoted for c in quoting}
    assert quoted == {2: 0.0, 3: 1.0, 4: 0.0}
    assert {c.evidence.quoted for c in plain} == {0.5}
