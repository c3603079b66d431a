"""Hostile input: random Unicode and hand-picked nasties, through answer() and the live bot.

Whatever a member types, the bot answers (or explains) without an exception, pings nobody
(allowed_mentions parse nothing and no raw @everyone/@here/<@id> is echoed) and stays within
Discord's limits. Hypothesis examples are bounded (200 through answer(), 40 through Discord).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakediscord import FakeDiscord, make_user
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.render import answer_embed
from index.answering.answer import answer
from index.store.library import Library
from tests.bot_fixtures import World, briefbot, embed_problems
from tests.reliability_support import LoopThread, message_problems, sent_texts

pytestmark = pytest.mark.timeout(180)

MAX_SECONDS_PER_ANSWER = 2.0

HOSTILE = {
    "zero-width": "\u200b\u200c\u200d\ufeffhow many\u2060 troops were\u200b killed?",
    "control": "how\x00 many\x07 troops\x1b[31m were\x7f killed?\x08\r\n\t",
    "rtl-override": "\u202ehow many troops were killed?\u202c",
    "arabic": "كم عدد القوات الروسية التي قتلت؟",
    "hebrew": "כמה חיילים נהרגו ב-Kursk?",
    "zalgo": "t̸̡̛r̷̢o̶̧o̵p̴s̸ k̷i̶l̵l̴e̸d̷",
    "emoji-zwj": "👨‍👩‍👧‍👦 🏳️‍🌈 troops killed? 🇺🇦",
    "markdown": "**bold** __under__ ~~strike~~ ||spoiler|| > quote # head [x](http://e.x) troops",
    "code-block": "```py\nimport os; os.system('rm -rf /')\n``` how many troops were killed?",
    "inline-code": "`SELECT * FROM passages` troops",
    "everyone": "@everyone how many troops were killed?",
    "here": "@here @here how many troops?",
    "everyone-glued": "@everyone1 @hereafter troops killed",
    "role": "<@&123456789012345678> how many troops were killed?",
    "user": "<@123456789012345678> <@!123456789012345678> troops killed",
    "channel": "<#123456789012345678> troops",
    "sql-quote": "troops' OR '1'='1' --",
    "sql-drop": "'; DROP TABLE passages; -- how many troops",
    "fts-and": '"troops" AND killed OR russia NOT ukraine',
    "fts-star": "troop* kill*",
    "fts-near": "NEAR(troops killed, 3)",
    "fts-column": "text:troops ^killed {troops} (((",
    "quotes": "\"'`´‘’“”„«»",
    "exp-max": "1e308 troops killed",
    "exp-overflow": "1e309 -1e309 troops",
    "exp-tiny": "1e-9 square kilometers",
    "nan-inf": "NaN inf -inf troops",
    "huge-number": f"{9**99} troops killed",
    "huge-grouped": "1,000,000,000,000,000,000,000 troops",
    "other-digits": "٣٤٥ ۷۸ 𝟗𝟗 ½ ¾ troops",
    "hex": "0x1F 0b101 1_000 troops",
    "long-6000": "troops " * 857,
    "one-long-word": "x" * 1000,
    "many-unknown-words": " ".join(f"zq{i}x" for i in range(190)),
    "newlines": "troops\n" * 140,
    "only-mentions": "@everyone <@&123456789012345678>",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return Library(World.create(tmp_path_factory.mktemp("hostile-lib")).db)


def _check_answer(library: Library, question: str) -> None:
    result = answer(library, question)
    assert result.status in {"answered", "closest", "not_covered", "invalid"}
    assert result.answered == (result.status == "answered")
    if result.answered:
        assert result.passages and all(p.text and p.citation for p in result.passages)
        assert result.index_version == library.version
    else:
        assert result.message
    assert result.elapsed_ms < MAX_SECONDS_PER_ANSWER * 1000, (question[:60], result.elapsed_ms)
    json.dumps(result.to_dict(), ensure_ascii=False)  # what `ask --json` prints
    embed = answer_embed(result).to_dict()
    assert embed_problems(embed) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.text(max_size=1200))
def test_any_text_gets_an_answer_or_an_explanation(library: Library, question: str) -> None:
    _check_answer(library, question)


@given(
    question=st.lists(
        st.sampled_from(["troops", "killed", "Kursk", "@everyone", "'", '"', "*", "AND", "NEAR("])
        | st.from_regex(r"[0-9]{1,400}(\.[0-9]+)?([eE][+-]?[0-9]{1,4})?", fullmatch=True),
        max_size=40,
    ).map(" ".join)
)
@settings(max_examples=100, deadline=None)
def test_numbers_and_query_syntax_never_break_search(library: Library, question: str) -> None:
    _check_answer(library, question)


@pytest.mark.parametrize("question", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hand_picked_hostile_questions_through_answer(library: Library, question: str) -> None:
    _check_answer(library, question)


# -- through the fake Discord, to the real bot ------------------------------------------------


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Live:
    """The product bot serving a private world, on an event loop in another thread."""

    def __init__(self, folder: Path) -> None:
        self.world = World.create(folder)
        self.thread = LoopThread()
        self.errors = _Errors()
        self.users = (make_user(f"member{n}") for n in itertools.count())
        self._stack = contextlib.AsyncExitStack()
        self.server: FakeDiscord = self.thread.run(self._start())

    async def _start(self) -> FakeDiscord:
        server = await self._stack.enter_async_context(FakeDiscord())
        self.services = self.world.services(server)
        self.bot = await self._stack.enter_async_context(briefbot(server, self.services))
        return server

    def close(self) -> None:
        async def stop() -> None:
            try:
                await self._stack.aclose()
            finally:
                self.services.state.close()  # in the thread that opened it

        try:
            self.thread.run(stop())
        finally:
            self.thread.close()

    def ask(self, question: str) -> dict:
        async def go() -> dict:
            handle = await self.server.send_slash_command(
                "ask", {"question": question}, user=next(self.users)
            )
            return await handle.wait_reply(timeout=10)

        return self.thread.run(go())

    def mention(self, text: str) -> dict:
        async def go() -> dict:
            handle = await self.server.send_message(text, mention_bot=True, author=next(self.users))
            return await handle.wait_reply(timeout=10)

        return self.thread.run(go())

    def command(self, name: str, options: dict) -> dict:
        async def go() -> dict:
            handle = await self.server.send_slash_command(name, options, user=next(self.users))
            return await handle.wait_reply(timeout=10)

        return self.thread.run(go())


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    bot = Live(tmp_path_factory.mktemp("hostile-bot"))
    logging.getLogger().addHandler(bot.errors)
    try:
        yield bot
    finally:
        logging.getLogger().removeHandler(bot.errors)
        bot.close()


def _assert_clean(live: Live, *replies: dict) -> None:
    for reply in replies:
        assert any(sent_texts(reply)), reply  # something was said
        assert not any("Something went wrong" in text for text in sent_texts(reply)), reply
    assert message_problems(live.server) == []
    assert live.server.errors == []
    assert [r.getMessage() for r in live.errors.records] == []


@pytest.mark.parametrize("question", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hand_picked_hostile_questions_through_ask_and_mentions(live: Live, question: str) -> None:
    _assert_clean(live, live.ask(question), live.mention(question))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(question=st.text(max_size=1200))
def test_any_text_through_ask_and_mentions(live: Live, question: str) -> None:
    _assert_clean(live, live.ask(question), live.mention(question))


@pytest.mark.parametrize("text", ["@everyone", "<@&123456789012345678> **x**", "../../etc/passwd"])
def test_stats_and_figure_never_echo_a_ping(live: Live, text: str) -> None:
    _assert_clean(
        live, live.command("stats", {"topic": text}), live.command("figure", {"name": text})
    )
