"""Direct quotes: spans inside quotation marks, with their speaker (see speakers.py).

Why a small state machine instead of one regex: real text mixes straight and curly marks,
uses ' '' and ’ both as quote marks and apostrophes, leaves marks unclosed, and splits a
quote around "he said".  We pair marks line by line (a paragraph per line in news text),
so an unclosed mark ends at its paragraph and never swallows the article.  Hard-wrapped
text (newswire at ~70 columns) is unwrapped first into a same-length copy, so a quote may
run across wrap newlines while every offset still points into the original.

Not quotes (no one's words): a line that is only a short quoted phrase without closing
punctuation (a headline or section title) or a label ('"Related:"'); the name of a work with
the work named beside it ('his memoir, "…"', 'on ABC's "…"', '"…" podcast') and a show's name
after 'on' or 'told' ('said on "Meet the Press"'); a nickname between two names; a scare
quote, that is a fragment of three words or fewer with no speaker and no word of speech in
its sentence ('the "undercard" debate', 'the so-called "safe zone"'); the marks of a markup
tag's attributes.  Other Title-Case names and slogans ("The Long Valley Years") are kept as
partial quotes: they may be someone's words, never a sentence.  A quote opened mid-sentence
inside an open one, in the same marks, is nested in it when two closing marks follow.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ingest.deadline import Deadline, passed
from ingest.extract.document import Document
from ingest.extract.names import CUE_RE_SRC, CUE_VERBS, STANCE_STEMS, STANCE_STEMS_E, trie_regex
from ingest.extract.sentences import split_paragraph
from ingest.extract.speakers import attribute
from ingest.model import CountryMention, Person, Quote

__all__ = ["attach_countries", "extract_quotes", "find_quote_spans", "quote_marks", "QuoteSpan"]

# '' (NYT style) before single marks; the classes are decided in _classify.
# Every alternative starts with a quote character so the scan skips ahead fast; an
# apostrophe between two word characters ("can't", "Doe’s") is not a mark.
_MARKS = re.compile(r"[\"“”„«»‘'’](?:(?<=')'(?!')|(?<=[\"“”„«»‘])|(?<=['’])(?:(?<!\w.)|(?!\w)))")
# In ASCII text the only marks are '"' and "'": each found by a pattern that opens with its
# literal (the engine jumps from one to the next instead of testing every character against
# _MARKS's class), the two lists then merged. Every match of _MARKS but "''" is one
# character, so the two never overlap; _SINGLE holds _MARKS's alternatives for "'".
_SINGLE = re.compile(r"'(?:(?<=')'(?!')|(?<!\w.)|(?!\w))")
_DOUBLE = re.compile('"')
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_TERMINAL = (".", "!", "?", ",", "…", ";", ":", "-", "—")
# A speech verb right before the opening mark: 'he said "…"' starts a full quote.
_CUE_BEFORE = re.compile(r"(?:" + CUE_RE_SRC + r")\s*$")
# what may stand right before an opening mark / right after a closing one
_OPEN_SIDE = frozenset("([{—–-/")
_OPENERS = frozenset("\"“„«‘'")
_CLOSE_SIDE = frozenset(".,;:!?)]}—–-…")
_INVISIBLE = set("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff")
# A markup tag left in the text ('<tweet id="72" author="@AP">'): the marks inside it
# delimit attribute values, never words anyone said.
_TAG = re.compile(r"<[A-Za-z][\w:.\-]*(?:\s+[\w:.\-]+\s*=\s*(?:\"[^\"<>]{0,300}\"|'[^'<>]{0,300}'|[^\s<>\"']+))+\s*/?>")


@dataclass
class QuoteSpan:
    """Where a quote is: marks and content offsets, the line it is on, how it looks."""
    open: int           # offset of the opening mark
    start: int          # content start (after the mark, spaces trimmed)
    end: int            # content end
    close: int          # offset just after the closing mark (== end when unclosed)
    line_start: int
    line_end: int
    closed: bool
    partial: bool = False
    single: bool = False
    title: bool = False     # a Title-Case name, nickname or slogan: kept, but as a fragment


def _is_word(c: str) -> bool:
    return c.isalnum()


def _classify(text: str, pos: int, mark: str, ls: int, le: int) -> str | None:
    """'o' opener, 'c' closer, 'a' either (straight double), 'so'/'sc' single open/close."""
    prev = text[pos - 1] if pos > ls else " "
    if prev in _INVISIBLE:
        prev = " "
    nxt_i = pos + len(mark)
    nxt = text[nxt_i] if nxt_i < le else " "
    if mark in ('"', "''"):
        # a straight mark opens or closes by the side its space is on (as ” and “ would):
        # 'weekend. "It was' opens a new quote, so one still open there was never closed
        # (a paragraph break the text lost), and 'delivered." United' closes one
        before_gap = prev.isspace() or prev in _OPEN_SIDE
        after_gap = nxt.isspace() or nxt in _CLOSE_SIDE
        if before_gap and not after_gap:
            return "o"
        if after_gap and not before_gap:
            return "c"
        return "a"
    if mark in "“„«":
        if mark == "“" and (prev in ".,!?…" or _is_word(prev)) and (nxt.isspace() or nxt in _CLOSE_SIDE):
            return "c"  # an opening mark typed as a closer: 'unusual,“ said Doe'
        return "o"
    if mark in "”»":
        # a closing curly mark used as an opener: after a space, before a word
        if (prev.isspace() or prev in "([—–") and _is_word(nxt):
            return "o?"
        if pos - ls <= 8 and not text[ls:pos].strip():
            return "o?"  # a paragraph opens with it: '” … they are not like him,” she said'
        if prev in ",:" and nxt == " ":
            return "o?"  # 'He says,” there are …”
        return "c"
    if mark == "‘":
        return "so"
    # ’ and ': apostrophes inside words ("can’t", "Smith’s") are neither
    if _is_word(prev) and _is_word(nxt):
        return None
    if mark == "'" and not _is_word(prev) and _is_word(nxt):
        return "so"
    if not _is_word(nxt) and (_is_word(prev) or prev in ".,!?…"):
        return "sc"
    return None


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Quote spans of ``text`` in order, headline/section-title quotes left out."""
    out: list[QuoteSpan] = []
    marks = quote_marks(text)
    if not marks:
        return out
    if "<" in text:
        marks = _outside_tags(text, marks)
    n = len(text)
    i = 0
    while i < len(marks):
        pos = marks[i][0]
        ls = text.rfind("\n", 0, pos) + 1
        le = text.find("\n", pos)
        if le < 0:
            le = n
        j = i
        while j < len(marks) and marks[j][0] < le:
            j += 1
        _line_spans(text, ls, le, marks[i:j], out)
        i = j
    return out


def quote_marks(text: str) -> list[tuple[int, str]]:
    """Every quotation mark of ``text`` (``_MARKS``'s matches) as (offset, mark), in order."""
    if not text.isascii():
        return [(m.start(), m.group()) for m in _MARKS.finditer(text)]
    marks = [(m.start(), m.group()) for m in _SINGLE.finditer(text)]
    if '"' in text:
        marks += [(m.start(), '"') for m in _DOUBLE.finditer(text)]
        marks.sort()
    return marks


def _outside_tags(text: str, marks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``marks`` without those inside a markup tag."""
    tags = [(m.start(), m.end()) for m in _TAG.finditer(text)]
    if not tags:
        return marks
    starts = [a for a, _ in tags]
    keep = []
    for pos, mark in marks:
        k = bisect_right(starts, pos) - 1
        if k < 0 or pos >= tags[k][1]:
            keep.append((pos, mark))
    return keep


def _line_spans(text: str, ls: int, le: int, marks: list[tuple[int, str]], out: list[QuoteSpan]) -> None:
    doubles: list[QuoteSpan] = []
    singles_marks: list[tuple[int, str, str]] = []
    open_at: int | None = None
    open_len = 0
    nested = False
    kinds = [(pos, mark, _classify(text, pos, mark, ls, le)) for pos, mark in marks]
    for i, (pos, mark, kind) in enumerate(kinds):
        if kind is None:
            continue
        if kind in ("so", "sc"):
            singles_marks.append((pos, mark, kind))
            continue
        if open_at is None:
            if kind in ("o", "a", "o?"):
                open_at, open_len = pos, len(mark)
            continue
        if kind in ("c", "a", "o?"):
            if nested:
                nested = False      # the inner quote closes; the outer one goes on
                continue
            _add(text, doubles, open_at, open_at + open_len, pos, pos + len(mark), ls, le, True)
            open_at = None
        elif kind == "o":
            if not nested and _mid_sentence(text, pos, open_at) and _two_closers_next(kinds, i):
                # 'you "had stuff to do" at home," he wrote': a quote inside the open one,
                # in the same marks (two closers come next: the inner one's, the outer one's)
                nested = True
                continue
            # a new opener while one is open ('weekend. "It was'): the first was never closed
            _add(text, doubles, open_at, open_at + open_len, pos, pos, ls, le, False)
            open_at, open_len = pos, len(mark)
            nested = False
    if open_at is not None:
        end = le if _continued(text, le) else _first_sentence_end(text, open_at + open_len, le)
        _add(text, doubles, open_at, open_at + open_len, end, end, ls, le, False)
    # single-quoted spans outside double-quoted ones (partial quotes, NYT-style nesting aside)
    spans = doubles
    if singles_marks:
        # doubles are in order and never overlap: bisect their opening marks, not a scan
        # of every double per single mark
        opens = [d.open for d in doubles]

        def inside(p: int) -> bool:
            k = bisect_right(opens, p) - 1
            return k >= 0 and p < doubles[k].close
        free = [(p, m, k) for p, m, k in singles_marks if not inside(p)]
        i = 0
        while i < len(free):
            p, m, k = free[i]
            if k != "so":
                i += 1
                continue
            j = i + 1
            while j < len(free) and free[j][2] != "sc":
                j += 1
            if j < len(free):
                q, qm, _ = free[j]
                after_p = bisect_right(opens, p)
                if not (after_p < len(opens) and opens[after_p] < q):   # no double opens between
                    _add(text, spans, p, p + len(m), q, q + len(qm), ls, le, True, single=True)
                i = j + 1
            else:
                break
        spans.sort(key=lambda s: s.open)
    first = _first_visible(text, ls, le)
    for s in spans:
        if not _is_heading(text, s, first, le):
            s.title = _is_title(text, s)
            out.append(s)


def _continued(text: str, le: int) -> bool:
    """The paragraph after the one ending at ``le`` opens with a quotation mark: a quote left
    open at ``le`` goes on there (the news convention for a quote over several paragraphs)."""
    k = le
    n = len(text)
    while k < n and text[k].isspace():
        k += 1
    return k < n and text[k] in _OPENERS


def _first_sentence_end(text: str, cs: int, le: int) -> int:
    """Where a quote opened at ``cs`` and never closed ends when no quoted paragraph follows:
    its first sentence. The writer forgot the closing mark, and what follows it in the
    paragraph is as likely narrative ('… their lives. His contribution follows …') as more
    of the quote; only the first sentence is surely the speaker's."""
    found: list[tuple[int, int]] = []
    split_paragraph(text, cs, le, found)
    return found[0][1] if len(found) > 1 else le


def _two_closers_next(kinds: list[tuple[int, str, str | None]], i: int) -> bool:
    """The next two double marks after ``kinds[i]`` both close."""
    seen = 0
    for j in range(i + 1, min(len(kinds), i + 17)):     # a bounded look: linear on any line
        kind = kinds[j][2]
        if kind is None or kind in ("so", "sc"):
            continue
        if kind not in ("c", "a"):
            return False
        seen += 1
        if seen == 2:
            return True
    return False


def _mid_sentence(text: str, pos: int, floor: int) -> bool:
    """The opening mark at ``pos`` follows a word inside a sentence (no sentence end,
    colon or dash before it): it opens a quote within a quote, not a new statement."""
    k = pos - 1
    while k > floor and text[k] in " \t":
        k -= 1
    return k > floor and _is_word(text[k])


def _add(text: str, acc: list[QuoteSpan], open_: int, cs: int, ce: int, close: int,
         ls: int, le: int, closed: bool, single: bool = False) -> None:
    while cs < ce and text[cs].isspace():
        cs += 1
    while ce > cs and text[ce - 1].isspace():
        ce -= 1
    if ce <= cs or not _LETTER_OR_DIGIT.search(text, cs, ce):
        return
    if single and ce - cs > 400:
        return
    acc.append(QuoteSpan(open_, cs, ce, close if closed else ce, ls, le, closed, single=single))


def _first_visible(text: str, ls: int, le: int) -> int:
    """Offset of the line's first character that is not white space (``le`` if none)."""
    m = _VISIBLE.search(text, ls, le)
    return le if m is None else m.start()


_VISIBLE = re.compile(r"\S")


def _is_heading(text: str, s: QuoteSpan, first: int, le: int) -> bool:
    """A line that is only a short quoted phrase with no closing punctuation (or a colon after
    three words or fewer, a label): a title.
    ``first``: where the line's first visible character is (only the quote that starts
    there can be a heading, so a line of many quotes is not sliced once per quote)."""
    if s.open > first:
        return False                                # words before the quote
    after = text[s.close:le].strip()
    if after and after not in (".", ":", "!", "?"):
        return False
    content = text[s.start:s.end]
    if content.endswith(":") and len(content.split()) <= 3:
        return True                                 # a label: '"Related:"' alone on its line
    if content.endswith(_TERMINAL) or content.endswith(("”", '"')):
        return False
    return len(content.split()) <= 12


_SENTENCE_INSIDE = re.compile(r"[a-z][.!?] [A-Z]")
_SMALL = {"of", "the", "a", "an", "and", "in", "on", "to", "for", "from", "with", "at", "by",
          "or", "is", "vs", "vs.", "&", "-", "—", "–", "de", "la", "le", "du", "von", "van"}


def _is_title(text: str, s: QuoteSpan) -> bool:
    """A short Title-Case name of a work, show or slogan ("The Overthrow Show"), not speech."""
    content = text[s.start:s.end].rstrip(",")
    if content.endswith((".", "!", "?", "…")):
        return False
    words = content.split(None, 8)      # a ninth item: more than eight words, split no further
    if not 2 <= len(words) <= 8 or _SENTENCE_INSIDE.search(content):
        return False    # 'Like Oakland. Or Ferguson,' is two spoken sentences, no title
    if text[max(s.line_start, s.open - 3):s.open].rstrip().endswith(":"):
        return False
    caps = 0
    for w in words:
        c = w[:1]
        if c.isupper() or c.isdigit():
            caps += 1
        elif w.lower() not in _SMALL:
            return False
    return (caps >= 2 and words[0][:1].isupper()) or words[0][:1].isdigit()


def _is_partial(text: str, s: QuoteSpan, prev_close: int) -> bool:
    """A fragment inside the reporter's sentence rather than a quoted sentence."""
    content = text[s.start:s.end]
    words = content.split()
    short = len(words) < 4 and not content.endswith(_TERMINAL)
    if short or s.title:
        return True
    lo = max(s.line_start, prev_close, s.open - 200)
    before = text[lo:s.open].rstrip()
    if not before or before.endswith((":", ",", "—", "–", "-", ";", "(")):
        return False
    if before.endswith((".", "!", "?", "”", '"', "''", "’")) and (content[:1].isupper() or not content[:1].isalpha()):
        return False
    if _CUE_BEFORE.search(before, max(0, len(before) - 40)):
        return False
    return True


# A name of a work: a book, show or film named before or after its quoted title ('his
# memoir, "…"', 'on ABC's "…"', '"…" podcast'); such a title is no one's words.
_WORKS = ("book memoir autobiography biography novel show program programme podcast film movie "
          "series sitcom drama thriller comedy musical song album documentary episode column "
          "newsletter trailer broadcast segment").split()
_WORK_WORD = frozenset(_WORKS) | {"titled", "entitled", "hosts"}
# '<word> of/in/on "…"': 'author of', 'star of', 'stars in', 'appearance on', 'episode of'
_WORK_PAIR = frozenset(
    [(w, "of") for w in _WORKS + ["author", "co-author", "star", "host", "anchor"]]
    + [(w, "in") for w in ("star", "stars", "starred", "starring")]
    + [(w, "on") for w in ("appearance", "appeared", "appear", "appearing", "interview",
                           "interviewed")]
    + [(w, "with") for w in ("interview", "interviews", "interviewed")]
    + [(w, "to") for w in ("speaking", "spoke", "speaks", "talking", "talked")])
# 'on ABC News's "…"', 'told CNN's "…"': a show named by its channel
_CHANNEL_BEFORE = frozenset({"on", "with", "for", "to", "told", "tells"})
# a Title-Case name right after these is a show's: 'said on "Meet the Press"', 'told "Fox
# and Friends"'
_SHOW_BEFORE = frozenset({"on", "told"})
_WORK_AFTER = re.compile(r"\s*(?:" + "|".join(_WORKS) + r"|star|host|co-host|anchor|actress|actor)\b")
# Words that put a fragment in someone's mouth beyond the speech cues: verbs and nouns of
# speech, naming and stance ('claiming he is "anti-Israel"', 'the phrase "…"'); a word
# inside a compound ('tell-tale') is none.
_SPEECH_STEMS = [*STANCE_STEMS, *STANCE_STEMS_E, *(
    "claim accus charg portray herald echo protest statement remark comment phrase slogan chant "
    "motto tweet message assert alleg insist deem promis vow pledg pronounc declar speech "
    "interview quot answer repl respon appeal urg demand shout yell argu recommend warn insult "
    "critici mock jok characteri apologi liken decr spok speak talk discuss referenc indicat "
    "highlight").split()]
_SPEECH_WORDS = (
    "said say says saying told tell tells telling ask asks asked asking cry cries cried crying "
    "call calls called calling name names named naming refer refers referred referring word "
    "words term terms termed dub dubs dubbed dubbing brand brands branded branding sign signs "
    "signed read reads hail hails hailed thank thanks thanked compare compares compared "
    "comparing deny denies denied denying wrote write writes fear fears feared").split()
_SPEECH_SRC = (r"\b(?:(?:" + trie_regex(_SPEECH_STEMS) + r")\w*|(?:"
               + trie_regex(_SPEECH_WORDS) + r")\b)")

# one search for either: a speech cue (its own letter case) or a word of speech (any case)
_SPEECH = re.compile(r"(?<!-)(?:" + CUE_RE_SRC + r"|(?i:" + _SPEECH_SRC + r"))(?!-)")
_NEAR = 300
_SO_CALLED = re.compile(r"\bso[-\s]+called\s*$", re.I)


def _work_before(words: list[str]) -> bool:
    """The words before a quoted title name a work, or a show by its channel."""
    if not words:
        return False
    if words[-1].endswith(("'s", "’s")) and words[-1][:1].isupper():
        # a channel's name ('on ABC's "…"', 'host of CNN's "…"'), then what comes before it
        k = len(words) - 2
        while k >= 0 and words[k][:1].isupper() and words[k].lower() not in _CHANNEL_BEFORE:
            k -= 1
        if k < 0 or len(words) - 1 - k > 4:
            return False
        if words[k].lower() in _CHANNEL_BEFORE:
            return True
        words = words[:k + 1]
    last = words[-1].rstrip(",:").lower()
    if last in _WORK_WORD:
        return True
    return len(words) >= 2 and (words[-2].lower(), last) in _WORK_PAIR


def _is_work_title(text: str, s: QuoteSpan) -> bool:
    """A quoted name of a work (its title capitalised, a work named beside it)."""
    first = text[s.start]
    if s.end - s.start > 120 or not (first.isupper() or first.isdigit()):
        return False    # (eight words are rarely longer: a long quote is read no further)
    content = text[s.start:s.end]
    words = content.split()
    if len(words) > 8 or _SENTENCE_INSIDE.search(content):
        return False
    if not s.partial and not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL for w in words):
        return False    # 'his column, "We are losing."' is a sentence he wrote
    before = text[max(s.line_start, s.open - 60):s.open].split()[-5:]
    if _work_before(before):
        return True
    if before and before[-1].lower() in _SHOW_BEFORE and len(words) >= 2 \
            and words[0][:1].isupper() and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL
                                               for w in words):
        return True     # 'he said on "Meet the Press."', 'Doe told "Fox and Friends,"'
    # (a name of two or more capitalised words right after 'on' or 'told' is a show's)
    return bool(s.closed and _WORK_AFTER.match(text, s.close, min(s.line_end, s.close + 20)))


_NAME_BEFORE = re.compile(r"(?<![\w.’'\-])[A-Z][a-z][\w’'\-]* $")
_NAME_AFTER = re.compile(r" [A-Z][a-z]")


def _is_nickname(text: str, s: QuoteSpan) -> bool:
    """A quoted word or two between a given name and a surname ('Marcia "Cia" Price')."""
    return (s.partial and s.closed and s.end - s.start <= 30 and text[s.start:s.start + 1].isupper()
            and len(text[s.start:s.end].split()) <= 2
            and _NAME_AFTER.match(text, s.close, s.close + 3) is not None
            and _NAME_BEFORE.search(text, max(s.line_start, s.open - 30), s.open) is not None
            and any(w[:1].islower() for w in text[s.line_start:s.line_start + 100].split()))
    # (a line with no word in lower case is a headline, where every word is capitalised)


_WORD_START = re.compile(r"\b\w")
_WORD_OR_SPACE = re.compile(r"[\w\s]")
# the most words a word of speech spans ('described it as')
_SPEECH_SPAN_WORDS = max(len(re.findall(r"\w+", v)) for v in CUE_VERBS)


class _SpeechIndex:
    """The words of speech in one stretch of a line (a sentence), found in one pass read as
    far as the quotes ask, so that each quote's window is a bisect, not a search: a sentence
    dense with short quotes is read once, not once a quote, and a quote whose window holds a
    word of speech early reads no further. The stretch is ``text[start:end]``, read as if
    the text ended with it."""
    __slots__ = ("text", "start", "end", "starts", "ends", "_reach", "words")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.starts: list[int] = []         # the matches found so far, in order
        self.ends: list[int] = []
        self._reach = start                 # every match starting before this is listed
        self.words: list[int] | None = None     # the stretch's word starts, read when first needed

    def _read_one(self) -> bool:
        """List the next match (matches may overlap: 'Reportedly said', 'said')."""
        m = _SPEECH.search(self.text, self._reach, self.end) if self._reach <= self.end else None
        if m is None:
            self._reach = self.end + 1
            return False
        self.starts.append(m.start())
        self.ends.append(m.end())
        self._reach = m.start() + 1
        return True

    def search(self, a: int, e: int) -> bool:
        """``_SPEECH.search(text, a, e)`` finds something (``start <= a <= e <= end``)."""
        i = bisect_left(self.starts, a)
        while True:
            while i < len(self.starts) and self.starts[i] < e:
                if self.starts[i] >= a and self.ends[i] <= e:
                    return True     # read no further than ``e``: the window holds it as is
                i += 1
            if self._reach >= e or not self._read_one():
                break
        t = self.text
        # Cut at ``e``, a window may hold a match the stretch does not (its last word cut
        # short) or a shorter one than the stretch's ('snapped' of 'snapped back'); such a
        # match is made of words and spaces and ends at ``e``, so it starts at most
        # _SPEECH_SPAN_WORDS words back.
        if e <= a or e >= self.end or not _WORD_OR_SPACE.match(t, e - 1) or not (
                t[e] == "-" or _WORD_OR_SPACE.match(t, e)):
            return False
        if self.words is None:
            self.words = [m.start() for m in _WORD_START.finditer(t, self.start, self.end)]
        k = bisect_left(self.words, e) - _SPEECH_SPAN_WORDS
        lo = max(a, self.words[k] if k >= 0 else self.start)
        return _SPEECH.search(t, lo, e) is not None


def _statements(doc: Document, spans: list[QuoteSpan], quotes: list[Quote],
                deadline: Deadline | None = None) -> list[Quote]:
    """``quotes`` without those that are no one's words: names of works, and scare quotes
    (a fragment of three words or fewer with no speaker and no word of speech in its
    sentence: 'the "undercard" debate'). Past ``deadline`` the quotes left are kept as they are."""
    out = []
    # each sentence's words of speech, found once and bisected per quote: a sentence dense
    # with short quotes (or a line with no sentence end) is read once, not once a quote
    sentences: dict[tuple[int, int], _SpeechIndex] = {}
    for k, (s, q) in enumerate(zip(spans, quotes)):
        if passed(deadline):
            out.extend(quotes[k:])
            break
        if not q.partial:
            # a full quote is a work's title only when short and every word capitalised
            if s.end - s.start > 80 or not _is_work_title(doc, s):
                out.append(q)
            continue
        if _is_work_title(doc, s) or _is_nickname(doc, s):
            continue
        if q.speaker is not None or len(q.text.split()) > 3:
            out.append(q)
            continue
        if _SO_CALLED.search(doc, max(s.line_start, s.open - 12), s.open):
            continue        # 'the so-called "safe zone"' says it is no one's word
        # the sentence (with the quote), read at most _NEAR characters either side of it
        sent = doc.sentence_at(s.start) or (s.line_start, s.line_end)
        lo, hi = min(sent[0], s.open), max(sent[1], s.close)
        idx = sentences.get((lo, hi))
        if idx is None:
            idx = sentences[(lo, hi)] = _SpeechIndex(doc, lo, hi)
        a, b = max(lo, s.open - _NEAR), min(hi, s.close + _NEAR)
        if idx.search(a, s.open) or idx.search(s.close, b):
            out.append(q)
    return out


def extract_quotes(text: str, people: list[Person], deadline: Deadline | None = None) -> list[Quote]:
    """Every quote in ``text`` with its speaker resolved against ``people``.

    Offsets exclude the marks; a quote split around "he said" is two records; a quote in
    a hard-wrapped text may contain the wrap newlines (``text[start:end]`` is exact)."""
    if not text:
        return []
    doc = Document.of(text)
    flat = doc.unwrapped
    spans = find_quote_spans(flat)
    if not spans:
        return []
    prev_close = 0
    for s in spans:
        s.partial = _is_partial(flat, s, prev_close if prev_close > s.line_start else s.line_start)
        prev_close = s.close
    # attribution reads sentences with the article's own split where the text is the
    # article's (not unwrapped), so a line events also read is split once; an unwrapped
    # text's one Document serves attribution and the statements test alike
    read = doc if flat is doc.plain else Document(flat)
    quotes = attribute(read, spans, people, deadline)
    quotes = _statements(read, spans, quotes, deadline)
    _mark_fragments(flat, quotes)
    if flat is not doc.plain:
        for q in quotes:
            q.text = text[q.start:q.end]
    return quotes


_MARK_CHARS = "\"“”'‘’«»"  # every quotation mark, opening or closing
# a quote's opening mark with a dash before it, and its closing mark with a dash and a word
# of the reporter's sentence after it: '- "your child achieving more" - was one of'
_DASH_BEFORE_MARK = re.compile(r"[-–—][ \t]*[\"“'‘«]$")
_DASH_AFTER_MARK = re.compile(r"[\"”'’»][ \t]*[-–—][ \t]+[a-z]")


def _mark_fragments(text: str, quotes: list[Quote]) -> None:
    """Quotes that are pieces of a sentence, not statements, flagged partial (kept, with
    their speaker): the first few words of a quoted sentence split around its cue ('"But,"
    he added, "it's a recent thing"'), and a quote set in the reporter's sentence between
    dashes ('The pledge - "your child achieving more" - was one of six')."""
    ordered = sorted(quotes, key=lambda q: q.start)
    for i, q in enumerate(ordered):
        if q.partial:
            continue
        content = text[q.start:q.end]
        if (content.endswith(",") and len(content.split()) <= 3 and i + 1 < len(ordered)
                and _continues(text, q, ordered[i + 1])):
            q.partial = True
        elif (_DASH_BEFORE_MARK.search(text, max(0, q.start - 4), q.start)
              and _DASH_AFTER_MARK.match(text, q.end) and not content.endswith((".", "!", "?"))):
            q.partial = True


def _continues(text: str, q: Quote, nxt: Quote) -> bool:
    """Whether ``nxt`` goes on with the sentence ``q`` began: it opens on the same line,
    after a short cue and no sentence's end, with a lower-case word."""
    gap = text[q.end:nxt.start]
    return (len(gap) <= 60 and "\n" not in gap and nxt.start < len(text) and text[nxt.start].islower()
            and not any(c in gap.strip(_MARK_CHARS + " ,") for c in ".!?"))


def attach_countries(quotes: list[Quote], countries: list[CountryMention],
                     paragraphs: list[tuple[int, int]]) -> None:
    """A quote concerns the countries named in its paragraph (``paragraphs``: the
    article's, as ``Document.paragraphs`` gives them)."""
    if not quotes or not countries:
        return
    pstarts = [s for s, _ in paragraphs]
    mentions = sorted(countries, key=lambda m: m.start)
    mstarts = [m.start for m in mentions]
    for q in quotes:            # bisect, not a scan: a long article has thousands of quotes
        i = bisect_right(pstarts, q.start) - 1
        span = paragraphs[i] if i >= 0 and paragraphs[i][0] <= q.start < paragraphs[i][1] else (q.start, q.end)
        lo, hi = bisect_left(mstarts, span[0]), bisect_left(mstarts, span[1])
        q.countries = sorted({m.iso3 for m in mentions[lo:hi]})
