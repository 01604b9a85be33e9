"""SQLite storage for the local DDA: channel aggregates and message history.

WAL journal with ``synchronous=NORMAL``: a write returns once it is in the WAL file, so an
acknowledged write survives the bridge process being killed (``kill -9``); surviving a power
cut as well takes ``durable_fsync=True`` (``synchronous=FULL``), at a large cost in write rate.
The store knows nothing about merging or gRPC; it keeps rows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS channels (
    name TEXT PRIMARY KEY,
    aggregate TEXT NOT NULL,
    updated_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    payload TEXT NOT NULL,
    ts_ms INTEGER NOT NULL,
    author TEXT,
    save_log INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS messages_by_channel ON messages (channel, id);
"""


@dataclass(frozen=True)
class MessageRecord:
    """One stored message. ``payload`` is the message's value as JSON text."""

    id: int
    channel: str
    payload: str
    ts_ms: int
    author: str | None = None
    save_log: bool = True


@dataclass(frozen=True)
class AggregateRecord:
    channel: str
    aggregate: str  # JSON text
    updated_ms: int


class SqliteStore:
    def __init__(self, path: str | Path, durable_fsync: bool = False):
        self.path = str(path)
        self.durable_fsync = durable_fsync
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={'FULL' if durable_fsync else 'NORMAL'}")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    # -- reads --------------------------------------------------------------------------

    def aggregates(self) -> list[AggregateRecord]:
        rows = self._db.execute("SELECT name, aggregate, updated_ms FROM channels ORDER BY name")
        return [AggregateRecord(*row) for row in rows]

    def channel_names(self) -> list[str]:
        rows = self._db.execute("SELECT name FROM channels UNION SELECT DISTINCT channel FROM messages ORDER BY 1")
        return [name for (name,) in rows]

    def last_message_id(self) -> int:
        (last,) = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM messages").fetchone()
        return last

    def message(self, channel: str, message_id: int) -> MessageRecord | None:
        row = self._db.execute(
            "SELECT id, channel, payload, ts_ms, author, save_log FROM messages WHERE channel = ? AND id = ?",
            (channel, message_id),
        ).fetchone()
        return _message(row) if row else None

    def messages(
        self, channel: str, after: int | None = None, before: int | None = None, limit: int = 100
    ) -> list[MessageRecord]:
        """Messages in id order. With only ``before`` (or nothing), the newest ``limit``."""
        clauses: list[str] = ["channel = ?"]
        params: list[str | int] = [channel]
        if after is not None:
            clauses.append("id > ?")
            params.append(after)
        if before is not None:
            clauses.append("id < ?")
            params.append(before)
        newest_first = after is None
        order = "DESC" if newest_first else "ASC"
        rows = self._db.execute(
            f"SELECT id, channel, payload, ts_ms, author, save_log FROM messages "
            f"WHERE {' AND '.join(clauses)} ORDER BY id {order} LIMIT ?",
            (*params, limit),
        ).fetchall()
        records = [_message(row) for row in rows]
        return records[::-1] if newest_first else records

    def message_count(self, channel: str) -> int:
        (count,) = self._db.execute("SELECT COUNT(*) FROM messages WHERE channel = ?", (channel,)).fetchone()
        return count

    # -- writes (each one transaction) --------------------------------------------------

    def save(
        self,
        aggregate: AggregateRecord | None = None,
        message: MessageRecord | None = None,
        replace_message: bool = False,
    ) -> None:
        """Store an aggregate and/or a message atomically."""
        with self._transaction():
            if aggregate is not None:
                self._db.execute(
                    "INSERT INTO channels (name, aggregate, updated_ms) VALUES (?, ?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET aggregate = excluded.aggregate, updated_ms = excluded.updated_ms",
                    (aggregate.channel, aggregate.aggregate, aggregate.updated_ms),
                )
            if message is not None:
                verb = "REPLACE" if replace_message else "INSERT"
                self._db.execute(
                    f"{verb} INTO messages (id, channel, payload, ts_ms, author, save_log) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        message.id,
                        message.channel,
                        message.payload,
                        message.ts_ms,
                        message.author,
                        int(message.save_log),
                    ),
                )

    def prune(self, channel: str, keep: int) -> int:
        """Delete all but the newest ``keep`` messages of a channel; return how many went."""
        with self._transaction():
            cursor = self._db.execute(
                "DELETE FROM messages WHERE channel = ? AND id < ("
                " SELECT id FROM messages WHERE channel = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (channel, channel, keep - 1),
            )
        return cursor.rowcount

    def _transaction(self):
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def _message(row: tuple) -> MessageRecord:
    id_, channel, payload, ts_ms, author, save_log = row
    return MessageRecord(id_, channel, payload, ts_ms, author, bool(save_log))
