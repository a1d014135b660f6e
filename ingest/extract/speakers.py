"""Who said each quote: cue verbs, names, pronouns and continuations, with a confidence.

Why rules and not a model: news attribution is formulaic ('"…," Doe said', 'Doe said:
"…"', '"…," he added') and the people extractor already knows every name form in the
article, so a handful of patterns around the quote, plus "he/she = the person the text is
about", resolves almost all quotes at a tiny cost.  When no evidence is found the speaker
stays None with confidence 0: we never present a guess as a fact.

Confidence scale (Quote.confidence; 0 whenever speaker is None):
  0.95  a name right next to the cue ('"…," Doe said', 'Doe said: "…"')
  0.9   a name with an apposition or clause between it and the cue
  0.85  a misspelt or truncated surname; a quote signed '― Doe'; a sentence's subject
        speaking through a participle ('Doe, citing "…", said…'); a past-tense verb that
        is no listed cue right against the quote ('"…," beamed Doe')
  0.8   a capitalised source missing from the people list ("Acme Corp said"); 'Doe: "…"';
        a split quote continuing in the same paragraph
  0.7   he/she resolved to the person the text is about (0.6 when only a weaker candidate)
  0.6   a quote paragraph continuing the previous paragraph's quote, or a quote following
        a sentence in which someone speaks; 'the senator said' resolved by role; a fragment
        with no cue, given to its sentence's subject through a verb of stance ('Doe branded
        it "deeply flawed"'); '"…," said the American' resolved to someone named before; a
        cue-less quote after a narrative sentence about someone new ('Coach Roe wants …. "…"')

Sentences are the shared split's (``Document.line_sentences``), read so that '"…." he
said' stays one attribution (an end before a lower-case word is no end here).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import islice

from ingest.extract.names import (
    CAPSEQ, CUE_RE, CUE_RE_SRC, GENDER_TITLES, GROUP_NOUNS, ROLE_NOUNS, ROLE_WORDS, STANCE_STEMS, STANCE_STEMS_E,
    START_STOP, STRONG_TITLES, TRADE_NOUNS,
    given_gender, is_given_name, norm_token, place_names, surname_similarity,
)
from ingest.extract.countries import demonym_words
from ingest.extract.organisations import (
    ORG_KIND, PERSON_KIND, OrgIndex, has_org_suffix, org_after_cue, org_before_cue,
)
from ingest.extract.document import Document
from ingest.deadline import Deadline, passed
from ingest.model import Person, Quote

__all__ = ["SentenceBounds", "attribute"]

_PRONOUN_SUBJ = re.compile(r"\b(he|she|they|He|She|They)\s+(?:\w+ly\s+|also\s+|then\s+|later\s+|had\s+|has\s+|would\s+|once\s+)*$")
# after the name an outlet quoted: 'quoted Doe as saying', 'quotes Doe as having said'
_QUOTED_AS = re.compile(r",?\s+as\s+(?:saying|telling|having\s+(?:said|told))\b")
_QUOTED_PRONOUN = re.compile(r"\s+(him|her|them)" + _QUOTED_AS.pattern)
# a pronoun subject whose clause a participle cue follows: 'he is not envious, insisting:'
_PRONOUN_CLAUSE = re.compile(r"(?:^|(?<=[\s(]))(he|she|they|He|She|They)\s+[^,.;:!?\"“”\n]{1,60},\s*$")
# the same clause holding a quoted fragment of its own: 'He said Doe spoke with "such
# sincerity", adding: "…"' (the pronoun its subject, not that of a clause a verb of speech
# reports: 'Roe said he was "outraged", arguing' is Roe's)
_PRONOUN_CLAUSE_QUOTING = re.compile(
    r"(?:^|(?<=[\s(]))(?<!said )(?<!says )(?<!told )(?<!that )(he|she|they|He|She|They)\s+[^,.;:!?\n]{1,80},\s*$")
_PRONOUN_AFTER = re.compile(r"^\s+(?:(?:the|a|an)\s+)?(he|she|they)\b")
_PRON_FIRST = re.compile(r"^[\s,—–\-]*(he|she|they|He|She|They)\b")
_LEADING = re.compile(r"^[\s,;—–\-(]*$")
_ACCORDING = re.compile(r"according\s+to", re.I)
# A party-and-state tag after a name is no gap: 'Rep. Jane Doe (D-Ohio) said'
_SUBJECT_GAP = re.compile(
    r"^(?:\s*\([A-Z][^()\n]{0,12}[-–][^()\n]{1,25}\))?(?:\s*(?:,|\s)\s*(?:also|then|later|reportedly|previously|once|further|again|recently|"
    r"has|had|have|was|is|would|will|earlier|repeatedly|simply|publicly|privately|sharply|"
    r"bluntly|flatly|first|went\s+on\s+to|goes\s+on\s+to|continued\s+to|\w+ly))*\s*$")
_RELATIVE = re.compile(r"^\s*,\s*(?:who|whose|which|a|an|the|\d|\w+ing|\w+ed)\b.*,\s*(?:\w+\s+){0,2}$", re.S)
# Words that show the name after a cue is not its subject ('quipped in reference to Doe').
_GAP_STOP = {"in", "on", "at", "to", "for", "of", "with", "about", "by", "from", "that", "this",
             "it", "he", "she", "they", "his", "her", "their", "its", "and", "but", "or", "as",
             "after", "before", "during", "while", "when", "over", "under", "into", "onto",
             "than", "then", "there", "here", "is", "was", "were", "are", "be", "been", "has",
             "have", "had", "not", "no", "so", "if", "because", "him", "them", "me", "us"}
_AFTER_CUE_GAP_RE = re.compile(r"^[,:]?\s+((?:[\w.’'/\-]+\s+){0,6}?(?:[a-z][\w.’'/\-]*,\s+)?)$")


class _AfterCueGap:
    """Between a cue and a name only determiners, role words and capitalised words:
    '," said the economist Jane Doe' yes, '" … quipped in reference to Doe' no; an 'of'
    inside a role ('said former secretary of state Jane Doe') and a comma closing the
    description ('said another user, Jane Doe') yes."""

    @staticmethod
    def match(gap: str) -> bool:
        m = _AFTER_CUE_GAP_RE.match(gap)
        if not m:
            return False
        words = m.group(1).split()
        for k, w in enumerate(words):
            lw = w.lower().rstrip(".,")
            if lw in ("the", "a", "an", "former") or lw in ROLE_WORDS or lw in ROLE_NOUNS \
                    or w[:1].isupper() or lw.endswith(("'s", "’s")):
                continue
            if lw == "of" and 0 < k < len(words) - 1 and words[k - 1].islower() \
                    and words[k + 1].lower() not in ("the", "a", "an", "his", "her", "their") \
                    and words[k - 1] not in ("the", "a", "an") and len(words) <= 5:
                continue    # 'secretary of state', 'master of ceremonies'
            if lw in _GAP_STOP or len(words) > 5:
                return False
        return True


_AFTER_CUE_GAP = _AfterCueGap()
_INTRODUCES = re.compile(r"[^.!?\"“”,\n]{0,15}:")
_OPENS_NEXT = re.compile(r"\s*[\"“‘']")
_AND_BEFORE_CUE = re.compile(r"[\s,]*and(?:\s+then|\s+also)?\s+")
_OPENS_AFTER_COMMA = re.compile(r"\s*,\s*[\"“]")
_CLAUSE_AFTER = re.compile(r"\s+(?:he|she|they|it|we|i|that|his|her|their)\b")
_INVERTIBLE = {"said", "says", "added", "adds", "wrote", "writes", "continued", "explained",
               "recalled", "noted", "observed", "concluded", "insisted", "argued",
               "acknowledged", "countered", "replied", "responded", "answered", "cautioned",
               "declared", "stated", "tweeted", "quipped", "joked", "remarked", "according to",
               "reportedly said", "emphasized", "emphasised", "stressed", "predicted", "agreed",
               "agrees", "admitted", "conceded", "lamented", "recounted", "opined", "echoed",
               "explains", "notes", "observes", "insists", "argues", "recalls", "continues",
               "shot back", "fired back", "retorted", "chimed", "mused", "wondered", "announced",
               "confirmed", "suggested", "suggests", "warned", "warns", "asked", "asks",
               "reported", "reports", "wrote in", "states", "say", "posted", "exclaimed",
               "shouted", "charged", "tweets", "commented", "comments", "demanded"}
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "today", "tonight", "yesterday"}
# Cues whose object is the listener or the topic, never the speaker ('told Doe', 'called Doe').
_NOT_INVERTIBLE = {"told", "tells", "tell", "telling", "urged", "urges", "urging", "reminded",
                   "assured", "informed", "accused", "accuses", "called", "calls", "calling",
                   "described", "describes", "described it as", "quoting", "quoted", "citing",
                   "cited", "promised", "promises", "pledged", "vowed", "vows", "thanked",
                   "told the", "told reporters", "told journalists", "mocked", "taunted",
                   "blasted", "slammed", "teased", "begged", "pleading", "demands"}
# A cue that ends its clause: '"…." Doe said.' / 'Doe told the BBC.' / 'Doe said on Monday,' /
# 'Doe said Sunday after the vote.'
_CUE_ENDS = re.compile(
    r"(?:\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?=\s+[a-z]))?"    # 'said Sunday after …'
    r"(?:\s+(?:reporters|journalists|the\s+[\w\s'’.-]{1,50}?|a\s+[\w\s'’.-]{1,50}?|an\s+[\w\s'’.-]{1,50}?|"
    r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}|him|her|them|us|me)"
    r"|\s+(?:on|in|at|during|after|before|yesterday|today|tonight|last|this|earlier|later|"
    r"afterwards|then|recently|previously|again|also|about|of|with|from|by|as|via|when|while)\b"
    r"[^.!?\"“”\n]{0,60}?)?\s*(?:[.,;:!?]|$)")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being)\s+$")
_BY_AFTER = re.compile(r"\s+by\s+")
_ACRONYM_SUBJ = re.compile(r"(?:^|[\s,])((?:[A-Z]\.){2,}|[A-Z][A-Z&]{1,7})\s*$")


# 'Ms Doe', 'Mrs. Doe', 'Mr Doe' right before a mention: its gender
_HONORIFIC_BEFORE = re.compile(r"(?<![\w.])(Mrs|Ms|Miss|Mr|MRS|MS|MISS|MR)\.?\s$")


# 'the American' / 'the Spaniard' standing for a person named before
_DEMONYM = "the-demonym"
_DEMONYM_AFTER = re.compile(r"\s+the\s+([A-Z][a-z]+)\b(?=\s*(?:[.,;!?]|$))")
_DEMONYM_BEFORE = re.compile(r"[\s,—–\-]*[Tt]he\s+([A-Z][a-z]+)\s+")


class SentenceBounds:
    """Where a sentence starts and ends as attribution reads it: the shared split's sentences
    (``Document.line_sentences``), but an end before a lower-case word ('"…." he said') or
    at its line's end is none. A line is split only when the stretch asked about holds a
    mark that could end a sentence there."""
    __slots__ = ("text", "_bounds", "_nl", "_doc", "_marks")

    def __init__(self, text: str) -> None:
        self.text = text
        self._bounds: dict[int, tuple] = {}
        self._nl: list[int] | None = None
        self._doc: Document | None = None
        self._marks: list[int] | None = None

    def _first_mark(self, a: int, b: int) -> int | None:
        """Where the first . ! ? of [a, b) is, if any: looked up in the text's marks, found
        once (a search of the stretch at each ask would read a long line once a quote)."""
        marks = self._marks
        if marks is None:
            marks = self._marks = [m.start() for m in _END_MARK.finditer(self.text)]
        i = bisect_left(marks, a)
        return marks[i] if i < len(marks) and marks[i] < b else None

    def _newlines(self) -> list[int]:
        """The text's newline offsets: the Document's own index, not a second one."""
        if self._nl is None:
            self._doc = Document.of(self.text)
            self._nl = self._doc._newlines
        return self._nl

    def _line_bounds(self, pos: int) -> tuple:
        text = self.text
        nl = self._newlines()
        i = bisect_left(nl, pos)
        ls = nl[i - 1] + 1 if i else 0
        got = self._bounds.get(ls)
        if got is None:
            le = nl[i] if i < len(nl) else len(text)
            lst = []
            for a, b in self._doc.line_sentences(pos):
                k = b                       # the end mark, before any closing quotes
                while k > a and text[k - 1] in "\"”’')]":
                    k -= 1
                j = b
                while j < le and text[j] in " \t\"”’'“‘":
                    j += 1
                if b >= le or k <= a or text[k - 1] not in ".!?" or (j < le and text[j].islower()):
                    continue    # the line's end, or '"…." he said': one sentence for attribution
                lst.append((k - 1, k, b))
            got = (ls, lst, [x[0] for x in lst])
            self._bounds[ls] = got
        return got

    def line_ends(self, pos: int) -> list[tuple[int, int, int]]:
        """The sentence ends of the line that holds ``pos``, in order, as (the end mark, the
        offset after it, where the next sentence starts): read from the line's split."""
        return self._line_bounds(pos)[1]

    def _ends_line(self, x: int) -> bool:
        """The mark at ``x`` ends its line, with only closing marks after it ('… Doe said.'):
        the end of the line's last sentence, which ``line_ends`` never lists. (A straight
        double mark after it may be read as opening a sentence, ending one at ``x``.)"""
        nl = self._newlines()
        k = bisect_left(nl, x)
        return _LINE_LAST_MARK.fullmatch(self.text, x, nl[k] if k < len(nl) else len(self.text)) is not None

    def prev_boundary(self, floor: int, pos: int) -> int:
        """Start of the sentence containing ``pos`` (not before ``floor`` or its line)."""
        nl = self._newlines()
        k = bisect_left(nl, pos)
        ls = nl[k - 1] + 1 if k else 0
        if self._first_mark(ls, pos) is None:
            return max(floor, ls)       # (a quote opening its paragraph: nothing before it)
        ls, lst, starts = self._line_bounds(pos)
        best = max(floor, ls)
        i = bisect_left(starts, pos) - 1
        while i >= 0 and lst[i][1] > pos:
            i -= 1
        if i >= 0 and lst[i][0] >= floor:
            best = max(best, min(lst[i][2], pos))
        return best

    def next_boundary(self, pos: int, ceil: int) -> int:
        """End of the sentence running at ``pos`` (at most ``ceil``)."""
        x = self._first_mark(pos, ceil)
        if x is None or self._ends_line(x):
            return ceil                 # ('He said: "…"', '"…," Doe said.': no end listed)
        ls, lst, starts = self._line_bounds(pos)
        i = bisect_left(starts, pos)
        if i < len(lst) and lst[i][1] <= ceil:
            return lst[i][1]
        return ceil


# every sentence end ``SentenceBounds.line_ends`` lists is one of these marks: a stretch
# with none holds no sentence end, and its line need not be split to know it
_END_MARK = re.compile("[.!?]")
_LINE_LAST_MARK = re.compile("[.!?][”’')\\]]*")


class _Ctx(SentenceBounds):
    """Per-article lookups: mentions sorted by offset, sentence bounds, genders. What only
    some quotes ask (a person's gender, the surnames) is read on first use."""
    __slots__ = ("people", "mstarts", "mentions", "_gender", "_surnames", "_typos")

    def __init__(self, text: str, people: list[Person]) -> None:
        SentenceBounds.__init__(self, text)
        self.people = people
        ms = []
        for i, p in enumerate(people):
            for a, b in p.mentions:
                ms.append((a, b, i))
        ms.sort()
        self.mentions = ms
        self.mstarts = [m[0] for m in ms]
        self._gender: dict[int, str | None] = {}
        self._surnames: list[tuple[str, int]] | None = None
        self._typos: dict[str, int | None] = {}

    def gender(self, pid: int) -> str | None:
        """'m'/'f' from an honorific (Mr., Mrs.), a gendered role word or the first name's
        gender in the given-names lexicon, else None; read for one person when first asked (a
        pronoun asks about a few of the article's people)."""
        if pid in self._gender:
            return self._gender[pid]
        p = self.people[pid]
        first = p.name.split()[0] if " " in p.name else ""
        g = (GENDER_TITLES.get(first.lower()) or given_gender(first)) if first else None
        if p.role:
            for w in p.role.lower().replace(".", "").split():
                g = GENDER_TITLES.get(w) or g
        for a, _ in p.mentions:
            h = _HONORIFIC_BEFORE.search(self.text, max(0, a - 7), a)
            if h:
                g = GENDER_TITLES[h.group(1).lower()]
        self._gender[pid] = g
        return g

    def misspelt(self, key: str) -> int | None:
        """The person whose surname ``key`` is a misspelling of (similarity ≥ 0.8), asked
        once an article per word."""
        if key not in self._typos:
            if self._surnames is None:
                self._surnames = [(norm_token(p.name.split()[-1]) if p.name.split() else "", i)
                                  for i, p in enumerate(self.people)]
            best, who = 0.0, None
            for sur, i in self._surnames:
                s = surname_similarity(sur, key, True)
                if s > best:
                    best, who = s, i
            self._typos[key] = who if best >= 0.8 else None
        return self._typos[key]

    def mentions_in(self, a: int, b: int) -> list[tuple[int, int, int]]:
        i = bisect_left(self.mstarts, a)
        out = []
        ms = self.mentions
        while i < len(ms) and ms[i][0] < b:
            if ms[i][1] <= b:
                out.append(ms[i])
            i += 1
        return out


def _speaker_from_mention(ctx: _Ctx, m: tuple[int, int, int]) -> tuple[str, str | None, float, int, int]:
    a, b, i = m
    p = ctx.people[i]
    form = ctx.text[a:b]
    conf = 0.95
    if form != p.name and norm_token(form) != norm_token(p.name.split()[-1]) and form not in p.name.split():
        if " " not in form:
            conf = 0.85  # a misspelt or truncated surname
    return p.name, p.role, conf, a, b


def _filter(ctx: _Ctx, ms: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drop mentions that cannot be a subject: possessives ("Doe's aide Roe said" is Roe
    speaking) and modifiers ("the Doe campaign said")."""
    t = ctx.text
    out = []
    for m in ms:
        a, b = m[0], m[1]
        nxt = t[b:b + 2]
        if nxt in ("'s", "’s") or (t[b - 1:b] == "s" and nxt[:1] in ("'", "’")
                                   and t[b + 1:b + 2] in (" ", "")):
            continue
        if t[max(0, a - 4):a].lower() in ("the ", " an ") or t[max(0, a - 2):a] == "a ":
            w = _NEXT_WORD.match(t, b)
            if w and not CUE_RE.match(w.group(1)) and w.group(1) not in ("who", "whose"):
                continue
        out.append(m)
    return out


_NEXT_WORD = re.compile(r" ([a-z][a-z\-]*)")


# function words that start a clause or quantify a group, never a description of one person
_NOT_DESCRIPTIVE = {"where", "when", "which", "what", "who", "whom", "whose", "some", "many", "most",
                    "all", "several", "few", "other", "others", "any", "both", "each", "every",
                    "such", "only", "even", "just", "more", "less", "very", "too", "also", "not",
                    "no", "nor", "yet", "still", "now"}


def _gap_is_subject(gap: str) -> bool:
    """Only punctuation, determiners, role words and capitalised words before a name:
    the name is the subject ('," Defence Minister Jane Doe said'), not an object
    ('" for Doe, said Roe')."""
    g = gap.strip(" \t,—–-")
    if not g:
        return True
    words = g.split()
    if gap.rstrip().endswith(",") and (len(words) <= 6 or (
            len(words) <= 8 and not CUE_RE.search(g)
            and not any(w.lower() in _GAP_STOP for w in words if w != "of"))):
        return True  # '" another fraternity brother, Jane Doe, recalled'
    plain = 0
    for w in words:
        lw = w.lower().strip(",.")
        if lw in ROLE_WORDS or lw in STRONG_TITLES or lw in ("the", "a", "an", "former"):
            continue
        if w[:1].isupper():
            continue
        # a plain noun or adjective of a description ('" nuclear experts Jane Doe and …')
        if plain < 2 and w.isalpha() and lw not in _GAP_STOP and lw not in _NOT_DESCRIPTIVE \
                and not lw.endswith(("ed", "ing", "ly")) \
                and not CUE_RE.fullmatch(w):
            plain += 1
            continue
        return False
    return True


def _head_of_chain(ctx: _Ctx, ms: list[tuple[int, int, int]], k: int, limit: int) -> tuple[int, int, int]:
    """'Doe spokeswoman Jane Roe', 'former Doe adviser Jane Roe': in a noun phrase that
    names two people, the last one is its head and the speaker."""
    text = ctx.text
    cur = ms[k]
    for nxt in ms[k + 1:]:
        if nxt[0] >= limit:
            break
        gap = text[cur[1]:nxt[0]]
        words = gap.replace(",", " ").split()
        if not words or len(words) > 5 or "\n" in gap or gap.count(",") > 1:
            break
        if not all(_role_like(w) for w in words):
            break  # 'Doe, who backs Roe', 'Doe and Roe': Doe is the head
        if "," in gap and gap.split(",", 1)[1].split()[:1] in (["a"], ["an"], ["the"]):
            break  # 'Doe, a former Roe aide': an apposition describing Doe
        cur = nxt
    return cur


def _role_like(w: str) -> bool:
    lw = w.lower().rstrip(".")
    return (lw in ROLE_WORDS or lw in ROLE_NOUNS or lw in ("the", "a", "an", "former", "then")
            or (w[:1].isupper() and lw not in ("and", "or")) or lw.endswith(("'s", "’s"))
            or lw[:1].isdigit())


def _sentence_subject(ctx: _Ctx, ps: int, end: int) -> tuple[int, int, int] | None:
    """The person opening the sentence [ps, end) or its main clause, after an introductory
    phrase ('With voters worried about Roe, President Doe is …')."""
    for m in _filter(ctx, ctx.mentions_in(ps, end)):
        if _subject_position(ctx, ps, m[0]):
            return m
    return None


# 'Doe was called "a liar"', 'Doe has been described as "a hawk"': the subject is the topic
_PASSIVE_AFTER = re.compile(
    r"\s+(?:\w+ly\s+)?(?:(?:has|have|had)\s+been|was|were|is|are|being|be)\s+(?:\w+ly\s+)?"
    r"(?:\w+ed|\w+en|\w+wn|\w+ght|called|told|made|hit|put|set)\b")


# Verbs of stance that put words in their subject's mouth without being speech cues
# ('Doe branded it "tasteless"', 'Doe used the phrase "…"', 'Doe Sees "Insult"').
_STANCE_FORMS = "|".join(
    f"(?:{stem})(?:{ends})" for stem, ends in (
        ("|".join(("brand", "attack", "hail", "thank", "call") + STANCE_STEMS), "s|ed|ing|"),
        ("support", "s|ed|ing"),
        ("|".join(STANCE_STEMS_E + ("characteris", "characteriz", "criticis", "criticiz", "estimat",
                                    "apologis", "apologiz", "compar", "us", "oppos", "introduc")),
         "e|es|ed|ing"),
        ("liken|term", "s|ed|ing|"), ("dub|refer", "s|bed|red|bing|ring|"),
        ("decr|den", "y|ies|ied"), ("see", "s|"), ("saw|spoke|speaks?|chided?", ""),
    ))
_STANCE_VERB = re.compile(r"\b(?:" + _STANCE_FORMS + r")\b", re.I)

_PASSIVE_STANCE = re.compile(r"\b(?:being|been|be|is|was|were|are)\s+(?:\w+ly\s+)?(?=\w+ed\b)(?:"
                             + _STANCE_FORMS + r")\b", re.I)


def _active_subject(ctx: _Ctx, ps: int, end: int, qspans: _Quoted) -> tuple[int, int, int] | None:
    """The sentence's subject when it is the one acting (not quoted, not passive, no 'by')
    with a verb of stance between it and the quote."""
    sub = _sentence_subject(ctx, ps, end)
    if sub is None or qspans.covers(sub[0]) or _PASSIVE_AFTER.match(ctx.text, sub[1], end):
        return None
    if ctx.text[ps:sub[0]].split()[:1] in (["As"], ["as"]):
        return None     # 'As Doe spoke, the lobby was whipping votes against "any gun control"'
    sub = _head_of_chain(ctx, _filter(ctx, ctx.mentions_in(sub[0], end)), 0, end)
    gap = ctx.text[sub[1]:end]
    if _PASSIVE_STANCE.search(gap):
        return None     # 'Doe, who could be celebrating being dubbed the "nominee"'
    if not _STANCE_VERB.search(ctx.text, sub[1], end):
        return None
    if _BY_AFTER.search(ctx.text, sub[1], end):
        return None     # 'Doe was joined by Roe, who called it "a farce"'
    return sub


# words that open a sentence, never end a name ('analyst Jane Doe The dispute …')
_SENTENCE_OPENERS = frozenset({"the", "a", "an", "this", "these", "those", "he", "she", "they",
                               "it", "we", "his", "her", "their", "its", "but", "and"})


def _capitalised_source(ctx: _Ctx, a: int, b: int, last: bool) -> tuple[str, int, int] | None:
    """A capitalised name that is not in the people list ("Acme Corp said")."""
    text = ctx.text
    runs = list(CAPSEQ.finditer(text, a, b))
    if not runs:
        m = _ACRONYM_SUBJ.search(text, a, b)
        if m and last:
            return m.group(1), m.start(1), m.end(1)
        return None
    r = runs[-1] if last else runs[0]
    toks = r.group().split()
    if any(t.lower() in _CALENDAR for t in toks):
        return None
    k = 0
    while k < len(toks) - 1 and (toks[k].lower().rstrip(".") in ROLE_WORDS or toks[k].lower().rstrip(".") in START_STOP
                                 or toks[k].lower()[:-1] in TRADE_NOUNS):
        k += 1      # (and a trade's plural: "Stockbrokers James Capel said")
    toks = toks[k:]
    cut = 0
    while len(toks) > 1 and toks[-1].lower() in _SENTENCE_OPENERS:
        toks.pop()      # 'said analyst Jane Doe The dispute …': a lost full stop
        cut += 1
    if not toks:
        return None
    low = " ".join(toks).lower()
    if len(toks) == 1 and low in demonym_words():
        return None     # '," said the American': a nationality, not a name
    if "-" in toks[-1] and toks[-1].rsplit("-", 1)[1][:1].islower():
        return None     # '," said the Newport-based athlete': a word that describes, not a name
    places = place_names()
    if low in START_STOP or low in GROUP_NOUNS or toks[-1].lower() in ROLE_WORDS \
            or low in places or r.group().lower() in places:
        return None
    end = r.end()
    if cut:
        end = r.start() + r.group().rfind(toks[-1]) + len(toks[-1])
    start = end - len(" ".join(toks))
    if _IN_BEFORE.search(text, max(0, start - 5), start):
        return None     # 'detainee A in Woodhill Prison said': where the one who speaks is
    # a misspelt surname of someone in the people list
    if len(toks) == 1:
        who = ctx.misspelt(norm_token(toks[0]))
        if who is not None:
            return ctx.people[who].name, start, end
    return " ".join(toks), start, end


_IN_BEFORE = re.compile(r"(?<![\w'’])[Ii]n\s+$")
_POSSESSIVE_ROLE = re.compile(r"(?:['’]s)?((?:\s+[a-z][a-z\-]*){0,3})\s+(?=[A-Z])")


_AND_OWNER = re.compile(r"\s+(?:and|&)\s+[A-Z][\w\-]*(?=['’]s\s)")


def _head_source(ctx: _Ctx, src: tuple[str, int, int], limit: int) -> tuple[str, int, int]:
    """The head of a capitalised noun phrase after a cue: its owner or its employer comes
    first ('said Acme's Jane Doe', 'said Acme co-host Jane Doe', 'added Hale and Dorr's Jane
    Doe'), the name last."""
    end = src[2]
    joined = _AND_OWNER.match(ctx.text, end, limit)
    if joined is not None:
        end = joined.end()      # the owner's name of two: 'Hale and Dorr's'
    m = _POSSESSIVE_ROLE.match(ctx.text, end, limit)
    if m is None or not (ctx.text[end] in "'’" or m.group(1).split() and joined is None) \
            or not all(w in ROLE_NOUNS or w in ROLE_WORDS for w in m.group(1).split()):
        return src
    nxt = _capitalised_source(ctx, m.end(), limit, last=False)
    return nxt if nxt is not None and nxt[1] == m.end() else src


class _Attr:
    __slots__ = ("speaker", "role", "conf", "ss", "se", "cue", "pronoun", "found", "cs", "ce")

    def __init__(self) -> None:
        self.speaker: str | None = None
        self.role: str | None = None
        self.conf = 0.0
        self.ss: int | None = None
        self.se: int | None = None
        self.cue: str | None = None
        self.pronoun: str | None = None
        self.found = False
        self.cs: int | None = None       # where the cue is
        self.ce: int | None = None


# a name's apposition set off by commas, right before the cue
_APPOSITION = re.compile(r",[^\"“”.;:!?\n]{3,140},\s*")


def _post(ctx: _Ctx, s, pe: int, ps: int, qspans: _Quoted) -> _Attr | None:
    """Attribution after the closing mark: '," Doe said', '," said Doe', '," he added'."""
    text = ctx.text
    a = s.close
    content_end = text[s.end - 1] if s.end > s.start else ""
    m = CUE_RE.search(text, a, min(pe, a + 320))
    if not m or m.start() - a > 60:
        got = _unlisted_cue(ctx, s, a, pe, ps)
        if got is not None or not m:
            return got
    between = text[a:m.start()]
    if _AND_BEFORE_CUE.fullmatch(between) and s.open > ps:
        # 'Doe condemned "such an attack" and declared …': the cue shares the sentence's subject
        sub = _sentence_subject(ctx, ps, s.open)
        if sub is not None and not _PASSIVE_AFTER.match(text, sub[1], s.open):
            out = _Attr()
            out.found = True
            out.cue, out.cs, out.ce = m.group(), m.start(), m.end()
            sub = _head_of_chain(ctx, _filter(ctx, ctx.mentions_in(sub[0], s.open)), 0, s.open)
            out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, sub)
            out.conf = min(out.conf, 0.85)
            return out
    intro = _INTRODUCES.match(text, m.end())
    if intro and _OPENS_NEXT.match(text, intro.end()) and not CUE_RE.search(text, m.end(), intro.end()):
        return None  # '… Doe said: "…"' speaks the next quote, not this one ('Doe said before
        # adding: "…"' speaks both; 'Doe said: That Roe …' introduces no quote)
    if content_end in ".!?":
        # the quoted sentence ended; only '"…?" he asked' / '"…." Doe said.' carry on
        first = between.lstrip(" ,—–-")
        if first[:1].isupper() and _OPENS_AFTER_COMMA.match(text, m.end()):
            return None     # '"…." He added, "…"': a new sentence introducing the next quote
        if first[:1].isupper() and not ctx.mentions_in(a, m.start()) and not _PRON_FIRST.match(between):
            src = _capitalised_source(ctx, a, m.start(), last=True)
            if not (src and _SUBJECT_GAP.match(text[src[2]:m.start()]) and _gap_is_subject(text[a:src[1]])
                    and _CUE_ENDS.match(text, m.end())):
                return None   # ('"…." City recently announced debts of £62m': a sentence of its own)
        named = ctx.mentions_in(a, m.start())
        # '"…!" the party's presumptive nominee, Jane Doe, tweeted': a long description
        # that ends in the name right before the cue is still the subject
        described = bool(named) and _gap_is_subject(text[a:named[-1][0]]) \
            and _SUBJECT_GAP.match(text[named[-1][1]:m.start()].replace(",", " ", 1))
        if (len(between) > 50 and not described) \
                or m.group().lower() in _NOT_INVERTIBLE - {"told", "told reporters", "told journalists"} \
                or _CLAUSE_AFTER.match(text, m.end()):
            return None
        if named and (text[a:named[0][0]].strip(" ,—–-\n\t")
                      or (text[named[-1][1]:m.start()].strip() and "," not in text[named[-1][1]:m.start()])) \
                and not _CUE_ENDS.match(text, m.end()):
            return None  # '"…." On Monday Doe insisted the plan…', '"…." Doe has also
            # announced a kind of …': a new sentence, reported speech
    out = _Attr()
    out.cue = m.group()
    out.cs, out.ce = m.start(), m.end()
    out.found = True
    if out.cue.lower() in ("quoted", "quotes") and not _PASSIVE_BEFORE.search(text, max(a, m.start() - 12), m.start()):
        # '," the agency quoted Doe as saying': the one quoted speaks, not the outlet
        for x in _filter(ctx, ctx.mentions_in(m.end(), min(pe, m.end() + 100))):
            if _QUOTED_AS.match(text, x[1]):
                out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, x)
                out.conf = min(out.conf, 0.9)
                return out
        src = _capitalised_source(ctx, m.end(), min(pe, m.end() + 100), last=False)
        if src and _QUOTED_AS.match(text, src[2]):
            out.speaker, out.ss, out.se = src
            out.conf = 0.8
            return out
        pm = _QUOTED_PRONOUN.match(text, m.end(), min(pe, m.end() + 40))
        if pm:
            out.pronoun = {"him": "he", "her": "she", "them": "they"}[pm.group(1)]
            out.ss, out.se = pm.start(1), pm.end(1)
        return out
    ms = _filter(ctx, ctx.mentions_in(a, m.start()))
    subj = None
    if ms:
        first_mention = ms[0]
        if _gap_is_subject(text[a:first_mention[0]]) and (
                len(between) <= 160 or _RELATIVE.match(text[first_mention[1]:m.start()])):
            subj = first_mention
        elif _SUBJECT_GAP.match(text[ms[-1][1]:m.start()]) and len(between) <= 160:
            subj = ms[-1]   # '" and against the law, Doe said'
    if subj is not None:
        subj = _head_of_chain(ctx, ms, ms.index(subj), m.start())
        out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, subj)
        if not _SUBJECT_GAP.match(text[subj[1]:m.start()]):
            out.conf = min(out.conf, 0.9)
        return out
    if len(between) > 160:
        return None
    pm = _PRON_FIRST.match(between) or (_PRONOUN_SUBJ.search(between) if not ms else None)
    if pm:
        out.pronoun = pm.group(1).lower()
        out.ss, out.se = a + pm.start(1), a + pm.end(1)
        return out
    # cue first: '," said Doe' / '," says the economist Jane Doe, a former…'
    cue = m.group().lower()
    if cue not in _INVERTIBLE and (cue in _NOT_INVERTIBLE or not _LEADING.match(between)):
        return out  # '," Doe told Roe' has its subject first; 'told Roe' names the listener
    ms2 = _filter(ctx, ctx.mentions_in(m.end(), min(pe, m.end() + 100)))
    if ms2 and _AFTER_CUE_GAP.match(text[m.end():ms2[0][0]]):
        head = _head_of_chain(ctx, ms2, 0, pe)
        out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, head)
        if not _LEADING.match(between):
            out.conf = min(out.conf, 0.9)
        return out
    pm = _PRONOUN_AFTER.match(text, m.end(), min(pe, m.end() + 12))
    if pm:
        out.pronoun = pm.group(1).lower()
        out.ss, out.se = pm.start(1), pm.end(1)
        return out
    dm = _DEMONYM_AFTER.match(text, m.end(), min(pe, m.end() + 40)) if _LEADING.match(between) else \
        _DEMONYM_BEFORE.fullmatch(text, a, m.start())
    if dm and dm.group(1).lower() in demonym_words():
        # '," said the American': someone named before, like a pronoun of either gender
        out.pronoun = _DEMONYM
        out.ss, out.se = dm.start(1), dm.end(1)
        return out
    src = _capitalised_source(ctx, m.end(), min(pe, m.end() + 60), last=False)
    if src and _AFTER_CUE_GAP.match(text[m.end():src[1]]):
        dm = _DESC_START.match(text, m.end(), min(pe, m.end() + 60)) if _LEADING.match(between) else None
        d = _by_role(ctx, m.end(), dm.group(1)) if dm else None
        if d is not None:
            out.speaker, out.role, out.conf = d    # '," said the Chelsea boss': a job, not 'Chelsea'
            return out
        if dm is not None and dm.start(1) >= src[2] and dm.group(1) not in _SPEAKS_FOR_A_BODY:
            # '," said the Tottenham striker' with no striker named: the player the text is
            # about, like a pronoun, not Tottenham (a spokesman speaks for the body he is
            # named by: read as a source, below)
            out.pronoun = _DEMONYM
            out.ss, out.se = dm.start(1), dm.end(1)
            return out
        out.speaker, out.ss, out.se = _head_source(ctx, src, min(pe, m.end() + 80))
        out.conf = 0.8
        return out
    src = _capitalised_source(ctx, a, m.start(), last=True)
    if src and _SUBJECT_GAP.match(text[src[2]:m.start()]) and _gap_is_subject(text[a:src[1]]):
        out.speaker, out.ss, out.se = src
        out.conf = 0.8
        return out
    src = _capitalised_source(ctx, a, m.start(), last=False) if text.count(",", a, m.start()) >= 2 else None
    if src and _APPOSITION.fullmatch(text, src[2], m.start()) and _gap_is_subject(text[a:src[1]]) \
            and not qspans.covers(src[1]):
        out.speaker, out.ss, out.se = src      # '," Jane Doe, co-founder of Acme, said'
        out.conf = 0.8
        return out
    # '"…," the Vermont senator said': a definite description of someone named earlier
    d = _description(ctx, a, m.start())
    if d is None and _LEADING.match(between):
        d = _description_after(ctx, m.end(), min(pe, m.end() + 60))
    if d is not None:
        out.speaker, out.role, out.conf = d
        return out
    # 'Doe, citing "…", said the plan…': the sentence's subject said it
    if s.open > ps and _LEADING.match(between):
        sub = _sentence_subject(ctx, ps, s.open)
        if sub is not None:
            out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, sub)
            out.conf = min(out.conf, 0.85)
    return out


# '"…," beamed Jane Doe' / '"…," Jane Doe remembered.': a past-tense verb right against a
# quote that ends in a comma is its speech verb, listed as a cue or not
_VERB_FIRST = re.compile(r"[ \t]+([a-z]{3,}ed)[ \t]+")
_VERB_AFTER = re.compile(r"[ \t]+([a-z]{3,}ed)\b(?=[^\w\n]{0,3}(?:[.,;]|$)|[ \t]+(?:on|in|at|to|as)\b)")


def _unlisted_cue(ctx: _Ctx, s, a: int, pe: int, ps: int) -> _Attr | None:
    """Only for a quote that opens its sentence: in 'Doe, star of "Scandal," thanked Roe'
    the comma closes an apposition, not speech."""
    text = ctx.text
    if not s.closed or text[s.end - 1:s.end] not in (",", "?", "!") \
            or text[ps:s.open].strip(" \t-—–•*"):
        return None
    out = _Attr()
    v = _VERB_FIRST.match(text, a, pe)
    ms = _filter(ctx, ctx.mentions_in(a, min(pe, a + 120)))
    if not ms:
        return None
    k = ms[0]
    if v is not None and k[0] == v.end():
        out.cs, out.ce, out.cue = v.start(1), v.end(1), v.group(1)
        k = _head_of_chain(ctx, ms, 0, pe)
    elif _gap_is_subject(text[a:k[0]]) and not text[a:k[0]].strip(" \t,"):
        k = _head_of_chain(ctx, ms, 0, pe)
        v = _VERB_AFTER.match(text, k[1], pe)
        if v is None:
            return None
        out.cs, out.ce, out.cue = v.start(1), v.end(1), v.group(1)
    else:
        return None
    out.found = True
    out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, k)
    out.conf = min(out.conf, 0.85)
    return out


def _prev_cue_subject(ctx: _Ctx, ps: int, cue_start: int,
                      ms: list[tuple[int, int, int]]) -> tuple[int, int, int] | None:
    """'…, Doe said, adding, "…"': the subject of the cue just before a participle."""
    text = ctx.text
    m0 = None
    for m0 in CUE_RE.finditer(text, max(ps, cue_start - 60), cue_start):
        pass
    if m0 is None or not _LEADING.match(text[m0.end():cue_start].replace(",", " ") or " "):
        return None
    for k in reversed(ms):
        if k[1] <= m0.start() and _SUBJECT_GAP.match(text[k[1]:m0.start()]):
            return k
    return None


_OBJECT_PREP = {"by", "with", "to", "for", "of", "from", "about", "against", "on", "at", "over",
                "than", "into", "toward", "towards", "like", "and", "or", "between", "among",
                "as", "under", "behind", "after", "before", "beside", "via"}


_ING_NEXT = re.compile(r"\s+[a-z]{2,}ing\b")
# words of _OBJECT_PREP that also join clauses ('as Doe said', 'and Doe added')
_CONJUNCTIONS = frozenset({"as", "and", "or"})


def _object_of_preposition(ctx: _Ctx, ps: int, a: int, besides: frozenset = frozenset()) -> bool:
    """'joined by Doe', 'a letter to Doe': the mention is an object, not the subject
    (``besides``: words not counted as prepositions here)."""
    words = ctx.text[max(ps, a - 80):a].split()
    while words and (words[-1].lower().rstrip(".") in ROLE_WORDS or words[-1][:1].isupper()):
        words.pop()
    if len(words) >= 2 and words[-1].lower() in ("and", "or") and words[-2].endswith(","):
        return False        # '…, and Doe said:': a clause of its own, Doe its subject
    return bool(words) and words[-1].lower() in _OBJECT_PREP and words[-1].lower() not in besides


class _Quoted:
    """The quotes' content ranges, asked "is this position quoted?" by bisection (a scan of
    every quote per mention made a line of thousands of quotes cubic)."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        ranges = sorted(ranges)
        self._starts = [a for a, _b in ranges]
        self._reach: list[int] = []        # the furthest end among the ranges so far
        far = -1
        for _a, b in ranges:
            far = max(far, b)
            self._reach.append(far)

    def covers(self, pos: int) -> bool:
        k = bisect_right(self._starts, pos) - 1
        return k >= 0 and self._reach[k] > pos


def _pre(ctx: _Ctx, s, ps: int, ps_full: int, qspans: _Quoted) -> _Attr | None:
    """Attribution before the opening mark: 'Doe said: "…"', 'according to Doe, "…"',
    'Doe said on Monday that it would be "…"', 'He added: "…"'."""
    text = ctx.text
    m = None
    for c in CUE_RE.finditer(text, ps, s.open):
        if text[c.start() - 3:c.start()] != "so-":     # 'the so-called "…"' is no speech
            m = c
    if m is None:
        return _speech_act(ctx, ps, s.open)
    out = _Attr()
    out.cue = m.group()
    out.cs, out.ce = m.start(), m.end()
    out.found = True
    if _ACCORDING.fullmatch(m.group()):
        ms = _filter(ctx, ctx.mentions_in(m.end(), s.open))
        if ms and _AFTER_CUE_GAP.match(text[m.end():ms[0][0]]):
            out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, ms[0])
            return out
        src = _capitalised_source(ctx, m.end(), s.open, last=False)
        if src:
            out.speaker, out.ss, out.se = src
            out.conf = 0.8
        return out
    head = text[ps:m.start()]
    pm = _PRONOUN_SUBJ.search(head)
    if pm is None and m.group().endswith("ing"):
        pm = _PRONOUN_CLAUSE.search(head)      # 'But he is not envious, insisting: "…"'
    ms = _filter(ctx, ctx.mentions_in(ps, m.start()))
    if not ms and not pm and ps_full < ps:
        # the window was cut by an earlier quote in the sentence: 'Doe said "…," adding, "…"'
        ms = [x for x in _filter(ctx, ctx.mentions_in(ps_full, m.start()))
              if not qspans.covers(x[0])]
        ps = ps_full
        if m.group().endswith("ing"):
            pm = _PRONOUN_CLAUSE_QUOTING.search(text[ps:m.start()])     # offsets from ps, as above
    by = _BY_AFTER.match(text, m.end(), s.open)
    if by and _PASSIVE_BEFORE.search(text, max(ps, m.start() - 12), m.start()):
        # 'Doe was asked by the host Roe, "…"': the asker speaks
        ms2 = _filter(ctx, ctx.mentions_in(by.end(), s.open))
        if ms2 and _AFTER_CUE_GAP.match(" " + text[by.end():ms2[0][0]]):
            out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, ms2[0])
            out.conf = 0.9
            return out
    desc = _description_subject(ctx, ps, m.start(), ms)
    if desc is not None:
        # '…, and later the chancellor told reporters:': the person named earlier with that
        # role, else nobody (the names before are not the one described)
        d = _by_role(ctx, desc[0], desc[1])
        if d is not None:
            out.speaker, out.role, out.conf = d
        return out
    if ms:
        near = ms[-1]
        chosen: tuple[int, int, int] | None = near
        appos = next((k for k in ms[:-1] if _RELATIVE.match(text[k[1]:m.start()])), None)
        subj = ms[0] if _subject_position(ctx, ps, ms[0][0]) else None
        participle = m.group().endswith("ing") and text[max(ps, m.start() - 8):m.start()].rstrip().endswith((",", "while", "before", "after", "by", "when", " and"))
        prev_cue = _prev_cue_subject(ctx, ps, m.start(), ms) if participle else None
        if subj is None and participle:
            subj = next((k for k in ms if _subject_position(ctx, ps, k[0])), None)
        if prev_cue is not None:
            chosen = prev_cue                   # 'Roe will come, Doe said, adding, "…"'
        elif participle and subj is not None and not (pm and ps + pm.start(1) > subj[1]):
            chosen = subj                       # 'Doe met Roe on Monday, saying "…"'
        elif participle and subj is None and pm and ps + pm.start(1) < ms[0][0]:
            chosen = None                       # 'He said that Doe spoke well, adding:': he adds
        elif participle and subj is None and _object_of_preposition(ctx, ps, near[0], _CONJUNCTIONS) \
                and not _WHO_NEXT.match(text, near[1]) and not _ING_NEXT.match(text, near[1]):
            chosen = None                       # 'Doe compared himself to Roe, saying:' (not
            # 'with Roe marching up to him, saying': Roe has a verb of her own)
        elif appos is not None:
            chosen = appos                      # 'Doe, a former aide to Roe, said:'
        elif pm and ps + pm.start(1) > near[1]:
            chosen = None                       # 'Doe met Roe, and he said:'
        elif subj is not None and subj is not near and _object_of_preposition(ctx, ps, near[0]):
            chosen = subj                       # 'Doe was joined by Roe and joked:'
        elif len(text[near[1]:m.start()]) > 60:
            chosen = subj
        if chosen is not None:
            out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, chosen)
            if not _SUBJECT_GAP.match(text[chosen[1]:m.start()]):
                out.conf = min(out.conf, 0.9)
            return out
    if pm:
        out.pronoun = pm.group(1).lower()
        out.ss, out.se = ps + pm.start(1), ps + pm.end(1)
        return out
    # inverted: 'said Doe: "…"' (not 'calling Doe "a liar"': Doe is the one called)
    ms = _filter(ctx, ctx.mentions_in(m.end(), s.open))
    if ms and _AFTER_CUE_GAP.match(text[m.end():ms[0][0]]) and m.group().lower() not in _NOT_INVERTIBLE:
        speaker_mention = _head_of_chain(ctx, ms, 0, s.open)
        out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, speaker_mention)
        return out
    src = _capitalised_source(ctx, ps, m.start(), last=True)
    if src and _SUBJECT_GAP.match(text[src[2]:m.start()]):
        out.speaker, out.ss, out.se = src
        out.conf = 0.8
        return out
    d = _description(ctx, ps, m.start())
    if d is not None:
        out.speaker, out.role, out.conf = d
        return out
    src = _capitalised_subject(ctx, ps, m.start(), qspans)
    if src is not None:
        out.speaker, out.ss, out.se = src
        out.conf = 0.8
    return out


# after a sentence's capitalised subject: an apposition (not an introductory phrase that a
# pronoun subject follows: 'On Twitter, she said'), or a verb in the past tense
_SUBJECT_NEXT = re.compile(r",(?!\s*(?:he|she|they|we|I|it|you)\b)|\s+[a-z]{2,}ed\b")


# a second clause, with a subject of its own, between a subject and the cue
_CLAUSE_BREAK = re.compile(r"(?:[,;]\s+(?:but|while|whereas|although|though)|\sbut)\s")
# words before a capitalised run that make it no subject: 'the Acme Party', 'in Ohio'
_NOT_SUBJECT_BEFORE = frozenset({"the", "a", "an", "in", "near", "inside", "outside", "across",
                                 "through", "around", "within", "throughout"})


def _capitalised_subject(ctx: _Ctx, ps: int, cue: int, qspans: _Quoted) -> tuple[str, int, int] | None:
    """The sentence's subject where the people list names no one: a capitalised name that
    opens the sentence or its main clause, then an apposition or a past-tense verb ('Jane
    Doe, a former aide, said, "…"'; 'Here in Ohio, Doe stepped up her attacks, saying
    "…"'); not 'Acme users said' (a modifier), 'When Doe …' (a subordinate clause), 'the
    Acme Party' (a description) nor 'Likewise, …' (an adverb)."""
    text = ctx.text
    if _PASSIVE_BEFORE.search(text, max(ps, cue - 12), cue):
        return None                             # 'Doe was called "…"': someone else called him
    runs = list(islice(CAPSEQ.finditer(text, ps, cue), 3))
    if not any(_SUBJECT_NEXT.match(text, r.end(), cue) for r in runs):
        return None                             # (the test below, first, for all three)
    for r in runs:
        if qspans.covers(r.start()):
            continue                            # a name inside a quote ('"Your Honor," I said')
        if text.startswith(("'s ", "’s "), r.end()):
            continue                            # 'Acme's Jane Doe': the possessor modifies
        src = _capitalised_source(ctx, r.start(), r.end(), last=False)
        if src is None:
            continue
        head = text[max(ps, r.start() - 12):src[1]]
        before = head[head.rfind(",") + 1:].split()     # the words of its own clause
        if any(w.lower() in _OBJECT_PREP or w.lower() in _NOT_SUBJECT_BEFORE for w in before):
            continue                            # 'Here in Ohio, Doe …': Ohio is no subject
        if not _subject_position(ctx, ps, src[1]):
            return None
        if " " not in src[0] and src[0].lower().endswith(("wise", "ly")):
            return None
        if not _SUBJECT_NEXT.match(text, r.end(), cue) or _CLAUSE_BREAK.search(text, r.end(), cue):
            return None     # 'Acme claimed …, but his lawyer told …:' has a subject of its own
        return src
    return None


# A speech act that is no listed cue, right before the quote: 'Doe …, tweeting at him, "…"',
# 'Doe issued a statement, "…"', 'Doe interrupted to announce, "…"'
_SPEECH_ACT = re.compile(
    r"(?:,\s+(?:and\s+)?([a-z]{3,}ing)(?:\s+(?:at|to)\s+\w+|\s+(?:him|her|them|us|me|reporters))?"
    r"|\s(?:a|the)\s+(statement)|\sto\s+(announce|declare|add|say|ask))\s*[,:]\s*$")


_VERB_BEFORE = re.compile(r"[ \t]+([a-z]{3,}ed),[ \t]*$")


def _speech_act(ctx: _Ctx, ps: int, open_: int) -> _Attr | None:
    """The sentence's subject speaks through a speech act no cue lists (see _SPEECH_ACT);
    or a name right before a past-tense verb and a comma: 'Doe cracked, "…"'."""
    m = _SPEECH_ACT.search(ctx.text, max(ps, open_ - 60), open_)
    if m is None:
        v = _VERB_BEFORE.search(ctx.text, max(ps, open_ - 30), open_)
        ms = _filter(ctx, ctx.mentions_in(ps, v.start())) if v else []
        if not ms or ms[-1][1] != v.start() or _object_of_preposition(ctx, ps, ms[-1][0]):
            return None
        out = _Attr()
        out.found = True
        out.cue, out.cs, out.ce = v.group(1), v.start(1), v.end(1)
        out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, ms[-1])
        out.conf = min(out.conf, 0.85)
        return out
    sub = _sentence_subject(ctx, ps, m.start())
    if sub is None or _PASSIVE_AFTER.match(ctx.text, sub[1], m.start()):
        return None
    sub = _head_of_chain(ctx, _filter(ctx, ctx.mentions_in(sub[0], m.start())), 0, m.start())
    out = _Attr()
    out.found = True
    k = m.lastindex or 1
    out.cue, out.cs, out.ce = m.group(k), m.start(k), m.end(k)
    out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, sub)
    out.conf = min(out.conf, 0.85)
    return out


_DESC_HEADS = {
    "senator": ("senator", "sen"), "governor": ("governor", "gov"), "president": ("president",),
    "minister": ("minister",), "secretary": ("secretary",), "candidate": ("candidate",),
    "nominee": ("nominee",), "chairman": ("chairman",), "chairwoman": ("chairwoman",),
    "mayor": ("mayor",), "MP": ("mp",), "MEP": ("mep",), "congressman": ("congressman", "rep"),
    "congresswoman": ("congresswoman", "rep"), "representative": ("representative", "rep"),
    "spokesman": ("spokesman",), "spokeswoman": ("spokeswoman",),
    "ambassador": ("ambassador",), "chancellor": ("chancellor",), "economist": ("economist",),
    "analyst": ("analyst",), "strategist": ("strategist",), "pollster": ("pollster",),
    "billionaire": ("billionaire",), "businessman": ("businessman",),
    "businesswoman": ("businesswoman",), "lawmaker": ("lawmaker",), "premier": ("premier",),
    "leader": ("leader",), "chief": ("chief",), "general": ("general", "gen"),
    # jobs a sports, business or arts story names its people by ('," said the Chelsea boss')
    **{w: (w,) for w in ("manager", "boss", "coach", "captain", "striker", "midfielder", "defender",
                         "goalkeeper", "winger", "player", "sprinter", "athlete", "champion", "director",
                         "executive", "founder", "owner", "editor", "singer", "actor", "actress", "author",
                         "novelist", "writer", "producer", "presenter", "lawyer", "judge", "prosecutor",
                         "professor", "researcher", "scientist", "commissioner", "commander")},
}
_HEADS = "|".join(_DESC_HEADS)
# heads whose holder speaks for the body named before them ('said the Pentagon spokesman')
_SPEAKS_FOR_A_BODY = frozenset({"spokesman", "spokeswoman", "representative"})
# '…, the Vermont senator and Democratic candidate said' (the description ends at the cue)
_DESC_END = re.compile(r"\b[Tt]he\s+(?:[\w.’'\-]+\s+){0,6}?(" + _HEADS + r")\b"
                       r"(?:\s+(?:and|of|for|from|in)\s+[^,.;\"“”]{0,60})?[\s,]*$")
# '," said the Vermont senator' (the description starts after the cue)
_DESC_START = re.compile(r"\s+[Tt]he\s+(?:[\w.’'\-]+\s+){0,6}?(" + _HEADS + r")\b")


def _description(ctx: _Ctx, a: int, b: int) -> tuple[str, str | None, float] | None:
    """'the Vermont senator' -> the person named earlier whose role has that head word."""
    m = _DESC_END.search(ctx.text, a, b)
    return _by_role(ctx, a, m.group(1)) if m else None


def _description_subject(ctx: _Ctx, ps: int, cue: int,
                         ms: list[tuple[int, int, int]]) -> tuple[int, str] | None:
    """Where a definite description right before the cue starts, and its head word, when it
    is nearer the cue than any name and no apposition of a name ('Doe denied it, and later
    the chancellor told reporters:'; not 'Doe, the senator, said:')."""
    d = _DESC_END.search(ctx.text, ps, cue)
    if d is None or any(k[1] > d.start() for k in ms) or "," in ctx.text[d.start():cue]:
        return None                             # 'Doe, … the chairman of X, said': an apposition
    if ms and not ctx.text[ms[-1][1]:d.start()].strip(" ,"):
        return None
    return d.start(), d.group(1)


def _description_after(ctx: _Ctx, a: int, b: int) -> tuple[str, str | None, float] | None:
    m = _DESC_START.match(ctx.text, a, b)
    return _by_role(ctx, a, m.group(1)) if m else None


# 'The executive spokeswoman said …': a sentence whose subject is an unnamed spokesman who speaks
_DESC_SPEAKS = re.compile(r"\s*(?:[Tt]he|[Aa]n?)\s+(?:[\w.’'\-]+\s+){0,4}?(spokesman|spokeswoman|spokesperson|"
                          r"representative)\s+"
                          r"(?:also\s+|later\s+|has\s+|had\s+)?(?:said|says|told|tells|added|adds|explained|"
                          r"insisted|warned|argued|stressed)\b")
_HEAD_GENDER = {"spokeswoman": "f", "spokesman": "m"}


def _described_speaker(ctx: _Ctx, pos: int, pronoun: str) -> bool:
    """A he/she that opens its sentence right after one whose subject is an unnamed spokesman
    ('The executive spokeswoman said …. She said: "…"', 'A Home Office spokesman said …. He
    added'): the spokesman speaks again, whom the text does not name; a name further back would
    be wrong. (Other descriptions, 'The prime minister said …. He told', mostly name again the
    person the story is about: not these.)"""
    want = {"he": "m", "she": "f"}.get(pronoun)
    if want is None:
        return False
    text = ctx.text
    ss = ctx.prev_boundary(max(0, pos - 400), pos)
    if text[ss:pos].strip(" \t\"“”'‘’") or ss < 2:
        return False
    prev = ctx.prev_boundary(max(0, ss - 400), ss - 2)
    m = _DESC_SPEAKS.match(text, prev, ss)
    if m is None or ctx.mentions_in(prev, m.end()):
        return False
    return _HEAD_GENDER.get(m.group(1), want) == want


def _by_role(ctx: _Ctx, pos: int, head: str) -> tuple[str, str | None, float] | None:
    keys = _DESC_HEADS[head]
    i = bisect_left(ctx.mstarts, pos) - 1
    seen = 0
    while i >= 0 and seen < 60:
        p = ctx.people[ctx.mentions[i][2]]
        role = (p.role or "").lower().replace(".", "").split()
        if role and any(k in role for k in keys):
            return p.name, p.role, 0.6
        i -= 1
        seen += 1
    return None


_SUBORDINATORS = {"when", "while", "after", "before", "if", "since", "although", "though",
                  "because", "until", "unless", "whether", "whereas"}


# what may open a clause before its subject: a conjunction, a time ('And last week Doe …',
# 'Earlier this month Doe …'); a name after them is still the clause's subject
_LEAD_INS = frozenset("and but yet so meanwhile also now then still today yesterday tonight earlier later "
                      "last next this week month year weekend".split())
# small words inside a capitalised title before a name ('Only Fools and Horses star Doe')
_TITLE_JOINERS = frozenset({"and", "of", "&", "for", "in", "on"})
_WORD = re.compile(r"\S+")
# words of a role not in ROLE_WORDS: "shadow chancellor", "caretaker manager"
_ROLE_MODIFIERS = {"shadow", "interim", "caretaker", "assistant", "joint", "co"}
# a name followed by another in a list ("stars De Niro, Streisand and Stiller"): no subject
_LIST_NEXT = re.compile(r"(?:,\s+|\s+and\s+)[A-Z][\w'’-]+\s+[A-Z]")


def _subject_position(ctx: _Ctx, ps: int, a: int) -> bool:
    """A mention that opens its clause (after role words, or after an introductory phrase
    ending in a comma): 'Defence Minister Jane Doe …', 'On Monday, Doe …'; not 'When Doe …'."""
    head = ctx.text[ps:a]
    c = head.rfind(",")
    if c >= 0:
        ps += c + 1
        head = head[c + 1:]
    found = list(_WORD.finditer(head))
    words = [m.group() for m in found]
    if words and words[0].lower() in _SUBORDINATORS:
        return False
    leading = True          # still in the clause's lead-in ('And last week …')
    for k, w in enumerate(words):
        lw = w.lower().rstrip(".")
        if leading and lw in _LEAD_INS and (c < 0 or lw != "and"):
            continue        # (', and Doe': more likely a list's last name than a new clause)
        leading = False
        if lw in ROLE_WORDS or lw in STRONG_TITLES or lw in _ROLE_MODIFIERS or lw in ("the", "a", "an") \
                or w[:1].isupper() \
                or not w[:1].isalpha() or lw.endswith(("'s", "’s")):
            continue
        if lw in _TITLE_JOINERS and 0 < k < len(words) - 1 and words[k - 1][:1].isupper() \
                and words[k + 1][:1].isupper() and not _mention_ends(ctx, ps + found[k - 1].end()):
            continue        # inside a capitalised title: 'Only Fools and Horses star Doe' (not 'Roe and Doe')
        return False
    return True


def _mention_ends(ctx: _Ctx, end: int) -> bool:
    """A person's mention ends at ``end``."""
    i = bisect_left(ctx.mstarts, end) - 1
    return i >= 0 and ctx.mentions[i][1] == end


def _resolve_pronoun(ctx: _Ctx, pos: int, pronoun: str, floor: int,
                     speakers_at: list[tuple[int, int]],
                     qspans: _Quoted | None = None,
                     named: frozenset[int] = frozenset()) -> tuple[int | None, float]:
    """The person a he/she refers to at ``pos``: the latest subject-like compatible mention
    outside quotes (a name a speaker says is not who "he" is), other than the people the
    quote itself names (``named``): a speaker talks of others by name, not of himself ('"He
    has remarkable ability … the Robert Kilroy-Silk Party," he said' is not Kilroy-Silk's)."""
    want = {"he": "m", "she": "f"}.get(pronoun)
    text = ctx.text
    i = bisect_left(ctx.mstarts, pos) - 1
    ms = ctx.mentions
    sent_start = ctx.prev_boundary(max(floor, pos - 400), pos)
    fallback = None
    spoke = {p for _, p in speakers_at}

    def qspans_covers(x: int) -> bool:
        return qspans is not None and qspans.covers(x)
    while i >= 0 and ms[i][0] >= floor:
        a, b, pid = ms[i]
        i -= 1
        if text[b:b + 2] in ("'s", "’s"):
            continue
        if (qspans is not None and qspans.covers(a)) or pid in named:
            continue
        if _reported_by_pronoun(ctx, b):
            continue            # 'Mr Blair has failed, he claimed': what another "he" says of him
        g = ctx.gender(pid)
        if want and g and g != want:
            continue
        if pronoun == "they" and pid not in spoke:
            continue
        if a >= sent_start:
            return pid, 0.7
        ss = ctx.prev_boundary(max(floor, a - 300), a)
        if (_subject_position(ctx, ss, a) and not _LIST_NEXT.match(text, b)) \
                or _WHO_NEXT.match(text, b) and not _object_of_preposition(ctx, ss, a, _WHO_OBJECT_BESIDES) \
                or _speaks_there(text, ss, a, b):
            return pid, 0.7     # a subject, the subject of 'Doe, who …', or one who speaks there
        if pid in spoke:
            # an earlier speaker named inside a clause yields to the subject of that
            # sentence: 'Roe is angry and says that Doe and herself are …' then '"…," she said'
            # (or named after that subject's speech verb: 'Doe insists he will not sell Roe')
            sub = _sentence_subject(ctx, ss, a)
            if sub is not None and sub[2] != pid and sub[2] not in named and not qspans_covers(sub[0]) \
                    and (not want or ctx.gender(sub[2]) in (None, want)) and pronoun != "they" \
                    and (_opens_reported_clause(text, max(ss, a - 30), a) or _speaks_there(text, ss, sub[0], sub[1])
                         or _OBJECT_BEFORE.search(text, max(ss, a - 20), a) is not None):
                return sub[2], 0.7
            return pid, 0.7
        if fallback is None:
            fallback = pid
    if fallback is not None:
        return fallback, 0.6
    return None, 0.0


# ', he claimed' after a clause: the clause is what the he says ('Mr Blair has failed to tackle
# these problems, he claimed'): its names are not the he
_PRONOUN_ATTRIBUTION = re.compile(r",[ \t]*(?:he|she)[ \t]+(?:also[ \t]+)?" + CUE_RE_SRC)
_SENTENCE_END = re.compile(r"[.!?](?=[\s\"”’']|$)|\n")
_QUOTE_MARK = re.compile(r"[\"“”]")
_SUBORDINATE = re.compile(r"\b(?:who|which|that|whom|whose|whether|because|if|when)\b")


def _reported_by_pronoun(ctx: _Ctx, b: int) -> bool:
    """The mention ending at ``b`` sits in a clause that a pronoun's speech verb reports, later
    in its sentence."""
    text = ctx.text
    e = _SENTENCE_END.search(text, b, b + 300)
    end = e.start() if e is not None else min(len(text), b + 300)
    if text.find(",", b, end) < 0:
        return False
    m = _PRONOUN_ATTRIBUTION.search(text, b, end)
    # the clause between is the mention's own: no quotation (a lost full stop may join two
    # sentences) and no clause of another subject ('Doe has no doubt it is Roe who, he claims,')
    return m is not None and _QUOTE_MARK.search(text, b, m.start()) is None \
        and _SUBORDINATE.search(text, b, m.start()) is None


# 'says that Doe …': a name opening a reported clause, not the sentence's subject
_THAT_BEFORE = re.compile(r"\bthat\s+$")


def _opens_reported_clause(text: str, a: int, b: int) -> bool:
    """The name at ``b`` follows 'that' or a speech cue: 'says that Doe …', 'said Doe was …'."""
    if _THAT_BEFORE.search(text, a, b):
        return True
    last = None
    for last in CUE_RE.finditer(text, a, b):
        pass
    return last is not None and not text[last.end():b].strip()
# a name right after a verb or a preposition that takes it as an object ('to give Doe a
# contract', 'praised Doe', 'behind Doe'; not 'Roe and Doe')
_OBJECT_BEFORE = re.compile(r"\b(?:[a-z]+ed|give|gives|giving|sign|signs|signing|sell|selling|"
                            + "|".join(sorted(_OBJECT_PREP - _CONJUNCTIONS - {"than"})) + r")\s+$")
# 'None more so than Doe, who …': the relative clause makes Doe what the text is about (not
# 'Roe apologised to Acme's Doe, who was hurt': the object of a preposition)
_WHO_NEXT = re.compile(r",\s+who\s")
_WHO_OBJECT_BESIDES = frozenset({"than", "and", "or", "as"})
# 'Doe said that …', 'Doe also told …': the name is who speaks in its sentence
_CUE_NEXT = re.compile(r"\s+(?:(?:also|later|then|has|had)\s+)?(?:" + CUE_RE_SRC + ")")
# '…, said Doe, head of …' / '…, said Doe.': the verbs that put the speaker after them and take
# no object (of ``_INVERTIBLE``, not 'announced' or 'reported': 'the club announced Doe, a
# striker, …' names what was announced; 'told Doe.' names who heard it); the name ends the
# attribution ('said Doe was …' opens a reported clause instead)
_INVERTED_CUE = re.compile(r"\b(?:said|says|added|adds|explained|explains|continued|insisted|noted|warned|"
                           r"stated|admitted|commented|remarked|observed|declared|acknowledged|recalled|argued|"
                           r"asked|replied|wrote|writes)\s+(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Lord|Lady|Dame)\.?\s+)?$")
_PREPOSITIONS = {"of", "to", "for", "at", "with", "from", "by", "in", "on", "about", "against", "like"}
_ATTRIBUTION_ENDS = re.compile(r"\s*(?:[,.;:]|$)", re.M)


def _speaks_there(text: str, ss: int, a: int, b: int) -> bool:
    """The mention at (a, b) is the speaker of its own sentence's speech verb: the one a later
    'he said' goes on from, ahead of someone quoted before it ('Doe said that …', '…, said
    Doe,'); not a name in a clause of someone else's ('when Doe argued …', 'that Doe said')."""
    if _CUE_NEXT.match(text, b):
        head = text[max(ss, a - 80):a]
        words = head[head.rfind(",") + 1:].split()
        if any(w.lower() in _SUBORDINATORS or w == "that" for w in words) \
                or _opens_reported_clause(text, max(ss, a - 30), a):
            return False            # 'when Doe argued …', 'Roe said Doe continued …'
        # 'the aide to Doe said', 'a spokesman for Doe said': a name inside a description of
        # someone else (a common noun and a preposition before its run of capitals) is not who
        # speaks; 'Secretary of State Doe said' is a title
        while words and (words[-1][:1].isupper() or words[-1] in ("and", "&")):
            words.pop()
        return not (len(words) >= 2 and words[-1] in _PREPOSITIONS and words[-2][:1].islower())
    return _INVERTED_CUE.search(text, max(ss, a - 26), a) is not None and _ATTRIBUTION_ENDS.match(text, b) is not None


class _At:
    """A position standing in for a quote span when reading the words before it."""
    __slots__ = ("open",)

    def __init__(self, open_: int) -> None:
        self.open = open_


def _announced(ctx: _Ctx, line_start: int, qspans: _Quoted) -> _Attr | None:
    text = ctx.text
    j = line_start - 1
    while j >= 0 and text[j] in " \t\r\n":
        j -= 1
    if j < 0:
        return None
    colon = text[j] == ":"
    end = j if colon else j + 1
    ps = ctx.prev_boundary(max(0, end - 400), j)    # j: the sentence's own last mark
    if not colon:
        # 'Doe warned on Monday that the plan would fail.' then a quote paragraph: the
        # last speaker named is likely speaking on, but less surely than after a colon
        if _QUOTE_CHARS.search(text, ps, end) or qspans.covers(j):
            return None     # a sentence inside a quote (one left open) announces nothing
        attr = _pre(ctx, _At(end), ps, ps, qspans)
        if attr is not None and attr.speaker and not _ACCORDING.fullmatch(attr.cue or ""):
            attr.conf = min(attr.conf, 0.6)
            return attr
        return None
    attr = _pre(ctx, _At(j), ps, ps, qspans)
    if attr is not None and (attr.speaker or attr.pronoun):
        return attr
    return _colon_subject(ctx, ps, j + 1)


_QUOTE_CHARS = re.compile(r"[\"“”‘]|''")


def _colon_subject(ctx: _Ctx, ps: int, open_: int) -> _Attr | None:
    sub = _sentence_subject(ctx, ps, open_)
    out = _Attr()
    if sub is not None:
        # 'Acme boss Jane Doe: "…"': the last name of the noun phrase is its head
        ms = _filter(ctx, ctx.mentions_in(sub[0], open_))
        sub = _head_of_chain(ctx, ms, 0, open_) if ms and ms[0] == sub else sub
        out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, sub)
        out.conf = 0.8
        out.found = True
        return out
    named = _named_before_colon(ctx, ps, open_)
    if named is not None:
        # 'More from Jane Doe: "…"', 'Pollsters agree - Jane Doe: "…"': no subject, but
        # the name the colon closes on
        out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, named)
        out.conf = 0.75
        out.found = True
        return out
    dashed = _DASH_SOURCE.search(ctx.text, max(ps, open_ - 80), open_)
    if dashed is not None:
        # 'Polls missed it - Acme Research: "…"': a digest's item names its source last
        src = _capitalised_source(ctx, dashed.start(1), dashed.end(1), last=False)
        if src is not None and src[1] == dashed.start(1):
            out.speaker, out.ss, out.se = src
            out.conf = 0.75
            out.found = True
            return out
    head = ctx.text[ps:open_].rstrip()[:-1]
    if head and len(head) < 60:
        src = _capitalised_source(ctx, ps, ps + len(head), last=False)
        if src and not ctx.text[src[2]:ps + len(head)].strip():
            out.speaker, out.ss, out.se = src
            out.conf = 0.75
            out.found = True
            return out
    return None


_COLON_END = re.compile(r"\s*:\s*$")
# a capitalised source between a dash and the colon before a quote
_DASH_SOURCE = re.compile(r"\s[-—–]\s+([A-Z][\w’'.&\-]*(?:\s+[A-Z][\w’'.&\-]*){0,4})\s*:\s*$")


def _named_before_colon(ctx: _Ctx, ps: int, open_: int) -> tuple[int, int, int] | None:
    """The person named right against the colon that introduces a quote, unless the name
    is the object of a preposition ('a message for Doe:'); 'from' gives a source."""
    ms = _filter(ctx, ctx.mentions_in(ps, open_))
    if not ms or not _COLON_END.match(ctx.text, ms[-1][1], open_):
        return None
    words = ctx.text[max(ps, ms[-1][0] - 80):ms[-1][0]].split()
    while words and (words[-1].lower().rstrip(".") in ROLE_WORDS or words[-1][:1].isupper()
                     or (words[-1] == "of" and len(words) > 1 and words[-2].lower() in ROLE_WORDS)
                     or (words[-1] == "and" and len(words) > 1 and words[-2][:1].isupper())):
        words.pop()     # 'Former secretary of state Jane Doe:', 'More from Doe and Roe:'
    if words and words[-1].lower() in _OBJECT_PREP - {"from"}:
        return None
    return ms[-1]


# How far before a quote its attribution is looked for. A sentence longer than this (a
# megabyte without a full stop) is read only this far back, so each quote costs a bounded
# amount of work however long its line.
LOOK_BACK = 1000


def attribute(text: str, spans: list, people: list[Person], deadline: Deadline | None = None) -> list[Quote]:
    """Turn quote spans into Quote records with speakers (see module docstring); past
    ``deadline``, the quotes before it."""
    ctx = _Ctx(text, people)
    out: list[Quote] = []
    cur_line = -1
    cur_line_end = -1
    # (name, role, conf) of the last attributed full quote on the current / previous line
    last_speaker: tuple[str, str | None, float] | None = None
    prev_line_speaker: tuple[str, str | None, float] | None = None
    speakers_at: list[tuple[int, int]] = []
    spoke: set[int] = set()     # the people in speakers_at
    prev_close = -1
    name_to_pid = {p.name: i for i, p in enumerate(people)}
    qspans = _Quoted([(x.start, x.end) for x in spans])
    orgs: list[OrgIndex] = []

    def org_index() -> OrgIndex:
        """The article's organisations, found on the first quote that needs them."""
        if not orgs:
            orgs.append(OrgIndex(text, [(m[0], m[1]) for m in ctx.mentions]))
        return orgs[0]

    persons: list[frozenset[str]] = []

    def named_persons() -> frozenset[str]:
        """Words after a title or a first name, found on the first quote that needs them."""
        if not persons:
            persons.append(_after_a_title_or_first_name(text))
        return persons[0]

    for idx, s in enumerate(spans):
        if passed(deadline):
            break
        if s.line_start != cur_line:
            # a continuation may come from the paragraph right before, not further back
            adjacent = cur_line >= 0 and not text[cur_line_end:s.line_start].strip()
            prev_line_speaker = last_speaker if adjacent else None
            cur_line, cur_line_end = s.line_start, s.line_end
            last_speaker = None
        lo = s.line_start if prev_close < s.line_start else prev_close
        floor = max(s.line_start, s.open - LOOK_BACK)
        ps = ctx.prev_boundary(max(lo, floor), s.open)
        nxt_open = spans[idx + 1].open if idx + 1 < len(spans) and spans[idx + 1].line_start == s.line_start else s.line_end
        pe = ctx.next_boundary(s.close, nxt_open) if s.closed else s.close
        pre_text = text[ps:s.open]
        ps_full = ctx.prev_boundary(floor, s.open) if lo > floor else ps
        at_start = not pre_text.strip(" \t-—–•*")
        if at_start:
            attr = _post(ctx, s, pe, ps, qspans) if s.closed else None
        else:
            attr = _pre(ctx, s, ps, ps_full, qspans)
            if s.closed and (attr is None or not attr.found):
                attr = _post(ctx, s, pe, ps, qspans)
            elif s.closed and not (attr.speaker or attr.pronoun) and (attr.cue or "").lower() in _NOT_INVERTIBLE:
                # 'calling Roe "a liar," Doe said': a cue before whose object is the one
                # named, not the speaker, yields to a cue after that names someone
                post = _post(ctx, s, pe, ps, qspans)
                if post is not None and (post.speaker or post.pronoun):
                    attr = post
        if (attr is None or not attr.found) and pre_text.rstrip().endswith(":"):
            # 'Doe: "…"' (headlines, transcripts) and 'Doe apologised for it: "…"'
            attr = _colon_subject(ctx, ps, s.open)
        elif attr is not None and not (attr.speaker or attr.pronoun) and attr.cs is not None \
                and attr.cs > s.open and pre_text.rstrip().endswith(":"):
            # 'Doe: "No Idea" If I Had Told Roe': a cue after the quote that names no one
            # leaves it to the name the colon closes on
            attr = _colon_subject(ctx, ps, s.open) or attr
        if (attr is None or not attr.found) and at_start \
                and not (s.closed and _SIGNED.match(text, s.close, s.line_end)):
            # (a quote signed '― Jane Doe' is hers, whoever spoke before); a paragraph that only holds the quote, announced by the one before:
            # 'Doe told the crowd:' / 'Doe issued the following statement:'; or a quote
            # opening a sentence after one in which someone speaks: 'Doe said in a
            # statement. "…"'
            attr = _announced(ctx, s.line_start if ps <= _first_nonspace(text, s.line_start) else ps, qspans) or attr
        if (attr is None or not (attr.speaker or attr.pronoun)) and s.closed and _DASH_BEFORE.search(text, max(ps_full, s.open - 4), s.open) \
                and _DASH_AFTER.match(text, s.close):
            attr = _between_dashes(ctx, ps_full, s.open, qspans) or attr
        q = Quote(start=s.start, end=s.end, text=text[s.start:s.end], partial=s.partial)
        fragment_subject = False
        if attr is not None:
            q.cue = attr.cue
            q.speaker_start, q.speaker_end = attr.ss, attr.se
            if attr.speaker:
                q.speaker, q.role, q.confidence = attr.speaker, attr.role, attr.conf
            elif attr.pronoun:
                floor = max(0, s.open - 3000)
                named = frozenset(m[2] for m in ctx.mentions_in(s.start, s.end))
                at = attr.ss if attr.ss is not None else s.open
                if _described_speaker(ctx, at, attr.pronoun):
                    pid, conf = None, 0.0       # the unnamed spokesman of the sentence before
                else:
                    pid, conf = _resolve_pronoun(ctx, at, attr.pronoun, floor, speakers_at, qspans, named)
                if attr.pronoun == _DEMONYM:
                    conf = min(conf, 0.6)
                if pid is not None:
                    p = people[pid]
                    q.speaker, q.role, q.confidence = p.name, p.role, conf
        if q.speaker is None and last_speaker is not None and attr is not None and attr.found \
                and not attr.pronoun and attr.cs is not None and (attr.cue or "").endswith("ing") \
                and not text[ps:attr.cs].strip(" \t-—–"):
            # 'Doe said the report "was not good." Adding, "…"': a participle with nobody
            # before it (in its sentence, or since the last quote) goes on from the
            # paragraph's latest speaker
            q.speaker, q.role = last_speaker[0], last_speaker[1]
            q.confidence = min(0.8, last_speaker[2])
        if q.speaker is None and attr is not None and attr.found and not attr.pronoun and attr.cs is not None:
            # 'the company said', 'a Pentagon spokesman said': an organisation speaks
            org = _org_speaker(ctx, org_index, qspans, s, attr, ps, pe)
            if org is not None:
                q.speaker, q.speaker_start, q.speaker_end = org
                q.confidence = 0.7
                q.speaker_kind = ORG_KIND
        if q.speaker is None and not s.partial and s.closed and (attr is None or not attr.found):
            sig = _signed(ctx, s.close, s.line_end)
            if sig is not None:
                q.speaker, q.role, q.confidence, q.speaker_start, q.speaker_end = sig
        if q.speaker is None and not s.partial and (attr is None or not attr.found) and (idx + 1 == len(spans) or spans[idx + 1].line_start != s.line_start):
            sig = _signature(ctx, s.line_end)
            if sig is not None:
                q.speaker, q.role, q.confidence, q.speaker_start, q.speaker_end = sig
        if q.speaker is None and out and s.partial and (attr is None or not (attr.speaker or attr.pronoun)):
            # a second fragment in the sentence of an attributed one: 'X said A "…" and B "…"'
            prev = out[-1]
            if prev.speaker and spans[idx - 1].line_start == s.line_start and \
                    ctx.prev_boundary(s.line_start, s.open) <= spans[idx - 1].open:
                q.speaker, q.role, q.confidence = prev.speaker, prev.role, prev.confidence
                q.cue = prev.cue
        if q.speaker is None and s.partial and s.closed and (attr is None or not attr.found) \
                and _SPEECH_NOUN_AFTER.match(text, s.close):
            # 'Doe's "if you like your plan, you can keep it" promise': the owner said it
            own = [m for m in ctx.mentions_in(max(ps_full, s.open - 60), s.open)
                   if _POSSESSIVE_BEFORE.fullmatch(text, m[1], s.open)]
            if own:
                q.speaker, q.role, _conf, q.speaker_start, q.speaker_end = _speaker_from_mention(ctx, own[-1])
                q.confidence = 0.6
        if q.speaker is None and s.partial and (not s.title or not text[:s.line_start].strip()) \
                and (attr is None or not attr.found):
            # 'Doe called the plan "a disaster"', 'Doe Sees "Personal Insult" in Vote' (in
            # a headline, whose every word is capitalised, Title Case is no sign of a title):
            # a fragment with no cue of its own is the words of its sentence's subject
            sub = _active_subject(ctx, ps_full, s.open, qspans)
            if sub is not None:
                q.speaker, q.role, _conf, q.speaker_start, q.speaker_end = _speaker_from_mention(ctx, sub)
                q.confidence = 0.6
                fragment_subject = True
        if q.speaker is None and (attr is None or not attr.found) and not s.partial:
            # a continuation: this paragraph's previous speaker, else the paragraph before;
            # unless a sentence between them is about someone else, who speaks now
            prev = last_speaker if last_speaker is not None else (
                prev_line_speaker if at_start and s.open == _first_nonspace(text, s.line_start) else None)
            opens_line = at_start and s.open == _first_nonspace(text, s.line_start)
            sub = _narrative_subject(ctx, s.open, prev_close, qspans) \
                if (prev is not None and at_start) or (opens_line and spoke) else None
            if sub is not None and prev is None and sub[2] not in spoke:
                sub = None  # after a narrative paragraph, only someone already quoted speaks on
            if sub is not None and (prev is None or people[sub[2]].name != prev[0]):
                q.speaker, q.role, _conf, q.speaker_start, q.speaker_end = _speaker_from_mention(ctx, sub)
                q.confidence = 0.6
            elif last_speaker is not None:
                q.speaker, q.role = last_speaker[0], last_speaker[1]
                q.confidence = min(0.8, last_speaker[2])
            elif prev is not None:
                q.speaker, q.role = prev[0], prev[1]
                q.confidence = min(0.6, prev[2])
        if q.speaker is not None:
            if not s.partial or (attr is not None and attr.found and attr.cue and not fragment_subject):
                # a fragment with a speech verb of its own ('Doe said it was "absurd"') makes
                # Doe the paragraph's latest speaker, whom an unattributed quote continues
                last_speaker = (q.speaker, q.role, q.confidence)
            pid = name_to_pid.get(q.speaker)
            if pid is not None and not fragment_subject:   # a fragment's subject is no speaker for 'he'
                speakers_at.append((s.open, pid))
                spoke.add(pid)
        elif attr is not None and attr.found and not s.partial:
            last_speaker = None
        if not q.speaker:
            q.confidence = 0.0
            q.role = None
            q.speaker_kind = None
        elif q.speaker_kind is None:
            # 'Acme Corp said': a name that is clearly an organisation, never a person's name
            q.speaker_kind = ORG_KIND if has_org_suffix(q.speaker) else PERSON_KIND
            if q.speaker_kind == PERSON_KIND and q.speaker not in name_to_pid:
                # a capitalised source the people pass did not take for a person: one word that
                # is no first name is an organisation ('Acme said' after 'Acme Inc', "UKIP says");
                # the cheaper test first: the article's organisations are found only for a name
                # that may be a person's
                if not _person_name_form(q.speaker, named_persons) or org_index().is_org(q.speaker):
                    q.speaker_kind = ORG_KIND
            if q.speaker_kind == ORG_KIND:
                q.role = None
                if q.speaker_start is not None and q.speaker_end is not None:
                    # the source cut after a word that may open a role ('Cabinet Office' read as
                    # 'Cabinet' + 'Office'): the organisation's whole name
                    whole = org_index().around(q.speaker_start, q.speaker_end)
                    if whole is not None:
                        if last_speaker is not None and last_speaker[0] == q.speaker:
                            last_speaker = (whole.name, None, last_speaker[2])   # what continues it
                        q.speaker, q.speaker_start, q.speaker_end = whole.name, whole.start, whole.end
        out.append(q)
        prev_close = s.close
    return out


# a capitalised word and the capitalised word after it ("Mr Green", "Dick Pound")
_WORD_PAIR = re.compile(r"\b([A-Z][A-Za-z]*)\.?[ \t]+(?=([A-Z][\w'’-]*))")


def _after_a_title_or_first_name(text: str) -> frozenset[str]:
    """The words the text puts after a title or a first name ("Mr Green", "Dick Pound"): one
    pass over the text."""
    out = set()
    for m in _WORD_PAIR.finditer(text):
        before = m.group(1)
        low = before.lower()
        if low in GENDER_TITLES or low in STRONG_TITLES or is_given_name(before):
            out.add(m.group(2))
    return frozenset(out)


def _person_name_form(name: str, named_persons: Callable[[], frozenset[str]]) -> bool:
    """A name that may be a person's: more than one word ("Pan Yue"), a first name, or a word
    the text puts after a title or a first name somewhere (``named_persons``). One other word
    ("Tories said", "Microsoft says") is not."""
    toks = name.split()
    return len(toks) > 1 or is_given_name(toks[0]) or name in named_persons()


# '… Doe's "…" promise': a name's possessive right before a quote that a speech noun follows
_POSSESSIVE_BEFORE = re.compile(r"(?:'s|’s|'|’)\s*")
_SPEECH_NOUN_AFTER = re.compile(
    r"[,.]?\s+(?:promise|pledge|vow|claim|remark|comment|quip|boast|warning|slogan|mantra|"
    r"catchphrase|line|words|statement|assertion|insistence|declaration|description|jibe|jab|"
    r"charge|accusation|admission|rallying\s+cry)s?\b")
_DASH_BEFORE = re.compile(r"\s(?:--|—|–)\s*$")
_DASH_AFTER = re.compile(r"\s*(?:--|—|–)\s")


def _between_dashes(ctx: _Ctx, ps: int, open_: int, qspans: _Quoted) -> _Attr | None:
    """A quote set between dashes with no cue ('the candidate Jane Doe -- "…" -- and Roe',
    'When Doe wrapped up — "…" — the balloons fell'): the name right before the dash, else
    the first person the sentence names."""
    ms = [m for m in _filter(ctx, ctx.mentions_in(ps, open_)) if not qspans.covers(m[0])]
    if not ms:
        return None
    k = ms[-1] if not ctx.text[ms[-1][1]:open_].strip(" \t-—–") else ms[0]
    out = _Attr()
    out.speaker, out.role, out.conf, out.ss, out.se = _speaker_from_mention(ctx, k)
    out.conf = 0.6
    return out


def _narrative_subject(ctx: _Ctx, open_: int, prev_close: int,
                       qspans: _Quoted) -> tuple[int, int, int] | None:
    """The person opening the sentence right before a quote that opens its own sentence,
    when that sentence is narrative (no quote, no speech cue) after the last quote:
    '"…," said Doe. Coach Jane Roe wants more practice. "…"' -> Roe."""
    text = ctx.text
    j = open_ - 1
    while j >= 0 and text[j] in " \t\r\n":
        j -= 1
    if j < 0 or text[j] not in ".!?":
        return None
    ps = ctx.prev_boundary(max(0, j - 400), j)
    if ps <= prev_close or _QUOTE_CHARS.search(text, ps, j + 1) or CUE_RE.search(text, ps, j + 1):
        return None
    sub = _sentence_subject(ctx, ps, j + 1)
    if sub is None or qspans.covers(sub[0]) or _PASSIVE_AFTER.match(text, sub[1], j + 1):
        return None
    return sub


def _org_speaker(ctx: _Ctx, orgs: Callable[[], OrgIndex], qspans: _Quoted, s, attr: _Attr, ps: int,
                 pe: int) -> tuple[str, int, int] | None:
    """The organisation an attribution with no person names ('the company said'), looked
    for in the quote's own and the previous paragraph."""
    floor = _prev_paragraph_start(ctx, s.line_start)

    def is_person(a: int, b: int) -> bool:
        return any(m[1] > a for m in ctx.mentions_in(max(0, a - 60), b))

    text = ctx.text
    if attr.cs < s.open:        # 'The company said: "…"' / 'said a Pentagon spokesman: "…"'
        return (org_before_cue(text, ps, attr.cs, orgs, floor, is_person, qspans.covers)
                or org_after_cue(text, attr.ce, s.open, orgs, floor, is_person, qspans.covers))
    return (org_before_cue(text, s.close, attr.cs, orgs, floor, is_person, qspans.covers)
            or org_after_cue(text, attr.ce, pe, orgs, floor, is_person, qspans.covers))


def _prev_paragraph_start(ctx: _Ctx, line_start: int) -> int:
    """Start of the nearest non-blank line before ``line_start`` (a bounded walk back)."""
    nl = ctx._newlines()
    i = bisect_left(nl, line_start) - 1     # the newline that ends the line before
    steps = 0
    while i >= 0 and steps < 50:
        ls = nl[i - 1] + 1 if i > 0 else 0
        if _NONSPACE.search(ctx.text, ls, nl[i]):
            return ls
        i -= 1
        steps += 1
    return line_start if i >= 0 else 0


_NONSPACE = re.compile(r"\S")
_SIGNATURE = re.compile(r"\s*\n\s*[-—–―]\s*")
# spaces of any kind but a line break ('”\xa0― Jane Doe' is as common as '” ― Jane Doe')
_SIGNED = re.compile(r"[^\S\n]*[—–―][^\S\n]*")


def _signed(ctx: _Ctx, close: int, line_end: int) -> tuple[str, str | None, float, int, int] | None:
    """A quote signed on its own line: '"…" ― Jane Doe' (vox pops, epigraphs)."""
    m = _SIGNED.match(ctx.text, close, line_end)
    if not m:
        return None
    a = m.end()
    ms = ctx.mentions_in(a, min(line_end, a + 60))
    if ms and ms[0][0] == a:
        name, role, conf, ss, se = _speaker_from_mention(ctx, ms[0])
        return name, role, 0.85, ss, se
    src = _capitalised_source(ctx, a, min(line_end, a + 60), last=False)
    if src and src[1] == a:
        return src[0], None, 0.8, src[1], src[2]
    return None


def _signature(ctx: _Ctx, line_end: int) -> tuple[str, str | None, float, int, int] | None:
    """A quote paragraph signed on the next line: '"…"' then '- Jane Doe, Ohio.'"""
    m = _SIGNATURE.match(ctx.text, line_end)
    if not m:
        return None
    a = m.end()
    ms = ctx.mentions_in(a, a + 60)
    if ms and ms[0][0] - a <= 12 and _gap_is_subject(ctx.text[a:ms[0][0]]):
        name, role, conf, ss, se = _speaker_from_mention(ctx, ms[0])
        return name, role, 0.8, ss, se
    le = ctx.text.find("\n", a)
    src = _capitalised_source(ctx, a, min(a + 60, le if le >= 0 else len(ctx.text)), last=False)
    if src and src[1] - a <= 12 and _gap_is_subject(ctx.text[a:src[1]]):
        return src[0], None, 0.75, src[1], src[2]
    return None


def _first_nonspace(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos
