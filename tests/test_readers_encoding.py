"""Byte decoding and publication-date parsing."""
from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.model import Article, ReadError
from ingest.readers import read_path
from ingest.readers.encoding import DecodeError, decode_bytes, sniff_binary
from ingest.readers.published import parse_published

BODY = "Caf\u00e9 owners said \u201cquoted\u201d words \u2014 and left."


@pytest.mark.parametrize(
    "raw",
    [
        BODY.encode("utf-8"),
        b"\xef\xbb\xbf" + BODY.encode("utf-8"),
        b"\xff\xfe" + BODY.encode("utf-16-le"),
        b"\xfe\xff" + BODY.encode("utf-16-be"),
        BODY.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "cp1252"],
)
def test_decodes_common_archive_encodings(raw):
    text, _ = decode_bytes(raw)
    assert text.lstrip("\ufeff") == BODY


def test_cp1252_curly_quotes_and_latin1():
    assert decode_bytes(b"He said \x93quoted\x94.")[0] == "He said \u201cquoted\u201d."
    assert decode_bytes(b"caf\xe9")[0] == "caf\u00e9"
    # A latin-1 file with a byte cp1252 leaves undefined still decodes.
    assert decode_bytes(b"caf\xe9 \x81")[0] == "caf\u00e9 \x81"


def test_utf8_with_one_stray_latin1_byte_keeps_the_utf8():
    raw = "Price \u20ac5, caf\u00e9, \u201cok\u201d".encode() + b" and \xa3400"
    assert decode_bytes(raw)[0] == "Price \u20ac5, caf\u00e9, \u201cok\u201d and \u00a3400"


def test_bomless_utf16_is_detected():
    assert decode_bytes("Plain ASCII text in UTF-16.".encode("utf-16-le"))[0] == "Plain ASCII text in UTF-16."


def test_binary_is_refused_with_kind():
    with pytest.raises(DecodeError, match=r"binary file \(PNG image\)"):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert sniff_binary(b"%PDF-1.7 ...") == "PDF document"
    assert sniff_binary(b"\x00\x01\x02\x03" * 100)
    assert sniff_binary(b"Plain text with one \x00 NUL in it, that is still text. " * 3) is None


@pytest.mark.parametrize(
    "name,raw,expected",
    [
        ("bom.txt", b"\xef\xbb\xbfHeadline\n\nCaf\xc3\xa9 body.", "Caf\u00e9 body."),
        ("u16le.txt", "\ufeffHeadline\n\nCaf\u00e9 body.".encode("utf-16-le"), "Caf\u00e9 body."),
        ("u16be.txt", "\ufeffHeadline\n\nCaf\u00e9 body.".encode("utf-16-be"), "Caf\u00e9 body."),
        ("cp.txt", b"Headline\n\nHe said \x93quoted\x94.", "He said \u201cquoted\u201d."),
        ("lat.txt", b"Headline\n\nA caf\xe9 here.", "A caf\u00e9 here."),
        ("nul.txt", b"Headline\n\nBody with a \x00NUL.", "Body with a NUL."),
    ],
)
def test_encodings_through_read_path(tmp_path, name, raw, expected):
    p = tmp_path / name
    p.write_bytes(raw)
    (a,) = list(read_path(p))
    assert isinstance(a, Article), a
    assert a.title == "Headline"
    assert a.body == expected


def test_invalid_utf8_is_read_not_refused(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(b"Headline\n\nBroken \xff\xfe bytes \xc3( here.")
    (a,) = list(read_path(p))
    assert isinstance(a, Article)
    assert a.body.startswith("Broken ") and a.body.endswith(" here.")


def test_png_bytes_refused_by_read_path(tmp_path):
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (e,) = list(read_path(p))
    assert isinstance(e, ReadError) and e.reason == "binary file (PNG image)"


# --- publication dates ------------------------------------------------------------

@pytest.mark.parametrize(
    "text,iso",
    [
        ("2:32pm PDT, Jun 8, 2025", "2025-06-08T14:32:00-07:00"),
        ("June 8, 2025", "2025-06-08"),
        ("2025-06-08", "2025-06-08"),
        ("8 June 2025", "2025-06-08"),
        ("Jun. 8, 2025, 2:32 PM ET", "2025-06-08T14:32:00-04:00"),
        ("Thursday, June 5, 2025 at 2:32 p.m. EST", "2025-06-05T14:32:00-05:00"),
        ("Sun, 08 Jun 2025 14:32:00 GMT", "2025-06-08T14:32:00+00:00"),
        ("Sun, 08 Jun 2025 14:32:00 +0200", "2025-06-08T14:32:00+02:00"),
        ("2025-06-08T14:32:00Z", "2025-06-08T14:32:00+00:00"),
        ("2025-06-08T14:32:00.123+02:00", "2025-06-08T14:32:00+02:00"),
        ("2025-06-08 14:32", "2025-06-08T14:32:00"),
        ("Published: 8 June 2025 14:05 BST", "2025-06-08T14:05:00+01:00"),
        ("Posted on June 8, 2025 at 14:32 CEST", "2025-06-08T14:32:00+02:00"),
        ("June 8, 2025 | 2:32 PM PDT", "2025-06-08T14:32:00-07:00"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"),
        ("8th June 2025", "2025-06-08"),
    ],
)
def test_parse_published(text, iso):
    assert parse_published(text) == iso


@pytest.mark.parametrize(
    "text",
    ["", "News", "June 2025", "Jun 8", "2025", "3 hours ago", "Updated yesterday", "June 31, 2025",
     "1066-10-14", "2999-01-01", "Trump to visit on June 8, 2025", "x" * 500, "2:32 PM"],
)
def test_parse_published_rejects(text):
    assert parse_published(text) is None


def test_parse_published_other_types():
    assert parse_published(1749393120) == "2025-06-08T14:32:00+00:00"
    assert parse_published(1749393120000) == "2025-06-08T14:32:00+00:00"
    assert parse_published(None) is None
    assert parse_published(["2025-06-08"]) is None
    assert parse_published(True) is None
    assert parse_published(float("nan")) is None


@settings(max_examples=500, deadline=None)
@given(st.datetimes(min_value=datetime(1850, 1, 1), max_value=datetime(2200, 12, 31)),
       st.sampled_from(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S.%f",
                        "%Y-%m-%dT%H:%M:%SZ"]))
def test_an_iso_date_reads_as_the_datetime_it_names_written_back(dt, form):
    text = dt.strftime(form)
    parsed = datetime.fromisoformat(text)
    plausible = 1900 <= parsed.year <= datetime.now().year + 1
    written = parsed.replace(microsecond=0).isoformat() if len(text) > 10 else parsed.strftime("%Y-%m-%d")
    assert parse_published(text) == (written if plausible else None)
