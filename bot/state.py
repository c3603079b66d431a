"""What the bot remembers beside the index: questions, feedback, re-indexes and the synced commands.

Kept in its own SQLite file because the index file is replaced wholesale by every re-index.
Several bot processes (shards) may share it: WAL mode and a busy timeout make that safe.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils


@dataclass(frozen=True)
class Usage:
    asked: int
    answered: int
    not_covered: int
    helpful: int
    unhelpful: int


@dataclass(frozen=True)
class Reindex:
    """A change to the briefing: a re-index, or a briefing added, replaced or removed."""

    at: str
    by: str
    ok: bool
    summary: str
    action: str = "reindex"
    file: str | None = None


@dataclass(frozen=True)
class Asked:
    """A question as it was asked: its text, the briefing it was scoped to and the question it
    followed up, if any."""

    question: str
    briefing: str | None
    follows: str | None = None


@dataclass(frozen=True)
class ReaderQuestion:
    """A question readers asked, with the answer's status and first citation as given."""

    at: str
    question: str
    status: str
    citation: str | None


class BotState:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        # The cogs write from worker threads (a write can wait on another shard's lock).
        connection = sqlite3.connect(path, check_same_thread=False)
        self._db = sqlite_utils.Database(connection, execute_plugins=False)
        self._db.conn.execute("PRAGMA busy_timeout = 5000")
        _when_unlocked(lambda: _prepare(self._db))

    def record_question(
        self,
        user_id: int,
        question: str,
        answered: bool,
        *,
        status: str | None = None,
        citation: str | None = None,
        briefing: str | None = None,
        follows: str | None = None,
    ) -> int:
        """Remember a question; `status` is stored as the answer gave it, whatever it is, and
        `follows` is the question it was searched after (a reply to an answer)."""
        with self._lock:
            table = self._db.table("questions").insert(
                {
                    "at": _now(),
                    "user_id": user_id,
                    "question": question,
                    "answered": int(answered),
                    "status": status or ("answered" if answered else "not_covered"),
                    "citation": citation,
                    "briefing": briefing,
                    "follows": follows,
                }
            )
            assert table.last_rowid is not None  # set by every insert
            return table.last_rowid

    def asked(self, question_id: int) -> Asked | None:
        with self._lock:
            rows = list(
                self._db.query(
                    "SELECT question, briefing, follows FROM questions WHERE id = ?",
                    [question_id],
                )
            )
        return Asked(rows[0]["question"], rows[0]["briefing"], rows[0]["follows"]) if rows else None

    def not_covered(self, limit: int = 10) -> list[ReaderQuestion]:
        """The most recent questions the briefing was declared not to cover, newest first."""
        return self._reader_questions(
            f"SELECT at, question, {_STATUS} AS status, citation FROM questions "
            f"WHERE {_STATUS} = 'not_covered' ORDER BY id DESC LIMIT ?",
            limit,
        )

    def voted_down(self, limit: int = 10) -> list[ReaderQuestion]:
        """The most recent answers voted 👎 (one line per question), newest vote first."""
        return self._reader_questions(
            f"SELECT max(f.at) AS at, q.question, {_STATUS} AS status, q.citation "
            "FROM feedback f JOIN questions q ON q.id = f.question_id WHERE f.helpful = 0 "
            "GROUP BY q.id ORDER BY max(f.at) DESC, q.id DESC LIMIT ?",
            limit,
        )

    def _reader_questions(self, sql: str, limit: int) -> list[ReaderQuestion]:
        with self._lock:
            rows = list(self._db.query(sql, [limit]))
        return [
            ReaderQuestion(row["at"], row["question"], row["status"], row["citation"])
            for row in rows
        ]

    def record_feedback(self, question_id: int, user_id: int, helpful: bool) -> None:
        """One vote per member and question; voting again changes the vote."""
        with self._lock:
            self._db.table("feedback").upsert(
                {
                    "question_id": question_id,
                    "user_id": user_id,
                    "helpful": int(helpful),
                    "at": _now(),
                },
                pk=("question_id", "user_id"),
            )

    def usage(self) -> Usage:
        with self._lock:
            questions = next(
                self._db.query(
                    "SELECT count(*) AS asked, coalesce(sum(answered), 0) AS answered "
                    "FROM questions"
                )
            )
            votes = next(
                self._db.query(
                    "SELECT coalesce(sum(helpful), 0) AS up, "
                    "count(*) - coalesce(sum(helpful), 0) AS down FROM feedback"
                )
            )
        return Usage(
            asked=questions["asked"],
            answered=questions["answered"],
            not_covered=questions["asked"] - questions["answered"],
            helpful=votes["up"],
            unhelpful=votes["down"],
        )

    def record_reindex(
        self, by: str, ok: bool, summary: str, *, action: str = "reindex", file: str | None = None
    ) -> None:
        """Remember a change to the briefing (or an attempt), and who made it."""
        with self._lock:
            self._db.table("reindexes").insert(
                {
                    "at": _now(),
                    "by": by,
                    "ok": int(ok),
                    "summary": summary,
                    "action": action,
                    "file": file,
                }
            )

    def recent_changes(self, limit: int = 5) -> list[Reindex]:
        """The last changes to the briefing, newest first."""
        with self._lock:
            rows = list(self._db.query("SELECT * FROM reindexes ORDER BY id DESC LIMIT ?", [limit]))
        return [
            Reindex(
                at=row["at"],
                by=row["by"],
                ok=bool(row["ok"]),
                summary=row["summary"],
                action=row["action"] or "reindex",
                file=row["file"],
            )
            for row in rows
        ]

    def get(self, key: str) -> str | None:
        with self._lock:
            rows = list(self._db.query("SELECT value FROM settings WHERE key = ?", [key]))
        return rows[0]["value"] if rows else None

    def set(self, key: str, value: str) -> None:
        with self._lock:
            self._db.table("settings").upsert({"key": key, "value": value}, pk="key")

    def close(self) -> None:
        self._db.close()


def _prepare(db: sqlite_utils.Database) -> None:
    """WAL mode and the tables; every step is idempotent, so it may simply be retried."""
    if db.journal_mode != "wal":
        db.enable_wal()
    db.table("questions").create(
        {"id": int, "at": str, "user_id": int, "question": str, "answered": int},
        pk="id",
        if_not_exists=True,
    )
    db.table("feedback").create(
        {"question_id": int, "user_id": int, "helpful": int, "at": str},
        pk=("question_id", "user_id"),
        if_not_exists=True,
    )
    db.table("reindexes").create(
        {"id": int, "at": str, "by": str, "ok": int, "summary": str}, pk="id", if_not_exists=True
    )
    db.table("settings").create({"key": str, "value": str}, pk="key", if_not_exists=True)
    for table, columns in _ADDED_COLUMNS.items():
        for name in columns.keys() - db.table(table).columns_dict.keys():
            try:
                db.table(table).add_column(name, columns[name])
            except sqlite3.OperationalError as error:  # another shard added it first
                if "duplicate column" not in str(error):
                    raise


# Columns added after the first release: created in older state files on first open.
_ADDED_COLUMNS: dict[str, dict[str, type]] = {
    "questions": {"status": str, "citation": str, "briefing": str, "follows": str},
    "reindexes": {"action": str, "file": str},
}
# Rows from before statuses were stored only have the `answered` flag.
_STATUS = "coalesce(status, CASE WHEN answered THEN 'answered' ELSE 'not_covered' END)"


def _when_unlocked(step: Callable[[], None], attempts: int = 100) -> None:
    """Run `step`, retrying while another process holds the file (shards start together).

    Changing the journal mode, and a schema change racing another connection's, fail at once
    with "database is locked" whatever the busy timeout, so they are retried here.
    """
    for attempt in range(attempts):
        try:
            step()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
