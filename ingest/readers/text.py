"""Plain-text and Markdown articles: title, byline, date and a clean body.

Text files saved from news sites carry a header (section label, headline,
"By NAME", a date line, separator rules) and site furniture ("Keep
reading…", "Related Articles", "124 Articles", "Share this article").
Files from research corpora are simpler: headline, blank line, paragraphs.
Both must come out as: ``title`` = the headline, ``body`` = the article's
paragraphs in order joined by one blank line, without the headline and the
furniture. Extractor offsets point into that body.

Everything here works line by line with regexes compiled once at import; the
same paragraph code cleans the bodies of JSON records and feed entries, which
run by the hundred thousand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

from ..sanitize import sanitize, sanitize_line
from .published import looks_like_date_line, parse_published

__all__ = [
    "Header",
    "parse_text",
    "parse_markdown",
    "clean_body",
    "split_paragraphs",
    "is_boilerplate",
    "parse_byline",
    "derive_title",
]

# ---------------------------------------------------------------------------
# Line classes
# ---------------------------------------------------------------------------

# Rules and ornaments: "_", "---", "***", "* * *", "=====", "• • •", "~~~".
_SEPARATOR = re.compile(r"^[\s_\-*=~#•·.+<>|/\\–—]*$")

# Site furniture, matched against a whole stripped line (short lines only).
# Generic shapes, not any one site's strings.
_BOILERPLATE = re.compile(
    r"""^(?:
      more\s*:.*                                                    # MORE: Follow X for more
    | (?:keep|continue|click\s+to|tap\s+to)\s+reading\b.*
    | read\s+(?:more|next|also|this\s+next|the\s+full\s+(?:story|article|report))\b.{0,100}
    | (?:related|recommended|trending|popular)(?:\s+(?:articles?|stories|content|coverage|news|
        posts|topics|reading|links|videos?|now|for\s+you))?\s*:?
    | (?:more|latest)\s+(?:from|on|in|stories|news|articles|videos?)\b.{0,60}
    | you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)\b.*
    | most\s+(?:read|popular|viewed|shared|watched)(?:\s+\w+)?\s*:?
    | (?:back|scroll|return)\s+to\s+(?:the\s+)?top(?:\s+(?:button|of\s+(?:the\s+)?page))?
    | to\s+(?:view|see|read|access|unlock)\b.{0,100}\b(?:upgrade|subscribe|subscription|premium|log\s*in|sign\s*in)\b.*
    | (?:upgrade|subscribe)\s+(?:now\s+)?to\s+(?:our\s+)?(?:premium|pro|plus|\w+\s+(?:premium|plus)).*
    | \d[\d,.]*\s*k?\s+(?:articles?|sources?|comments?|shares?|replies|views|reads)
    | coverage\s+details | bias\s+distribution | factuality(?:\s+details)? | ownership(?:\s+details)?
    | blindspot\s*:?.{0,60}
    | [\-•*\s]*\d+(?:\.\d+)?\s*%\s+of\s+(?:the\s+)?sources\s+(?:are|lean|is)\b.*
    | share(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page|video))?(?:\s+(?:on|via)\s+[\w ]{1,20})?\s*:?
    | (?:advertisement|advertising|sponsored(?:\s+content)?|ad|promoted|paid\s+content)\s*:?
    | (?:sign\s*up|subscribe|register)\b.{0,80}\b(?:newsletters?|updates|alerts|inbox|briefing|digest|free|today|now|here)\b.{0,40}
    | (?:get|receive)\s+(?:our|the)\b.{0,40}\bnewsletters?\b.{0,60}
    | (?:click|tap)\s+here\b.*
    | follow\s+(?:us|[\w.&'’-]+(?:\s+[\w.&'’-]+){0,4})\s+on\s+(?:twitter|x|facebook|instagram|linkedin|tiktok|youtube|msn|
        threads|bluesky|google(?:\s+news)?|whatsapp|telegram|flipboard|apple\s+news)\b.*
    | (?:©|\(c\)|copyright\s+(?:©\s*)?\d{4}).*
    | .{0,80}\ball\s+rights\s+reserved\.?
    | listen\s+to\s+(?:this\s+)?(?:article|story)\b.*
    | \d+\s*(?:-|–)?\s*min(?:ute)?s?\s+read
    | (?:print|email|e-mail|facebook|twitter|whatsapp|linkedin|reddit|pinterest|telegram|copy\s+link|
        copy\s+url|link\s+copied|comments?|loading\W*|skip\s+to\s+(?:main\s+)?content|toggle\s+navigation|
        menu|search|close|open\s+menu|log\s*in|sign\s*in|log\s*out|sign\s*out|home)\s*:?
    | reporting\s+by\b.{0,120}\b(?:editing|writing|additional\s+reporting)\s+by\b.*
    | (?:download|get)\s+the\s+[\w ]{1,30}\bapp\b.*
    | this\s+(?:article|story|post)\s+(?:was\s+|has\s+been\s+)?(?:originally\s+|first\s+)?(?:appeared|published|posted)\s.*
    | (?:we|this\s+site)\s+uses?\s+cookies\b.* | accept\s+(?:all\s+)?cookies
    | already\s+(?:a\s+)?(?:subscriber|member|registered)\?.*
    | (?:image|photo|video|picture)\s+(?:source|credit)s?\s*[:,]?.{0,60}
    | (?:image|photo|video|picture)\s+caption\s*:?
    | media\s+playback\s+is\s+(?:not\s+supported|unsupported)\b.*
    | (?:watch|listen)\s*:\s*$
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_BOILERPLATE_MAXLEN = 180

# After these lines a site lists other stories: drop the headline-shaped lines
# that follow, until a real paragraph turns up.
_TAIL_MARKER = re.compile(
    r"""^(?:
      (?:related|recommended|trending|popular)(?:\s+\w+){0,2}\s*:?
    | (?:more|latest)\s+(?:from|on|in|stories|news|articles)\b.{0,60}
    | you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)\b.*
    | most\s+(?:read|popular|viewed|shared|watched)(?:\s+\w+)?\s*:?
    | read\s+(?:more|next|also)\s*:?
    | \d[\d,.]*\s*k?\s+(?:articles?|sources?)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# One pass for both: tail markers first (named group), then the furniture.
_FURNITURE_OR_TAIL = re.compile(
    "(?P<tail>" + _TAIL_MARKER.pattern + ")|(?:" + _BOILERPLATE.pattern + ")",
    re.IGNORECASE | re.VERBOSE,
)

_TERMINAL = tuple(".!?\"”’')…:;")
_SENTENCE_END = tuple(".!?\"”’)…")

# "Home > World > Europe", "News | Politics", "World / Europe"
_CRUMB = r"[\w&'’.-]+(?: [\w&'’.-]+){0,2}"
_BREADCRUMB = re.compile(rf"^{_CRUMB}(?:\s*[>›»|]\s*{_CRUMB}){{1,5}}$")
_SECTION_WORD = re.compile(r"^[^\W\d_][\w&'’-]{0,24}$")

# Bylines --------------------------------------------------------------------
_BYLINE_PREFIX = re.compile(
    r"^(?:by|written\s+by|words\s+by|story\s+by|reporting\s+by|author|authors|byline)\s*[:\-]?\s+",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*|\s+y\s+|\s+und\s+|\s+et\s+")
_PARTICLES = frozenset(
    "de da das do dos du van von der den del della di la le bin ibn al el ter ten st. st y".split()
)
_OUTLET_WORDS = frozenset(
    """press news reuters agency times post journal staff writer writers correspondent reporter
    editor wire service services media network bureau desk team contributor special afp ap upi
    bloomberg cnn bbc abc cbs nbc npr dpa efe ansa xinhua tass""".split()
)
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’.-]*|[A-Z]\.)$")

# Sentence end for a derived title: "word. Word", "word.Word" (glued), end of text.
_FIRST_SENTENCE = re.compile(r"^(.{15,}?[.!?][\"”’]?)(?=\s+[\"“‘(\[]?[^\W\d_]|[^\W\d_]{2}|\s*$)", re.DOTALL)
_WS = re.compile(r"\s+")


def is_boilerplate(line: str) -> bool:
    """True for a stripped line of site furniture (never for real article prose)."""
    return bool(line) and _classify(line) in (_FURNITURE, _TAIL)


def _is_separator(line: str) -> bool:
    return not line[:1].isalnum() and _SEPARATOR.match(line) is not None and not any(
        ch.isalnum() for ch in line)


_PROSE, _SEP, _FURNITURE, _TAIL = 0, 1, 2, 3

# First words that can start a furniture line (keep in step with _BOILERPLATE and
# _TAIL_MARKER; tests check both). The furniture regex is costly on prose, so it
# only runs on lines that pass this cheap gate.
_TRIGGERS = frozenset(
    """more keep continue click tap read related recommended trending popular latest you most back
    scroll return to upgrade subscribe coverage bias factuality ownership blindspot share shares
    advertisement advertising sponsored ad promoted paid sign signup sign-up register get receive
    follow copyright listen print email e-mail facebook twitter whatsapp linkedin reddit pinterest
    telegram copy link comment comments loading skip toggle menu search close open log login
    log-in logout signin sign-in signout home reporting download this we accept already image
    photo video picture media watch""".split()
)
_GATE_CHARS = frozenset("0123456789©(-–•*")
_WORD_PUNCT = ":.,!?…|>»"


def _classify(line: str) -> int:
    """_SEP, _TAIL (a "related stories" marker), _FURNITURE or _PROSE for a stripped line."""
    return _PROSE if len(line) > _BOILERPLATE_MAXLEN else _classify_short(line)


def _classify_short(line: str) -> int:
    """:func:`_classify` for a line of at most ``_BOILERPLATE_MAXLEN`` characters."""
    if not line[:1].isalnum() and _is_separator(line):
        return _SEP
    # the cheap gate: a furniture line starts with a gate character or a trigger word, or
    # ends with "all rights reserved"
    if (line[0] not in _GATE_CHARS and line.split(None, 1)[0].rstrip(_WORD_PUNCT).lower() not in _TRIGGERS
            and not ("reserved" in line and "rights reserved" in line.lower())):
        return _PROSE
    m = _FURNITURE_OR_TAIL.match(line)
    if m is None:
        return _PROSE
    return _TAIL if m.lastgroup == "tail" else _FURNITURE


def _headline_shaped(line: str) -> bool:
    """A short line that does not end like a sentence: a headline or a teaser."""
    return len(line) <= 160 and (not line.endswith(_SENTENCE_END) or line.endswith(("...", "…")))


# ---------------------------------------------------------------------------
# Paragraphs
# ---------------------------------------------------------------------------

@dataclass(slots=True)
class _Para:
    text: str
    blank_after: bool     # a blank line (or the end) follows: the "headline, blank line" layout
    heading: bool = False  # a Markdown heading


def _is_wrapped(lines: list[str]) -> tuple[bool, int]:
    """Does this text hard-wrap its paragraphs (fixed width, lines end mid-sentence)?

    Returns (wrapped, width). Looks only at lines followed by another non-blank
    line; the evidence must be strong, because joining lines that were meant as
    paragraphs would glue a byline or a headline into the prose.
    """
    inner = [a for a, b in zip(lines, lines[1:]) if a and b]
    if len(inner) < 3:
        return False, 0
    open_ends = sum(1 for a in inner if not a.endswith(_TERMINAL))
    if open_ends * 2 < len(inner):
        return False, 0
    lens = sorted(map(len, inner))
    width = lens[min(len(lens) - 1, int(len(lens) * 0.95))]
    if width > 110 or width < 30:
        return False, 0
    floor = 0.6 * width
    near = sum(1 for n in lens if n >= floor)
    return near * 10 >= len(lens) * 7, width


def _split(text: str, flags: bool = True) -> tuple[list[str], list[bool]]:
    """(paragraphs, blank_after flags); see :func:`split_paragraphs`. ``flags=False``: the
    caller reads only the paragraphs (the flags may be left out)."""
    if "\n" not in text:
        t = text.strip()
        return ([t], [True]) if t else ([], [])
    raw = text.split("\n")
    lines = list(map(str.strip, raw))
    wrapped, width = _is_wrapped(lines)
    if not wrapped:
        # each line a paragraph; for each, is the line after it blank (or is there none)
        blank = [not after for line, after in zip(lines, lines[1:] + [""]) if line] if flags else []
        return list(filter(None, lines)), blank
    paras: list[str] = []
    blank = []

    # Indentation marks a new paragraph only when most lines are not indented.
    indented = [r[:1] in (" ", "\t") for r in raw]
    n_nonblank = sum(1 for ln in lines if ln)
    use_indent = 0 < sum(indented) * 2 < n_nonblank
    buf: list[str] = []

    def flush(blank_after: bool) -> None:
        if buf:
            paras.append(" ".join(buf))
            blank.append(blank_after)
            buf.clear()

    prev = ""
    floor = 0.6 * width
    for i, line in enumerate(lines):
        if not line:
            flush(True)
            prev = ""
            continue
        if buf and ((use_indent and indented[i]) or (width and len(prev) < floor and prev.endswith(_SENTENCE_END))):
            flush(False)
        buf.append(line)
        prev = line
    flush(True)
    return paras, blank


def split_paragraphs(text: str) -> list[_Para]:
    """Split sanitised plain text into paragraphs.

    Blank lines always separate paragraphs. Inside a block each line is its own
    paragraph (scraped news puts one paragraph on each line) unless the file is
    hard-wrapped, where lines of a paragraph are joined with spaces.
    """
    paras, blank = _split(text)
    return [_Para(t, b) for t, b in zip(paras, blank)]


def clean_body(text: str) -> str:
    """Body text of a JSON record or feed entry: paragraphs, furniture removed, "\\n\\n"-joined."""
    text = sanitize(text) or ""
    paras = _split(text, flags=False)[0]
    out: list[str] = []
    tail = False
    for line in paras:
        if len(line) <= _BOILERPLATE_MAXLEN:
            kind = _classify_short(line)
            if kind == _SEP or kind == _FURNITURE:
                continue
            if kind == _TAIL:
                tail = True
                continue
            if tail and _headline_shaped(line):
                continue
        tail = False
        out.append(line)
    return "\n\n".join(out)


# ---------------------------------------------------------------------------
# Bylines and titles
# ---------------------------------------------------------------------------

def _looks_like_name(seg: str) -> bool:
    toks = seg.split()
    if not 2 <= len(toks) <= 5:
        return False
    if toks[0].lower() in _PARTICLES:
        return False
    for t in toks:
        if t.lower() in _PARTICLES:
            continue
        if not _NAME_TOKEN.match(t) or not t[0].isupper():
            return False
    return not any(t.lower().strip(".") in _OUTLET_WORDS for t in toks)


def _looks_like_outlet(seg: str) -> bool:
    toks = seg.split()
    if not 1 <= len(toks) <= 6 or not seg[:1].isupper():
        return False
    if len(toks) == 1:
        return seg[0].isalpha()
    return seg.lower().startswith("the ") or any(t.lower().strip(".,") in _OUTLET_WORDS for t in toks)


def parse_byline(line: str) -> tuple[str, str | None] | None:
    """("A and B", outlet) for a byline like "By A and B, Reuters"; None if not a byline."""
    m = _BYLINE_PREFIX.match(line)
    if not m or len(line) > 150:
        return None
    rest = line[m.end():].strip().rstrip(".")
    segs = [s.strip() for s in _NAME_SPLIT.split(rest) if s and s.strip()]
    names: list[str] = []
    outlet: str | None = None
    for i, seg in enumerate(segs):
        if _looks_like_name(seg):
            names.append(seg)
        elif names and outlet is None and _looks_like_outlet(seg):
            outlet = seg
        else:
            return None
    if not names:
        return None
    by = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return by, outlet


def _split_date_tail(line: str) -> tuple[str, str | None]:
    """Split "By X, June 8, 2025" / "By X | 2:32pm" into the byline and a date."""
    if not looks_like_date_line(line[-90:]):
        return line, None
    for m in reversed(list(re.finditer(r",\s*|\s+[|•·]\s+|\s+[-–—]\s+|\s+on\s+", line))):
        tail = line[m.end():]
        iso = parse_published(tail)
        if iso:
            # Keep extending left while the bigger tail still parses ("2:32pm, Jun 8, 2025").
            return line[: m.start()].strip(), iso
    return line, None


def derive_title(paragraph: str) -> str:
    """A title for an article without a headline: its first sentence, at most ~200 chars."""
    head = paragraph[:400]
    m = _FIRST_SENTENCE.match(head)
    title = m.group(1) if m else head
    if len(title) > 200:
        cut = title.rfind(" ", 0, 200)
        title = title[: cut if cut > 100 else 200].rstrip(" ,;:") + "…"
    return title.strip()


@dataclass(slots=True)
class Header:
    """What the header lines of a text article said."""
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None


_LABEL_UPDATED = re.compile(r"^\s*(?:last\s+)?(?:updated|modified)\b", re.IGNORECASE)
_HEADER_LINES = 12     # metadata is looked for among the first lines only


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip().casefold()


def _build(paras: list[_Para], meta: Header) -> tuple[Header, list[str]]:
    """Pick title/byline/date from the header and filter the body."""
    body: list[str] = []
    title_taken: str | None = None
    title = meta.title
    in_header = True
    seen = 0
    tail = False
    published_is_update = False
    for idx, p in enumerate(paras):
        line = p.text
        short = len(line) <= _BOILERPLATE_MAXLEN
        kind = _classify(line) if short else _PROSE
        if kind == _SEP:
            continue
        if in_header:
            seen += 1
            if seen > _HEADER_LINES:
                in_header = False
        if in_header and short:
            # Byline, possibly with a date after it.
            head, iso = _split_date_tail(line) if _BYLINE_PREFIX.match(line) else (line, None)
            by = parse_byline(head)
            if by is not None:
                if meta.byline is None:
                    meta.byline, outlet = by
                    meta.outlet = meta.outlet or outlet
                if iso and (meta.published is None or published_is_update):
                    meta.published, published_is_update = iso, False
                continue
            # Date line.
            if looks_like_date_line(line):
                iso = parse_published(line)
                if iso is not None:
                    upd = _LABEL_UPDATED.match(line) is not None
                    if meta.published is None or (published_is_update and not upd):
                        meta.published, published_is_update = iso, upd
                    continue
        if kind == _TAIL:
            tail = True
            continue
        if kind == _FURNITURE:
            continue
        if tail and short and _headline_shaped(line):
            continue
        tail = False
        if title is None and title_taken is None:
            # Section labels and breadcrumbs above the headline.
            if not p.heading and len(line) <= 40 and not line.endswith(_SENTENCE_END):
                if (_BREADCRUMB.match(line) and " " in line) or (
                    _SECTION_WORD.match(line) and _next_is_headline(paras, idx)
                ):
                    continue
            if _is_headline(p):
                title_taken = line
                continue
            title = derive_title(line)
        if title_taken is not None or meta.title is not None:
            t = title_taken or meta.title
            if t is not None and len(line) <= len(t) + 8 and _norm(line) == _norm(t):
                continue  # the headline repeated in the page
        body.append(line)
        if len(line) > 200:
            in_header = False
    if title is None:
        title = title_taken
    if not body and title_taken is not None:
        body = [title_taken]    # a one-line note: its only line is both title and text
    meta.title = sanitize_line(title) if title else None
    return meta, body


def _next_is_headline(paras: list[_Para], idx: int) -> bool:
    """Is the next real line headline-shaped? Then a lone word above it is a section label
    ("News", "Politics"); above a paragraph, it is a one-word headline."""
    for q in paras[idx + 1 : idx + 6]:
        t = q.text
        if _classify(t) != _PROSE or parse_byline(t) is not None:
            continue
        if looks_like_date_line(t) and parse_published(t) is not None:
            continue
        return q.heading or (len(t) <= 200 and not t.endswith(_SENTENCE_END))
    return False


def _is_headline(p: _Para) -> bool:
    """Headline or paragraph? Headlines are short and, when they end like a
    sentence, stand alone ("headline, blank line, paragraphs")."""
    line = p.text
    if p.heading:
        return True
    if len(line) > 250:
        return False
    if not line.endswith(_SENTENCE_END):
        return True
    return p.blank_after and len(line) <= 200 and line.count(". ") <= 1


def parse_text(text: str, meta: Header | None = None) -> tuple[Header, str]:
    """(header, body) of a plain-text article. ``text`` is sanitised here."""
    text = sanitize(text) or ""
    paras = split_paragraphs(text)
    header, body = _build(paras, meta or Header())
    return header, "\n\n".join(body)


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

# Markdown is parsed by markdown-it (CommonMark, plus tables and strikethrough), whose time
# is linear in its input, and its token stream is written out as plain text.
_MARKDOWN: MarkdownIt | None = None


def _markdown_parser() -> MarkdownIt:
    global _MARKDOWN
    if _MARKDOWN is None:
        from markdown_it import MarkdownIt

        _MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return _MARKDOWN


def _split_front_matter(text: str) -> tuple[str | None, str]:
    """(YAML front matter block or None, the rest): a first line "---", up to "---" or "..."."""
    first, nl, rest = text.partition("\n")
    if not nl or first.rstrip(" \t") != "---":
        return None, text
    pos = 0
    while pos <= len(rest):
        end = rest.find("\n", pos)
        end = len(rest) if end < 0 else end
        if rest[pos:end].rstrip(" \t") in ("---", "..."):
            return rest[: max(0, pos - 1)], rest[end + 1 :]
        pos = end + 1
    return None, text


def _inline_text(token: Token) -> str:
    """The words of an inline token: emphasis and link syntax gone, link text kept, images,
    URLs and inline HTML dropped, line breaks as spaces."""
    out: list[str] = []
    for c in token.children or ():
        t = c.type
        if t == "text" or t == "code_inline":
            out.append(c.content)
        elif t in ("softbreak", "hardbreak"):
            out.append(" ")
        elif t == "html_inline" and c.content[:3].lower() == "<br":
            out.append(" ")
    return " ".join("".join(out).split())


def _markdown_paras(src: str) -> list[_Para]:
    """Paragraphs of a Markdown document: headings flagged, list items with their marker,
    table rows with cells joined by " | ", a code block's lines, an HTML block's text."""
    from .html import html_to_text

    lines = src.split("\n")

    def blank_after(token: Token) -> bool:
        end = token.map[1] if token.map else len(lines)
        return end >= len(lines) or not lines[end].strip()

    paras: list[_Para] = []
    pending = ""                     # a list item's marker, until its first paragraph
    heading = False
    block: Token | None = None       # the paragraph or heading being read
    row: list[str] | None = None     # the cells of the table row being read
    row_open: Token | None = None
    for tok in _markdown_parser().parse(src):
        t = tok.type
        if t == "list_item_open":
            pending = tok.info + tok.markup + " "       # "- ", "* ", "1. ", "2) "
        elif t == "list_item_close":
            pending = ""
        elif t in ("paragraph_open", "heading_open"):
            block, heading = tok, t == "heading_open"
        elif t == "inline" and row is not None:
            row.append(_inline_text(tok))
        elif t == "inline" and block is not None:
            text = _inline_text(tok)
            if text:
                paras.append(_Para(pending + text, heading or blank_after(block), heading))
                pending = ""
            block = None
        elif t == "tr_open":
            row, row_open = [], tok
        elif t == "tr_close" and row is not None and row_open is not None:
            text = " | ".join(row)
            if text.strip(" |"):
                paras.append(_Para(text, blank_after(row_open)))
            row = None
        elif t in ("fence", "code_block", "html_block"):
            # preformatted text keeps its lines; an HTML block gives its paragraphs
            chunks = html_to_text(tok.content).split("\n\n") if t == "html_block" else tok.content.split("\n")
            for chunk in chunks:
                text = " ".join(chunk.split())
                if text:
                    paras.append(_Para(pending + text, True))
                    pending = ""
    return paras


# front matter is a few lines of metadata; past this size a block is not read (YAML in pure
# Python costs ~10 µs a line, and nothing in a header needs more)
FRONT_MATTER_MAX_CHARS = 64 * 1024


def _plain(value: object) -> list[str]:
    """A front-matter value as strings: a scalar, or a list of scalars; anything nested gives
    nothing (a header field is never a mapping, and an alias-built structure is never walked)."""
    items = value if isinstance(value, list) else [value]
    out = []
    for v in items:
        if isinstance(v, (date, datetime)):
            out.append(v.isoformat())
        elif isinstance(v, (str, int, float)) and not isinstance(v, bool):
            out.append(str(v).strip())
    return [v for v in out if v]


def _front_matter(block: str) -> Header:
    """title/author/date/url/outlet from YAML front matter (PyYAML's safe loader); a block that
    is not a YAML mapping gives no metadata, and the article is read all the same."""
    import yaml

    meta = Header()
    if len(block) > FRONT_MATTER_MAX_CHARS:
        return meta
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return meta
    if not isinstance(data, dict):
        return meta
    vals = {str(k).lower(): _plain(v) for k, v in data.items()}

    def first(*keys: str) -> list[str]:
        for k in keys:
            if vals.get(k):
                return vals[k]
        return []

    t = first("title", "headline")
    meta.title = " ".join(t) if t else None
    a = [x for x in first("author", "authors", "byline", "by") if x]
    if a:
        meta.byline = a[0] if len(a) == 1 else ", ".join(a[:-1]) + " and " + a[-1]
        meta.byline = _BYLINE_PREFIX.sub("", meta.byline)
    d = first("date", "published", "published_at", "pubdate", "publish_date", "created")
    meta.published = parse_published(d[0]) if d else None
    u = first("url", "link", "canonical", "source_url")
    meta.url = u[0] if u else None
    s = first("site", "sitename", "outlet", "publication", "publisher", "source")
    meta.outlet = s[0] if s and not s[0].startswith(("http://", "https://")) else None
    return meta


# markdown-it holds a token for each piece of syntax: hostile input (a run of "*a ") costs about
# 300 bytes of memory per byte. Past this size a file is read as plain text, its syntax kept.
MARKDOWN_MAX_CHARS = 512 * 1024


def parse_markdown(text: str) -> tuple[Header, str]:
    """(header, body) of a Markdown article; front matter gives the metadata it names."""
    text = sanitize(text) or ""
    front, src = _split_front_matter(text)
    meta = _front_matter(front) if front is not None else Header()
    if len(src) > MARKDOWN_MAX_CHARS:
        return parse_text(src, meta)
    header, body = _build(_markdown_paras(src), meta)
    return header, "\n\n".join(body)
