"""Keys stored in the database: versioned, recomputed when their function changes, and
computed by migrations with frozen copies that agree with today's functions."""
from __future__ import annotations

import hashlib
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import db
from db import keys, schema
from db.frozen_keys import quote_key_v1, text_hash_v1
from db.keys import STORED_KEYS, rekey_stale, stale_keys, stored_versions
from db.store import Copy, Store
from ingest.extract.people import name_keys
from ingest.extract.variants import quote_key
from ingest.model import Article, Event, Extraction, Ingested, Person, Quote, text_hash

from .conftest import SEEDS

# written for these tests: contractions, marks, percentages, decimals, names, odd whitespace
_SENTENCES = [
    "We’re at 3.5% and we won't stop.", "We are at 3.5 percent and we will not stop",
    "“It's time,” she said — and they’d agree…", "I can't, you cannot, they gonna, we wanna, 2 pct.",
    "Let's go. There's more; it’s here. Ain't so?", "  ", "", "...", "Ça coûte 1.000,5 €!",
    "The port\u00a0reopened\ton\n\nMonday.", "A\u2028line\u3000sep and \x1c group", "«Nein», sagte er.",
    "Shan't we? Who's there? He'd've gone.", "Numbers 1.5.2 and v.2 and 3.14159.",
]
_NAMES = ["Ada Quill", "Quill", "Dr. Ada M. Quillington-Ray", "Jo", "Pete Hegseth", "Heggsth", "O'Neill",
          "María José García", "", "van der Berg"]


def _seed_lines() -> list[str]:
    if not SEEDS.is_dir():
        return []
    return [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("text", _SENTENCES + _seed_lines())
def test_the_frozen_quote_key_equals_todays(text):
    assert quote_key_v1(text) == quote_key(text)


@pytest.mark.parametrize("title, body", [(None, ""), ("", "  "), (" T ", "a  b\n\nc "), *((s, s) for s in _SENTENCES),
                                         ("Seeds", "\n".join(_seed_lines()))])
def test_the_frozen_text_hash_equals_todays(title, body):
    assert text_hash_v1(title, body) == text_hash(title, body)


def test_the_frozen_text_hash_collapses_every_kind_of_whitespace_as_todays():
    spaces = "".join(chr(i) for i in range(0x3001) if chr(i).isspace())
    body = "x".join(spaces) + "end"
    assert text_hash_v1("t", body) == text_hash("t", body)


# text that exercises the keys' fast paths: every character str.split() splits at (ASCII and
# not), blank lines, runs of spaces, contractions and marks, and some words
_SPACES = [chr(i) for i in range(0x3001) if chr(i).isspace()]
_PIECES = st.sampled_from(_SPACES + ["\n\n", "  ", " ", "\n\n\n", "a", "Word", "x.", "3.5", "é", "’", "'", "%", "`",
                                     "it's", "won't", "can't", "n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "let's",
                                     "ain't", "shan't", "cannot", "gonna", "pct", "%pct", "K", "\u212a", "ſ", "İ",
                                     "—", "…", "\x1f", "\ud800"])
_TEXT = st.lists(_PIECES, max_size=60).map("".join)


@settings(max_examples=600, deadline=None)
@given(title=st.one_of(st.none(), _TEXT), body=_TEXT, chunk=st.sampled_from([1, 2, 3, 7, 64, 1 << 20]))
def test_the_text_hash_equals_its_plain_definition_on_any_text_and_chunk(title, body, chunk):
    assert text_hash(title, body, chunk=chunk) == text_hash_v1(title, body)


def test_a_huge_text_hashed_in_chunks_equals_its_plain_definition():
    # 3 MB across the 1 MB chunks, with runs of spaces across their boundaries, ASCII and not
    body = ("Para one.\n\nTwo\t words  here\x0b" + " " * 40 + "end.\u2003" * 3) * 40000
    assert len(body) > 3 * (1 << 20)
    assert text_hash("T", body) == text_hash_v1("T", body)
    assert text_hash("T", body.encode("ascii", "ignore").decode()) == text_hash_v1("T", body.encode("ascii", "ignore").decode())


@settings(max_examples=300, deadline=None)
@given(fields=st.lists(st.one_of(st.none(), _TEXT), min_size=5, max_size=5), body=_TEXT)
def test_the_content_hash_is_every_field_then_a_0x1f_byte(fields, body):
    h = hashlib.sha1()
    for part in (*fields, body):
        h.update((part or "").encode("utf-8", "surrogatepass") + b"\x1f")
    title, byline, published, outlet, url = fields
    article = Article(source="s", body=body, title=title, byline=byline, published=published, outlet=outlet, url=url)
    assert article.content_hash() == h.hexdigest()


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_the_quote_key_equals_its_frozen_definition_on_any_text(text):
    if "\ud800" in text:               # a lone surrogate: neither can encode it
        return
    assert quote_key(text) == quote_key_v1(text)


def _digest(values) -> str:
    return hashlib.sha256(repr(list(values)).encode("utf-8")).hexdigest()[:16]


# what each version of each key function computes on the inputs above: a changed function
# fails here until its version goes up in db/keys.py (and the stored keys are then recomputed)
_PINNED = {
    ("quote_key", 1): "f50afe546edba5b6",
    ("name_keys", 1): "31d04184b7930eec",
    ("name_keys", 2): "4b4f7a1d73355910",
    ("text_hash", 1): "391435cc2dd8be1b",
    ("content_hash", 1): "38eb26185e422bb3",
}
_LIVE = {
    "quote_key": lambda: _digest(quote_key(s) for s in _SENTENCES),
    "name_keys": lambda: _digest(sorted(name_keys(n)) for n in _NAMES),
    "text_hash": lambda: _digest(text_hash(s, s[::-1]) for s in _SENTENCES),
    "content_hash": lambda: _digest(Article(source=s, body=s[::-1], title=s[:5] or None, byline=s[5:], published="2024",
                                            outlet=s[:1], url=s[-3:]).content_hash() for s in _SENTENCES),
}


@pytest.mark.parametrize("name", sorted(STORED_KEYS))
def test_a_key_function_that_changes_changes_its_version(name):
    version = STORED_KEYS[name].version
    assert _PINNED.get((name, version)) == _LIVE[name](), (
        f"{name} computes other keys than version {version} did: raise its version in db/keys.py"
        " (opening a database then recomputes the stored keys) and pin the new digest here")


def _item(source: str, title: str | None = None) -> Ingested:
    body = 'Minister Ada Quill said on Monday the port would reopen. "We’re rebuilding the harbour now," Quill said.'
    q = body.index("We’re")
    return Ingested(Article(source=source, body=body, title=title or source, published="2024-03-06"), Extraction(
        people=[Person("Ada Quill", "Minister", ["Quill"], [(9, 18)])],
        quotes=[Quote(q, q + 34, body[q:q + 34], speaker="Ada Quill", confidence=0.9)],
        events=[Event(0, 57, body[:57], "2024-03-04", "day")]))


def _rows(c, sql: str) -> list[tuple]:
    return sorted(tuple(r) for r in c.execute(sql))


def test_a_new_database_records_each_key_function_at_its_version(conn):
    assert stored_versions(conn) == {k.name: k.version for k in STORED_KEYS.values()}
    assert stale_keys(conn) == []


def test_keys_written_by_another_version_are_recomputed_when_the_database_opens(db_path):
    c = db.connect(db_path)
    copy = Copy(_item("b-copy", "b").article)           # the ingest run decides it is a copy
    assert [r.outcome for r in Store(c).write_batch([_item("a"), _item("b"), copy])] == ["new", "new", "duplicate"]
    good = {t: _rows(c, q) for t, q in [
        ("quotes", "SELECT id, wording_key FROM quotes"), ("events", "SELECT id, wording_key FROM events"),
        ("people", "SELECT key, person_id FROM person_keys"), ("articles", "SELECT id, text_hash FROM articles"),
        ("contents", "SELECT id, content_hash FROM articles")]}
    assert all(good.values()) and all(k for _, k in good["quotes"] + good["events"] + good["articles"])
    # as if an older version of every key function had written them
    c.executescript("UPDATE quotes SET wording_key = 'old'; UPDATE events SET wording_key = 'old';"
                    " UPDATE articles SET text_hash = 'old', content_hash = 'old'; DELETE FROM person_keys;"
                    " UPDATE key_versions SET version = 0;")
    c.close()
    c = db.connect(db_path)
    assert _rows(c, "SELECT id, wording_key FROM quotes") == good["quotes"]
    assert _rows(c, "SELECT id, wording_key FROM events") == good["events"]
    assert _rows(c, "SELECT id, text_hash FROM articles") == good["articles"]
    assert _rows(c, "SELECT id, content_hash FROM articles") == good["contents"]
    # every name and alias keyed: the ones the writer keyed are among them
    assert set(good["people"]) <= set(_rows(c, "SELECT key, person_id FROM person_keys"))
    assert stale_keys(c) == [] and rekey_stale(c) == []
    # and the joins match again: a third report of the words is the same statement, the
    # stored articles are unchanged, a copy is found again
    copy = _item("b-copy", "b").article
    assert Store(c).has_text(copy.text_hash())
    results = Store(c).write_batch([_item("c"), _item("a"), Copy(copy)])
    assert [r.outcome for r in results] == ["new", "unchanged", "duplicate"]
    assert c.execute("SELECT count(DISTINCT statement_id) FROM quotes").fetchone()[0] == 1


def test_only_the_stale_keys_are_recomputed(conn, monkeypatch):
    Store(conn).write_batch([_item("a")])
    conn.execute("UPDATE key_versions SET version = 0 WHERE name = 'text_hash'")
    conn.execute("UPDATE quotes SET wording_key = 'kept'")
    assert rekey_stale(conn) == ["text_hash"]
    assert conn.execute("SELECT wording_key FROM quotes").fetchone()[0] == "kept"
    assert stored_versions(conn)["text_hash"] == STORED_KEYS["text_hash"].version


def test_the_migrations_compute_keys_with_their_frozen_copies(tmp_path, monkeypatch):
    """v4 and v8 backfill with version 1 of the key functions whatever today's code does."""
    import ingest.extract.variants as variants
    import ingest.model as model

    monkeypatch.setattr(variants, "quote_key", lambda text: "changed")
    monkeypatch.setattr(model, "text_hash", lambda title, body: "changed")
    path = tmp_path / "old.db"
    c = sqlite3.connect(path, isolation_level=None)
    schema.migrate(c, to=3)                 # as a briefing from before quotes.wording_key left it
    c.execute("INSERT INTO articles (id, source, title, body, content_hash, ingested_at)"
              " VALUES (1, 's1', 'T', 'Some  words.', 'h', 'now')")
    c.execute("INSERT INTO quotes (article_id, text, start, \"end\") VALUES (1, 'We’re here', 0, 10)")
    c.execute("INSERT INTO events (article_id, text, start, \"end\", date, precision, span_start, span_end)"
              " VALUES (1, 'It opened in May 2024.', 0, 20, '2024-05', 'month', '2024-05-01', '2024-05-31')")
    c.close()
    monkeypatch.setattr(keys, "STORED_KEYS", {})         # no rekey after: the migrations' own keys
    c = db.connect(path, create=False)
    assert c.execute("SELECT wording_key FROM quotes").fetchone()[0] == quote_key_v1("We’re here")
    assert c.execute("SELECT wording_key FROM events").fetchone()[0] == quote_key_v1("It opened in May 2024.")
    assert c.execute("SELECT text_hash FROM articles").fetchone()[0] == text_hash_v1("T", "Some words.")
    assert stored_versions(c) == {"quote_key": 1, "name_keys": 1, "text_hash": 1, "content_hash": 1}
