"""Names read by their initials, as the index stores them for acronyms in questions."""

from __future__ import annotations

from index.analysis.initials import names_by_initials, phrases_with_initials


def test_names_are_read_with_connectors_and_hyphenated_parts() -> None:
    text = (
        "The Reserve Bank of Australia held rates. Attorney-General Daryl Williams agreed, "
        "and the Rural Fire Service said New South Wales was quiet."
    )
    names = names_by_initials(text)
    assert names[("rba", "Reserve Bank of Australia")] == 1
    assert names[("ag", "Attorney General")] == 1
    assert names[("rfs", "Rural Fire Service")] == 1
    assert names[("nsw", "New South Wales")] == 1


def test_common_words_and_titles_open_no_name() -> None:
    names = names_by_initials("Mr Morrow met The Premier. Firefighters are battling fires.")
    assert not any(initials == "mm" for initials, _ in names)
    assert ("tp", "The Premier") not in names
    assert not any(name.startswith("Firefighters") for _, name in names)


def test_a_phrase_in_lower_case_spells_initials_only_in_lower_case() -> None:
    text = "The attorney general's office and the Attorney General met."
    assert phrases_with_initials(text, "ag") == ["attorney general's", "Attorney General"]
