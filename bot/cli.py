"""The `briefbot` command: build the index, ask questions, inspect it, run the Discord bot."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.console import format_answer, run_console
from bot.reader_report import admin_lines, usage_line, usage_report
from bot.settings import Settings, SettingsError, load_settings
from bot.state import BotState
from index import (
    DEFAULT_PASSAGES,
    Answer,
    IndexUnusable,
    Library,
    LibraryWatcher,
    SeedError,
    answer,
    best_figures,
    build_index,
    citation,
    open_index,
    warm_up,
)
from index.answering.completion import find_briefing

log = logging.getLogger("briefbot")

BRIEFING_HELP = "only this briefing: its slug, or words of its title or date (see `info`)"
CONNECT_HINT = (
    "Discord is not connected: put DISCORD_TOKEN=… in .env (see .env.example) and run "
    "`make run` again. Until then, ask here."
)


class UnknownBriefing(ValueError):
    """--briefing names no indexed document; the message says where to find them."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(seeds=args.seeds, db=args.db)
    except SettingsError as problem:
        print(f"briefbot: {problem}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.handler(args, settings) or 0)
    except (SeedError, IndexUnusable, UnknownBriefing) as problem:
        print(f"briefbot: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`briefbot stats --json | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefbot", description="Answers questions about a news briefing, with citations."
    )
    _path_options(parser, default=None)
    # The same options after the subcommand; given there, they win over those before it.
    common = argparse.ArgumentParser(add_help=False)
    _path_options(common, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    index = commands.add_parser("index", parents=[common], help="build the index from the seeds")
    index.set_defaults(handler=_index)

    ask = commands.add_parser("ask", parents=[common], help="answer a question")
    ask.add_argument("question", nargs="?", help="the question (with --json: stdin if omitted)")
    ask.add_argument("-k", type=int, default=DEFAULT_PASSAGES, help="passages to return")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--briefing", help=BRIEFING_HELP)
    ask.add_argument(
        "--follows",
        metavar="QUESTION",
        help='the question this one follows up ("and how many of them…"): its topic is '
        "searched too, as when a member replies to an answer in Discord",
    )
    ask.set_defaults(handler=_ask)

    info = commands.add_parser("info", parents=[common], help="what is indexed")
    info.add_argument("--json", action="store_true")
    info.set_defaults(handler=_info)

    stats = commands.add_parser("stats", parents=[common], help="the briefing's figures by topic")
    stats.add_argument("--topic", help="only this topic")
    stats.add_argument("--json", action="store_true", help="a JSON list of figure objects")
    stats.add_argument("--briefing", help=BRIEFING_HELP)
    stats.set_defaults(handler=_stats)

    figure = commands.add_parser("figure", parents=[common], help="find one figure")
    figure.add_argument("query", help="a label, number or word, e.g. troops or 2700")
    figure.add_argument("--json", action="store_true")
    figure.set_defaults(handler=_figure)

    console = commands.add_parser("console", parents=[common], help="ask in the terminal")
    console.add_argument("--briefing", help=BRIEFING_HELP)
    console.set_defaults(handler=_console)

    usage = commands.add_parser(
        "usage", parents=[common], help="what readers asked: not covered, voted 👎, changes"
    )
    usage.add_argument("--json", action="store_true")
    usage.set_defaults(handler=_usage)

    run = commands.add_parser(
        "run", parents=[common], help="start the Discord bot (the console without a token)"
    )
    run.set_defaults(handler=_run)

    sync = commands.add_parser("sync", parents=[common], help="publish slash commands now")
    sync.set_defaults(handler=_sync)
    return parser


def _path_options(parser: argparse.ArgumentParser, default: object) -> None:
    """--seeds and --db, which every subcommand takes, before or after its name."""
    parser.add_argument(
        "--seeds", type=Path, default=default, help="folder of articles (env BRIEFBOT_SEEDS)"
    )
    parser.add_argument("--db", type=Path, default=default, help="index file (env BRIEFBOT_DB)")


def _index(args: argparse.Namespace, settings: Settings) -> int:
    progress = _progress_bar(sys.stderr) if sys.stderr.isatty() else None
    report = build_index(settings.seeds, settings.db, progress=progress)
    print(
        f"Indexed {report.documents} documents, {report.passages} passages, "
        f"{report.terms} terms, {report.figures} figures in {report.seconds:.2f} s → {settings.db}"
    )
    return 0


def _progress_bar(stream: TextIO) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.question is None and not args.json:
        print("briefbot ask: give a question, or use --json to read questions from stdin")
        return 2
    watcher = open_index(settings.seeds, settings.db)
    briefing = _briefing(watcher.current(), args.briefing)
    questions = [args.question] if args.question is not None else _stdin_lines()
    for question in questions:
        result = answer(
            watcher.current(),
            question,
            k=max(1, args.k),
            briefing=briefing,
            follows=args.follows,
        )
        if args.json:
            print(json.dumps(_json_answer(result), ensure_ascii=False), flush=True)
        else:
            print(format_answer(result))
    return 0


def _briefing(library: Library, typed: str | None) -> str | None:
    """The slug of the briefing --briefing names (a slug, or words of its title or date)."""
    if typed is None:
        return None
    slug = find_briefing(library, typed)
    if slug is None:
        raise UnknownBriefing(f"no briefing matches {typed!r}; `briefbot info` lists them")
    return slug


def _stdin_lines() -> Iterator[str]:
    for line in sys.stdin:
        yield line.rstrip("\n")


def _json_answer(result: Answer) -> dict[str, Any]:
    data = result.to_dict()
    if data["message"] is None:
        del data["message"]
    return data


def _info(args: argparse.Namespace, settings: Settings) -> int:
    library = open_index(settings.seeds, settings.db).current()
    details = {
        "db": str(settings.db),
        "built_at": library.meta["built_at"],
        "version": library.version,
        "documents": [
            {"slug": d.slug, "title": d.title, "date": d.date, "passages": d.passages}
            for d in library.documents.values()
        ],
        "passages": library.size,
        "terms": len(library.vocabulary()),
        "parameters": json.loads(library.meta["parameters"]),
    }
    if args.json:
        print(json.dumps(details, ensure_ascii=False, indent=2))
        return 0
    print(f"Index {settings.db} (built {details['built_at']}, version {details['version']})")
    print(f"{details['passages']} passages, {details['terms']} terms")
    for document in details["documents"]:
        date = document["date"] or "undated"
        print(f"  {date}  {document['title']}  ({document['passages']} passages)")
    return 0


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    library = open_index(settings.seeds, settings.db).current()
    briefing = _briefing(library, args.briefing)
    topics = library.topics()
    if args.topic is not None and args.topic not in topics:
        known = ", ".join(topics)
        print(f"briefbot stats: no topic {args.topic!r}; topics: {known}", file=sys.stderr)
        return 1
    grouped = {
        topic: [f for f in library.figures(topic) if briefing in (None, f.document)]
        for topic in ([args.topic] if args.topic else topics)
    }
    if args.json:
        figures = [figure for figures in grouped.values() for figure in figures]
        print(json.dumps([f.to_dict() for f in figures], ensure_ascii=False, indent=2))
        return 0
    for topic, figures in grouped.items():
        if figures:
            print(topic.capitalize())
        for figure in figures:
            print(f"  • {figure.rendered}")
    return 0


def _figure(args: argparse.Namespace, settings: Settings) -> int:
    library = open_index(settings.seeds, settings.db).current()
    matches = best_figures(library.figures(), args.query, 1)
    if not matches:
        print(f"briefbot figure: no figure matches {args.query!r}; see `briefbot stats`")
        return 1
    (found,) = matches
    if args.json:
        print(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
        return 0
    document = library.documents[found.document]
    print(found.rendered)
    print(f"  “{found.sentence}”")
    print(f"  — {citation(document.title, document.date, found.paragraph)}")
    return 0


def _console(args: argparse.Namespace, settings: Settings) -> int:
    watcher = open_index(settings.seeds, settings.db, rebuild_if_stale=True)
    return _serve_console(watcher, _briefing(watcher.current(), args.briefing))


def _usage(args: argparse.Namespace, settings: Settings) -> int:
    state = BotState(settings.state_db)
    try:
        if args.json:
            print(json.dumps(usage_report(state), ensure_ascii=False, indent=2))
        else:
            print("\n".join([usage_line(state), *admin_lines(state)]))
    finally:
        state.close()
    return 0


def _serve_console(watcher: LibraryWatcher, briefing: str | None = None) -> int:
    interactive = sys.stdin.isatty()
    if interactive:
        library = watcher.current()
        print(
            f"Briefbot console — {library.size} passages from {len(library.documents)} documents."
        )
        print("Ask a question (Ctrl-D or `quit` to leave).")
    run_console(
        lambda q: answer(watcher.current(), q, briefing=briefing),
        sys.stdin,
        sys.stdout,
        interactive=interactive,
    )
    return 0


def _warm_up() -> None:
    """Load what answering reads on first use, then exempt it from garbage collection: full
    collections over the loaded model cost 20–34 ms, paid by whichever question came next."""
    warm_up()
    gc.freeze()


def _run(args: argparse.Namespace, settings: Settings) -> int:
    watcher = open_index(settings.seeds, settings.db, rebuild_if_stale=True)
    if settings.token is None:
        threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
        print(CONNECT_HINT)
        return _serve_console(watcher)
    from bot.runner import run_bot

    # Warmed up before going online, not beside it: Discord allows 3 s for the first reply to
    # an /ask, and questions asked while the model loads in another thread waited on it (the
    # 200-asks load test's first replies came at 3.1-3.6 s on a slow day).
    _warm_up()
    return run_bot(settings, settings.token, watcher)


def _sync(args: argparse.Namespace, settings: Settings) -> int:
    if settings.token is None:
        print("briefbot sync: DISCORD_TOKEN is not set (see .env.example)", file=sys.stderr)
        return 2
    from bot.runner import sync_commands

    return sync_commands(settings, settings.token)


if __name__ == "__main__":
    sys.exit(main())
