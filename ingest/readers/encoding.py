"""Turn the bytes of a real-world archive into text, or say why they are not text.

Archives mix UTF-8 (with and without a BOM), UTF-16 with a BOM, Windows
cp1252 (curly quotes as 0x93/0x94) and latin-1, and now and then a stray
latin-1 byte inside otherwise valid UTF-8. The order of tests below is
cheapest-first: a BOM, strict UTF-8 (nearly every modern file), then a
single-byte Western decode, and only for dense non-ASCII text that is not
UTF-8 (Cyrillic, Greek, CJK legacy encodings) charset-normalizer.
"""
from __future__ import annotations

import codecs
import re

__all__ = ["DecodeError", "decode_bytes", "sniff_binary", "BOMS"]


class DecodeError(ValueError):
    """The bytes are not text; ``str(err)`` is a one-line reason."""


BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of files people drop into article folders by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\x7fELF", "executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"\xcf\xfa\xed\xfe", "executable"),
    (b"\xca\xfe\xba\xbe", "executable or Java class"),
    (b"\x00asm", "WebAssembly module"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)

# Bytes that never appear in text (TAB, LF, FF, CR and ESC excepted: ESC shows up in
# captured terminal output, which is text the sanitiser cleans).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_SAMPLE = 65536

# A well-formed UTF-8 multi-byte sequence; used to tell "UTF-8 with a stray byte"
# from "a single-byte encoding".
_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_ASCII_LETTER = re.compile(rb"[A-Za-z]")


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as cp1252 (latin-1 where cp1252 has a hole)."""
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start : err.end]
    return "".join(_CP1252_CHAR[b] for b in bad), err.end


def _byte_char(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)  # the five holes of cp1252: latin-1 (a C1 control, sanitised later)


_CP1252_CHAR = [_byte_char(b) for b in range(256)]
_HIGH_BYTES = bytes(range(128, 256))


def _cp1252_ok(b: bytes) -> bool:
    try:
        b.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


codecs.register_error("briefing-cp1252", _cp1252_fallback)


def sniff_binary(data: bytes) -> str | None:
    """Name the kind of binary file ``data`` starts with, or None when it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:12].startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[data[8:12]]
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    for bom, _ in BOMS:
        if data.startswith(bom):
            return None
    sample = data[:_SAMPLE]
    if not sample:
        return None
    nuls = sample.count(0)
    if nuls and _looks_utf16(sample):
        return None
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls * 10 > len(sample):      # >10 % bytes that text never has
        return "NUL bytes" if nuls else "control bytes"
    return None


def _looks_utf16(sample: bytes) -> str | None:
    """'utf-16-le'/'-be' when the sample is BOM-less UTF-16 of mostly ASCII text."""
    n = len(sample) // 2 * 2
    if n < 4:
        return None
    even_nul = sample[0:n:2].count(0)
    odd_nul = sample[1:n:2].count(0)
    half = n // 2
    if odd_nul > 0.6 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.6 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to ``(text, encoding_name)``; raise :class:`DecodeError` for binary.

    The text still needs :func:`ingest.sanitize.sanitize` (NULs and controls are
    left for it so a file with a few NULs in it still reads).
    """
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                # A BOM and then garbage: keep what is readable.
                return data.decode(enc, errors="replace"), enc
    kind = sniff_binary(data)
    if kind:
        raise DecodeError(f"binary file ({kind})")
    if 0 in data[:_SAMPLE]:
        # NUL is valid UTF-8, so BOM-less UTF-16 must be caught before the UTF-8 try.
        utf16 = _looks_utf16(data[:_SAMPLE])
        if utf16:
            return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    head = data[: 1 << 20]
    n_high = len(head) - len(head.translate(None, _HIGH_BYTES))
    in_seqs = sum(len(m) for m in _UTF8_SEQ.findall(head))
    if in_seqs > n_high - in_seqs:
        # Mostly UTF-8 with a few stray single-byte characters (the classic 0xA3 "£").
        return data.decode("utf-8", errors="briefing-cp1252"), "utf-8"
    sample = data[:_SAMPLE]
    letters = len(_ASCII_LETTER.findall(sample))
    high_sample = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    if high_sample >= 32 and high_sample * 10 > (letters + high_sample) * 3:
        # Dense non-ASCII: a non-Western legacy encoding is likelier than cp1252.
        guess = _charset_normalizer_guess(data)
        if guess:
            return guess
    if _cp1252_ok(data):
        return data.decode("cp1252"), "cp1252"
    return data.decode("latin-1"), "latin-1"


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        best = from_bytes(data[: 1 << 20]).best()
    except Exception:  # noqa: BLE001 - a detector failing must not fail the read
        return None
    if best is None or not best.encoding:
        return None
    try:
        return data.decode(best.encoding, errors="replace"), best.encoding
    except LookupError:
        return None
