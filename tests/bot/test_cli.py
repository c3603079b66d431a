"""The `briefbot` command as a user runs it: index, ask (text and JSON), info, bad input."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from bot.state import BotState
from tests.conftest import BRIEFBOT


def briefbot(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "DISCORD_"))}
    return subprocess.run(
        [str(BRIEFBOT), *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=env,
        timeout=120,
    )  # fmt: skip


@pytest.fixture
def workdir(seeds: Path) -> Path:
    """A folder laid out like the project: seeds/ here, the index under var/."""
    return seeds.parent


def test_index_then_ask_json(workdir: Path) -> None:
    built = briefbot("index", cwd=workdir)
    assert built.returncode == 0, built.stderr
    assert "1 documents, 10 passages" in built.stdout
    assert (workdir / "var" / "briefbot.sqlite").is_file()
    asked = briefbot(
        "ask", "How much territory has Russia seized this year?", "--json", cwd=workdir
    )
    result = json.loads(asked.stdout)
    assert result["answered"] is True
    best = result["passages"][0]
    assert "2,700 square kilometers" in best["text"]
    assert best["citation"] == "Russia advances near Kursk…, 19 Nov 2024, ¶3"
    assert set(best) >= {
        "id",
        "document",
        "title",
        "date",
        "paragraph",
        "text",
        "score",
        "citation",
    }
    assert isinstance(result["figures"], list)


def test_ask_json_reads_questions_from_stdin(workdir: Path) -> None:
    questions = "How many troops were killed?\n\nWhere is Kurakhove?\n" + "x" * 1001 + "\n🙂\n"
    asked = briefbot("ask", "--json", "-k", "2", cwd=workdir, stdin=questions)
    assert asked.returncode == 0, asked.stderr
    answers = [json.loads(line) for line in asked.stdout.splitlines()]
    assert [a["answered"] for a in answers] == [True, False, True, False, False]
    assert "78,329" in answers[0]["passages"][0]["text"]
    assert len(answers[0]["passages"]) == 2
    assert "Ask a question" in answers[1]["message"]
    assert "1,000 characters" in answers[3]["message"]
    assert "no words" in answers[4]["message"]


def test_ask_follows_up_a_question_and_says_so(workdir: Path) -> None:
    before = "How many troops did Moscow deploy to Kursk?"
    asked = briefbot("ask", "and how many of them were killed?", "--follows", before, cwd=workdir)
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.startswith(f"(following up: {before})")
    assert "78,329" in asked.stdout
    alone = briefbot("ask", "and how many of them were killed?", "--json", cwd=workdir)
    assert json.loads(alone.stdout)["follows"] is None


def test_ask_in_plain_text_cites_the_passage(workdir: Path) -> None:
    asked = briefbot("ask", "Who is David Handelman?", cwd=workdir)
    assert asked.returncode == 0
    assert "David Handelman" in asked.stdout
    assert "¶8" in asked.stdout


def test_info_lists_documents(workdir: Path) -> None:
    info = briefbot("info", "--json", cwd=workdir)
    details = json.loads(info.stdout)
    assert details["passages"] == 10
    assert details["documents"][0]["date"] == "2024-11-19"


def test_broken_seed_is_reported_without_traceback(workdir: Path) -> None:
    (workdir / "seeds" / "broken.txt").write_bytes(b"\xff\xfe\x00\x00binary")
    built = briefbot("index", cwd=workdir)
    assert built.returncode == 1
    assert "broken.txt" in built.stderr and "binary" in built.stderr
    assert "Traceback" not in built.stderr


def test_console_answers_questions_from_stdin(workdir: Path) -> None:
    session = briefbot("console", cwd=workdir, stdin="What did Trump pledge?\nquit\n")
    assert session.returncode == 0
    assert "end the war quickly" in session.stdout


def test_stats_json_lists_every_figure_and_no_chrome(workdir: Path) -> None:
    stats = briefbot("stats", "--json", cwd=workdir)
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert sorted(f["value"] for f in figures) == [6, 465, 593, 2700, 50000, 78329, 110649]
    assert not {f["value"] for f in figures} & {5, 3, 0, 2022, 2023, 2024, 19}
    assert {f["topic"] for f in figures} == {"territory", "casualties", "troops"}
    text = briefbot("stats", "--topic", "casualties", cwd=workdir).stdout
    assert "78,329" in text and "2,700" not in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [("2700", "2,700"), ("2,700", "2,700"), ("soldiers died", "78,329"), ("regained", "593")],
)
def test_figure_finds_by_number_label_or_synonym(workdir: Path, query: str, expected: str) -> None:
    found = briefbot("figure", query, cwd=workdir)
    assert found.returncode == 0, found.stderr
    first_line, sentence, source = found.stdout.splitlines()
    assert expected in first_line and expected in sentence
    assert source.strip().startswith("— Russia advances near Kursk…, 19 Nov 2024, ¶")


RESERVOIR = (
    "Zorblatt reservoir reaches record level\n\nMarch 3, 2025\n\n"
    "Engineers said the Zorblatt reservoir now holds 4,321 cubic metres of meltwater, a record.\n"
)


def test_briefing_option_scopes_ask_stats_and_console(workdir: Path) -> None:
    (workdir / "seeds" / "reservoir.txt").write_text(RESERVOIR)
    killed = "How many Russian troops have been killed?"
    scoped = briefbot("ask", killed, "--json", "--briefing", "zorblatt", cwd=workdir)
    assert scoped.returncode == 0, scoped.stderr
    assert json.loads(scoped.stdout)["status"] == "not_covered"
    kursk = briefbot("ask", killed, "--json", "--briefing", "kursk", cwd=workdir)
    assert "78,329" in json.loads(kursk.stdout)["passages"][0]["text"]

    stats = briefbot("stats", "--json", "--briefing", "reservoir", cwd=workdir)
    documents = {figure["document"] for figure in json.loads(stats.stdout)}
    assert documents == {"zorblatt-reservoir-reaches-record-level"}

    session = briefbot(
        "console", "--briefing", "2025", cwd=workdir, stdin="What did Trump pledge?\n"
    )
    assert session.returncode == 0 and "doesn't cover" in session.stdout

    unknown = briefbot("ask", killed, "--briefing", "qqqq", cwd=workdir)
    assert unknown.returncode == 1
    assert "no briefing matches 'qqqq'" in unknown.stderr and "Traceback" not in unknown.stderr


def test_usage_prints_what_readers_asked(workdir: Path) -> None:
    state = BotState(workdir / "var" / "briefbot-state.sqlite")
    state.record_question(1, "Who won the World Cup?", False, status="not_covered")
    voted = state.record_question(
        1, "How much territory?", True, status="answered", citation="Russia advances…, ¶3"
    )
    state.record_feedback(voted, user_id=2, helpful=False)
    state.record_reindex("ann (7)", ok=True, summary="added", action="add", file="brief.txt")
    state.close()

    report = json.loads(briefbot("usage", "--json", cwd=workdir).stdout)
    assert report["usage"]["asked"] == 2 and report["usage"]["unhelpful"] == 1
    assert [q["question"] for q in report["not_covered"]] == ["Who won the World Cup?"]
    assert report["voted_down"][0]["citation"] == "Russia advances…, ¶3"
    assert report["recent_changes"][0]["file"] == "brief.txt"

    text = briefbot("usage", cwd=workdir).stdout
    assert "2 asked, 1 answered, 1 not covered" in text
    assert "“How much territory?” · answered · Russia advances…, ¶3" in text
    assert "add brief.txt by ann (7): ok" in text


@pytest.mark.parametrize("where", ["before", "after"])
def test_seeds_and_db_work_before_or_after_the_subcommand(workdir: Path, where: str) -> None:
    elsewhere = workdir / "elsewhere"  # no seeds/ here: the defaults would find nothing
    elsewhere.mkdir()
    db = workdir / "other" / "index.sqlite"
    paths = ["--seeds", str(workdir / "seeds"), "--db", str(db)]

    def run(*command: str) -> subprocess.CompletedProcess:
        args = [*paths, *command] if where == "before" else [*command, *paths]
        return briefbot(*args, cwd=elsewhere)

    built = run("index")
    assert built.returncode == 0, built.stderr
    assert built.stdout.rstrip().endswith(f"→ {db}") and db.is_file()
    asked = run("ask", "How much territory has Russia seized this year?", "--json")
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["answered"] is True
    info = run("info", "--json")
    assert json.loads(info.stdout)["db"] == str(db)
    assert not (elsewhere / "var").exists()


def test_paths_after_the_subcommand_win_over_those_before(workdir: Path) -> None:
    assert briefbot("index", cwd=workdir).returncode == 0
    db = workdir / "var" / "briefbot.sqlite"
    unused = workdir / "unused.sqlite"
    info = briefbot("--db", str(unused), "info", "--json", "--db", str(db), cwd=workdir)
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["db"] == str(db)
    assert not unused.exists()
