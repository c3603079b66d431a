"""Autocomplete choices as Discord wants them: at most 25, names of at most 100 characters."""

from __future__ import annotations

from discord import app_commands

from bot.render import fit
from index import Library
from index.answering import completion

CHOICE_NAME_LIMIT = 100


def briefing_choices(library: Library, typed: str) -> list[app_commands.Choice[str]]:
    """The indexed briefings matching what was typed, newest first; values are slugs."""
    return _discord(completion.briefing_choices(library, typed))


def figure_choices(library: Library, typed: str) -> list[app_commands.Choice[str]]:
    """The figures whose label words or numbers start with what was typed; values are ids."""
    return _discord(completion.figure_choices(library, typed))


def _discord(choices: list[completion.Choice]) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=fit(choice.name, CHOICE_NAME_LIMIT), value=choice.value)
        for choice in choices[: completion.CHOICES_LIMIT]
    ]
