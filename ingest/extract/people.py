"""People named in an article, one :class:`Person` per real person, with aliases and roles.

Why this shape: quotes must be attributed to *people*, and one person appears in an
article under several forms ("Defence Minister Jane Doe", "Doe", a typo "Dooe", "Jane Q.
Doe").  We find capitalised word runs, strip titles into a role, keep runs that have
evidence of being a person (a known first name, a title, a speech verb next to them, an
apposition), then link surname-only and misspelt mentions to them.

Canonical form: ``Person.name`` is the most frequent "First [Middle] Last" form in the
article (ties: the first seen); fuller or shorter forms, the bare surname and misspellings
go to ``aliases``.  ``name_keys``/``same_person`` do the same linking across articles.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from functools import lru_cache

from ingest.extract.names import (
    CAPSEQ, GENDER_TITLES, STRONG_CUE_SRC, STRONG_CUES, GROUP_NOUNS, MONTHS, NONPERSON, PLACE_START,
    ROLE_NOUNS, ROLE_WORDS, START_STOP, STRONG_TITLES, SUFFIXES, WEEKDAYS, is_given_name,
    nickname_equivalent, norm_token, place_names, surname_similarity, unwrap_lines,
)
from ingest.extract.countries import demonym_words
from ingest.model import Person

__all__ = ["extract_people", "name_keys", "same_person", "split_name"]

# A speech verb right after a name, allowing an apposition and adverbs in between:
# 'Doe said', 'Doe, a former minister, said', 'Doe reportedly told'.
_AFTER_CUE = re.compile(
    r"(?:['’]s)?\s*(?:,\s+[a-z\d][^,.;:!?\"“”\n]{0,120},\s*|,\s*)?"
    r"(?:(?:also|then|later|reportedly|previously|once|further|again|recently|has|had|have|"
    r"was|is|would|will|had|earlier|repeatedly|quickly|simply|publicly|privately|may|might|"
    r"could|should|must|can|"
    r"sharply|bluntly|flatly|frequently|often|never|first)\s+)*" + STRONG_CUE_SRC)
# A speech verb right before a name: 'said Doe', 'according to the economist Doe'.
_STRONG_CUE_WORDS = {c for c in STRONG_CUES if " " not in c}
# An apposition or an age right after a name: 'Doe, 54,' 'Doe, a lawyer'.
_APPOS = re.compile(r",\s+(?:\d{1,3},|(?:a|an|the|who|whose|former|chief|deputy)\s)")
_APPOS_ROLE = re.compile(r",\s+(?:a|an|the)\s+([^,.;:!?\"“”\n]{3,80}?)(?=[,.;:!?\n]|$)")
_ROLE_CUT = re.compile(r"\s(?:who|which|that|whose|and|but|where|when|respectively)\s")
_PARTY_WORDS = {"republican", "democrat", "democratic", "conservative", "liberal", "independent",
                "socialist", "labour", "tory", "green", "libertarian", "based", "tories", "dem",
                "dems", "lib", "libs", "conservatives", "liberals", "socialists", "greens"}
# Offices that end a role, never a name: "Industry Secretary", "Chief Executive".
_OFFICES = {"secretary", "minister", "executive", "chancellor", "president", "director",
            "chairman", "chairwoman", "chairperson", "officer", "commissioner", "spokesman",
            "spokeswoman", "spokesperson", "speaker", "correspondent", "editor", "manager"}
# A noun before a capitalised word that makes it an organisation: "anti-virus firm Sophos".
_ORG_WORDS = (
    r"firm|company|giant|group|maker|regulator|watchdog|suitor|rival|operator|broker|"
    r"retailer|newspaper|paper|tabloid|network|broadcaster|channel|bank|lender|insurer|carrier|"
    r"airline|agency|label|studio|chain|website|site|manufacturer|publisher|brand|"
    r"conglomerate|utility|supermarket|retailer|charity|magazine|organisation|organization|"
    r"operators|firms|companies|makers|giants|album|film|movie|song|single|book|novel|show|"
    r"series|programme|program|game|newspaper|band|club|virus|worm|software|console|phone|"
    r"handset|station|airline|carrier|drug|musical|play|opera")
_ORG_BEFORE = re.compile(r"\b(?:" + _ORG_WORDS + r")\s+$")
# ... or right after it, perhaps after one more word: "Variety trade magazine", "Exeem program"
_ORG_NOUN_AFTER = re.compile(r"\s+(?:(?:trade|sports|music|news|record|software|oil|drinks|mobile|"
                             r"games|media|internet|web|online|tv|radio|computer|phone)\s+)?"
                             r"(?:" + _ORG_WORDS + r"|program|network|daily|weekly)\b")
# What follows an organisation: "Sony said its", "Yukos, which", "Intel's shares".
_ORG_AFTER = re.compile(
    r"(?:\s+(?:has\s+|had\s+|also\s+)?(?:said|says|added|announced|reported|claimed|stated|"
    r"confirmed|denied|insisted)\s+(?:that\s+|on\s+\w+\s+)?its\b|,\s+which\b|"
    r"['’]s\s+(?:shares|profits?|sales|revenues?|board|website|products?|brand|chief|"
    r"boss|spokes\w+|customers|subscribers)\b)")
_APPOS_WORD = re.compile(r",\s+(?:(?:a|an|the)\s+)?(?:[a-z\-]+\s+){0,2}([a-z][a-z\-]+)")
_FUNCTION = {"the", "a", "an", "and", "but", "or", "in", "on", "at", "to", "of", "by", "with",
             "from", "as", "if", "when", "while", "after", "before", "since", "this", "that",
             "his", "her", "their", "its", "our", "he", "she", "they", "it", "we", "i", "you",
             "for", "so", "yet", "then", "also", "even", "still", "meanwhile", "however"}
_PLAIN_CAP = re.compile(r"^[A-Z][a-z]+$")
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z0-9&\-]{1,7}$")
_SENT_PUNCT = set(".!?\n\r")
_QUOTE_OPEN = set(" \t\"“‘'([—–-«„")


@lru_cache(maxsize=65536)
def _tok(t: str) -> tuple:
    """Everything the run splitter asks about one word, computed once per distinct word:
    (lower, norm, stop word, role word, given name at sentence start, given name
    mid-sentence, non-person word, -ing/-ly/-ed, strong title, title gender, suffix)."""
    low = t.lower().rstrip(".")
    norm = norm_token(t)
    return (low, norm, low in START_STOP or low in MONTHS or low in WEEKDAYS,
            low in ROLE_WORDS or low in STRONG_TITLES, is_given_name(low, True),
            is_given_name(low, False), norm in NONPERSON, low.endswith(("ing", "ly", "ed")),
            low in STRONG_TITLES, GENDER_TITLES.get(low), norm in SUFFIXES)


def _sentence_initial(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in _QUOTE_OPEN:
        j -= 1
    return j < 0 or text[j] in _SENT_PUNCT or text[j] == ":"


def _title_lines(text: str) -> list[tuple[int, int]]:
    """Spans of short Title-Case lines (headlines, section titles): no new people there."""
    out = []
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        if 0 < n < 160 and line[-1] not in ".?!,:\"”":
            words = line.split()
            if len(words) >= 2:
                caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
                if caps >= 0.75 * len(words) and not line.rstrip().endswith((".", "?", "!", ",", ":", '"', "”")):
                    out.append((pos, pos + n))
        pos += n + 1
    return out


def _in_spans(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_left(starts, pos + 1) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _role_before(text: str, start: int, has_role: bool = False) -> tuple[str | None, str | None]:
    """A role written before a name: 'alliance chief', "Harbour Radio's", 'the former minister'.

    Returns (role or None, gender from an honorific or None).
    """
    chunk = text[max(0, start - 90):start]
    nl = chunk.rfind("\n")
    if nl >= 0:
        chunk = chunk[nl + 1:]
    if not chunk or not chunk[-1].isspace():
        return None, None
    words = chunk.split()
    if len(chunk) == 90 and words:
        words = words[1:]  # the first word may be cut
    role_seen = has_role
    gender = None
    k = len(words)
    steps = 0
    while k > 0 and steps < 7:
        tok = words[k - 1]
        if tok[-1:] in ",;:)\"”":
            break
        low = tok.lower().rstrip(".")
        if tok.endswith(("'s", "’s")) and tok[:1].isupper():
            # "Harbour Radio's Jane Doe": the organisation is the role; take its capitalised run.
            k -= 1
            while k > 0 and words[k - 1][:1].isupper() and words[k - 1][-1:] not in ",;:" \
                    and words[k - 1].lower() not in START_STOP:
                k -= 1
            role_seen = True
            break
        if low in ROLE_WORDS:
            role_seen = True
            g = GENDER_TITLES.get(low)
            if g and gender is None:
                gender = g
        elif _ACRONYM.match(tok):
            pass
        elif role_seen and low not in _FUNCTION and _PLAIN_CAP.match(tok):
            pass  # "White House press secretary", "New Jersey Gov."
        elif low in ("of", "for") and role_seen and k > 1 and words[k - 2].lower().rstrip(".") in ROLE_WORDS:
            pass  # "Secretary of State"
        else:
            break
        k -= 1
        steps += 1
    if k == len(words) or not role_seen:
        return None, gender
    role_words = words[k:]
    while role_words and role_words[0].lower() in ("of", "for"):
        role_words = role_words[1:]
    if not role_words:
        return None, gender
    if role_words[0].lower() in ("the", "a", "an"):
        role_words = role_words[1:]
    role = " ".join(role_words)
    if role.endswith(("'s", "’s")):
        role = role[:-2]
    return (role or None), gender


_HYPHEN_LOWER = re.compile(r"-[a-z]")


def _title_before(text: str, ns: int) -> tuple[bool, str | None]:
    """(a title such as "Mr." or "Sen." right before, the gender it tells)."""
    j = ns - 1
    if j < 2 or text[j] != " ":
        return False, None
    if text[j - 1] == ".":
        j -= 1
    k = text.rfind(" ", max(0, j - 16), j) + 1
    word = text[k:j]
    if not word[:1].isupper():
        return False, None
    low = word.lower()
    if low in STRONG_TITLES:
        return True, GENDER_TITLES.get(low)
    return False, None


_ROLE_TAIL = re.compile(r"\s+(?:to|for|of|with)\s+(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?$")


def _clean_role(role: str) -> str:
    """'former press secretary for Mr' -> 'former press secretary'."""
    return _ROLE_TAIL.sub("", role).rstrip(" ,;")


# Honorifics: part of how a person is named ("Sir Alex Ferguson", "Lord Falconer"), no role.
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "baroness",
               "baron", "prof", "rev", "reverend", "madam", "master"}


def _without_honorifics(role: str | None) -> str | None:
    """'Manchester United manager Sir' -> 'Manchester United manager'; 'Lord' -> None."""
    if not role:
        return role
    words = role.split()
    while words and words[-1].lower().rstrip(".") in _HONORIFICS:
        words.pop()
    while words and words[0].lower().rstrip(".") in _HONORIFICS:
        words.pop(0)
    return " ".join(words) or None


_MODIFIER_AFTER = re.compile(r" (?:[a-z][\w\-]*\s+){1,3}[A-Z][a-z]")


_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z]+(?![\w’'-])")


def _plausible_typo(text: str, ns: int, ne: int, key: str, tinfo: tuple, sim: float,
                    lower_words: list[set[str]]) -> bool:
    """A capitalised word close to a known surname is that surname misspelt only when it
    is no ordinary word: not a first name ("Christian" is not "Christie") unless a
    truncation that speaks ("Mart said"), not a sentence's first word unless it speaks,
    and not a word the text also uses in lower case ("Living", "Board")."""
    speaks = None
    if tinfo[4] or tinfo[5]:
        if sim != 0.8:
            return False
        speaks = bool(_AFTER_CUE.match(text, ne)) or _cue_before(text, ns)
        if not speaks:
            return False
    if _sentence_initial(text, ns):
        if speaks is None:
            speaks = bool(_AFTER_CUE.match(text, ne)) or _cue_before(text, ns)
        if not speaks:
            return False
    if not lower_words:
        lower_words.append(set(_LOWER_WORD.findall(text)))
    return key not in lower_words[0]


_POSSESSIVE_BEFORE = re.compile(r"['’]s?\s+$")
_THE_BEFORE = re.compile(r"\b[Tt]he\s$")
# 'editor at PC Pro, said': a word after a preposition is not the subject of the verb after it
_PREP_BEFORE = re.compile(r"\b(?:at|of|for|from|with|by|in|on)\s+(?:[A-Z][\w&.’'-]*\s+){0,3}$")
# 'told Uefa': the one told is no evidence of a person
_TOLD_BEFORE = re.compile(r"\b(?:told|tells|asked|asks)\s+$")
_NOUN_AFTER = re.compile(r"\s+([a-z][a-z\-]+)\s+[A-Z]")


def _role_noun_after(text: str, ne: int) -> bool:
    """A role noun and then a capitalised word right after: the run names someone's side."""
    m = _NOUN_AFTER.match(text, ne)
    return m is not None and (m.group(1) in ROLE_NOUNS or m.group(1) in ROLE_WORDS)
_ORG_NEXT = re.compile(r"\s+([A-Z][a-z]+)")


def _common_word(text: str, word: str, lower_words: list[set[str]]) -> bool:
    """The text also writes this word in lower case ("judges", "language"): a common noun."""
    if not lower_words:
        lower_words.append(set(_LOWER_WORD.findall(text)))
    low = word.lower()
    return low in lower_words[0] or (low.endswith("s") and low[:-1] in lower_words[0])


def _organisation(text: str, word: str) -> bool:
    """The text treats this capitalised word as an organisation somewhere: a firm-like noun
    right before it ("regulator Ofcom"), or "its" after its speech verb ("Sony said its")."""
    pos = text.find(word)
    seen = 0
    while pos >= 0 and seen < 20:
        end = pos + len(word)
        if (pos == 0 or not text[pos - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            if _ORG_BEFORE.search(text, max(0, pos - 40), pos) or _ORG_AFTER.match(text, end) \
                    or _ORG_NOUN_AFTER.match(text, end):
                return True
            nm = _ORG_NEXT.match(text, end)
            if nm is not None and norm_token(nm.group(1)) in NONPERSON:
                return True  # "Jupiter Research", "Lycos Europe"
        pos = text.find(word, end)
        seen += 1
    return False


def _cue_before(text: str, ns: int, ne: int | None = None) -> bool:
    """A speech verb just before a name: 'said Doe', 'said the economist Doe', 'according to Doe'.

    With ``ne``: not when the name only modifies a later one ('said Acme pollster Jane Roe')."""
    if ne is not None and _MODIFIER_AFTER.match(text, ne):
        return False
    words = text[max(0, ns - 50):ns].split()
    k = len(words)
    skipped = 0
    while k > 0 and skipped <= 4:
        w = words[k - 1].rstrip(",:").lower()
        if w in _STRONG_CUE_WORDS:
            return True
        if w == "to" and k > 1 and words[k - 2].lower() == "according":
            return True
        if words[k - 1].rstrip(".").lower() in STRONG_TITLES and words[k - 1][:1].isupper():
            k -= 1  # 'said Sen. Doe'
            continue
        if not words[k - 1][:1].islower() or words[k - 1][-1:] in ".;!?\"”":
            return False
        k -= 1
        skipped += 1
    return False


class _P:
    """A person being assembled."""
    __slots__ = ("forms", "order", "given", "surname", "role", "gender", "mentions", "full", "starts")

    def __init__(self, given: str | None, surname: str) -> None:
        self.forms: dict[str, int] = {}
        self.order: list[str] = []
        self.given = given
        self.surname = surname
        self.role: str | None = None
        self.gender: str | None = None
        self.mentions: list[tuple[int, int]] = []
        self.full = False
        self.starts: list[int] = []      # the mentions' starts, sorted

    def add(self, surface: str, start: int, end: int) -> None:
        if surface not in self.forms:
            self.forms[surface] = 0
            self.order.append(surface)
        self.forms[surface] += 1
        self.mentions.append((start, end))
        insort(self.starts, start)       # mentions mostly come in text order: an append

    def last_before(self, pos: int) -> int:
        """Start of the last mention before ``pos`` (-1 if none), by bisection: a scan of
        every mention per surname is quadratic in an article naming two Smiths often."""
        k = bisect_left(self.starts, pos)
        return self.starts[k - 1] if k else -1


def split_name(name: str) -> tuple[list[str], str]:
    """(given/middle tokens normalised, normalised surname) of a name string."""
    given, sur = _split_name(name)
    return list(given), sur


@lru_cache(maxsize=65536)
def _split_name(name: str) -> tuple[tuple[str, ...], str]:
    # cached: the store compares each new name with the names of up to 50 known people
    toks = [t for t in name.replace(",", " ").split() if t]
    while len(toks) > 1 and norm_token(toks[-1]) in SUFFIXES:
        toks.pop()
    while len(toks) > 1 and norm_token(toks[0]) in STRONG_TITLES:
        toks.pop(0)
    if not toks:
        return (), ""
    return tuple(norm_token(t) for t in toks[:-1]), norm_token(toks[-1])


def _given_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    return nickname_equivalent(a, b)


def extract_people(text: str) -> list[Person]:
    """People named in ``text``: one Person per real person, mentions as offsets."""
    if not text or not any(c.isupper() for c in text[:20000]) and not any(c.isupper() for c in text):
        return []
    flat = unwrap_lines(text)
    people = _extract(flat)
    if flat is not text:
        # a name broken by a wrap newline: its raw form is one more alias
        for p in people:
            forms = {p.name, *p.aliases}
            for a, b in p.mentions:
                raw = text[a:b]
                if raw not in forms:
                    p.aliases.append(raw)
                    forms.add(raw)
    return people


def _extract(text: str) -> list[Person]:
    """Pass 1: capitalised runs -> full names (with roles) and lone words.  Pass 2a: lone
    surnames with their own evidence become people.  Pass 2b: lone words are linked to the
    people as surnames, misspellings, truncations or first names."""
    title_spans = _title_lines(text)
    title_starts = [s for s, _ in title_spans]
    persons: list[_P] = []
    by_surname: dict[str, list[int]] = {}
    # (start, end, word, evidence: True/False/None = not looked at yet, sentence-initial,
    #  gender from a title, lone: a one-word run rather than a word of a rejected run)
    singles: list[tuple[int, int, str, "bool | None", "bool | None", "str | None", bool]] = []
    places = place_names()
    first_index: dict[str, list[int]] = {}
    lower_words: list[set[str]] = []  # filled on first use: the text's lower-case words

    for m in CAPSEQ.finditer(text):
        s = m.start()
        surface = m.group()
        if " " not in surface:
            # one word: decided at once ("The", "But" skipped; others wait for pass 2)
            info = _tok(surface)
            if (info[2] or info[3]) and info[1] not in by_surname:
                continue
            if surface[-1] == ".":
                continue
            e = m.end()
            if info[6] or info[0] in places or (title_spans and _in_spans(title_spans, title_starts, s)):
                singles.append((s, e, surface, False, False, None, True))
            else:
                singles.append((s, e, surface, None, None, None, True))
            continue
        else:
            toks = surface.split()
            infos = [_tok(t) for t in toks]
        # offsets of each token (tokens are separated by exactly one space)
        offs = []
        p = s
        for t in toks:
            offs.append(p)
            p += len(t) + 1
        n = len(toks)
        if infos[0][0] in PLACE_START or surface.lower() in places:
            # 'New York', 'North Carolina Gov.': a place, whose words stay surname candidates
            for t, o in zip(toks, offs):
                if not t.endswith(".") and not _tok(t)[0] in PLACE_START:
                    singles.append((o, o + len(t), t, False, False, None, False))
            continue
        initial = _sentence_initial(text, s)
        i0 = 0
        # leading function words, months, weekdays, sentence-initial gerunds/adverbs
        while i0 < n:
            info = infos[i0]
            if info[2] or (i0 == 0 and initial and info[7] and not info[4]):
                i0 += 1
                continue
            break
        if i0 and n == 1 and infos[0][1] in by_surname:
            i0 = 0  # a surname that is also a word ("Read said", "From added")
        if i0 >= n:
            continue
        if i0:
            initial = False
        # titles and roles inside the run: the last role word before the first given name
        last_role = -1
        for i in range(i0, n - 1):
            if infos[i][3]:
                last_role = i
        j0 = last_role + 1 if last_role >= 0 else i0
        for i in range(j0, n - 1):
            info = infos[i]
            if info[4] if (initial and i == i0) else info[5]:
                j0 = i  # 'Maricopa County Recorder Jane Doe': the name starts at Jane
                break
        k1 = n
        while k1 - j0 > 1 and infos[k1 - 1][10]:
            k1 -= 1
        while k1 > j0 and toks[k1 - 1].endswith("."):  # a trailing initial is no surname
            k1 -= 1
        if k1 <= j0:
            continue
        if k1 == n and infos[-1][8] and text[m.end():m.end() + 1] == ".":
            continue  # 'former Wisconsin Gov.' is the role of the name that follows
        if k1 - j0 >= 4 and j0 == i0 and not (title_spans and _in_spans(title_spans, title_starts, s)):
            # 'said Chicago Alderman Jane Q. Doe': with a cue, the name is the tail of the run
            e_run = offs[k1 - 1] + len(toks[k1 - 1])
            if _AFTER_CUE.match(text, e_run) or _cue_before(text, s):
                tail = 3 if toks[k1 - 2].endswith(".") else 2
                j0 = k1 - tail
        name_toks = toks[j0:k1]
        name_infos = infos[j0:k1]
        ns = offs[j0]
        ne = offs[k1 - 1] + len(toks[k1 - 1])
        in_title = bool(title_spans) and _in_spans(title_spans, title_starts, s)
        nn = k1 - j0
        demonym_before = k1 - j0 >= 3 and name_infos[0][0] in demonym_words()
        if demonym_before:
            j0 += 1  # "Russian Marat Safin": the nationality is said of the person, not a name
            i0 = max(i0, j0)  # nor is it a role
            name_toks = toks[j0:k1]
            name_infos = infos[j0:k1]
            ns = offs[j0]
            nn = k1 - j0
        nonperson = (any(x[6] for x in name_infos) or name_infos[0][0] in PLACE_START
                     or name_infos[-1][0] in _OFFICES
                     or (name_infos[0][0] in places and not name_infos[0][5])
                     or any(x[0] in _FUNCTION for x in name_infos[1:])
                     or (nn > 1 and (name_infos[-1][0] in GROUP_NOUNS or name_infos[-1][0] in _PARTY_WORDS))
                     or (surface if nn == n else " ".join(name_toks)).lower() in places)
        role_in = " ".join(toks[i0:j0]) if j0 > i0 else None
        strong_title = j0 > i0 and infos[j0 - 1][8]
        gender = infos[j0 - 1][9] if j0 > i0 else None
        if nonperson or in_title or nn > 4:
            # not a new person; its words may still be surname mentions
            if n <= 8:
                for t, o in zip(toks, offs):
                    if not t.endswith("."):
                        singles.append((o, o + len(t), t, False, False, None, False))
            continue
        sent_init = initial and j0 == 0
        if nn == 1:
            # evidence for a lone word is only looked at if it names nobody known (pass 2)
            singles.append((ns, ne, name_toks[0], True if strong_title else None, sent_init, gender, True))
            continue
        # a multi-word name: keep it with evidence
        first = name_toks[0]
        evidence = ((name_infos[0][4] if sent_init else name_infos[0][5])
                    or (len(first) == 2 and first[1] == ".") or j0 > i0 or demonym_before)
        if not evidence:
            evidence = bool(_AFTER_CUE.match(text, ne)) or _cue_before(text, ns, ne) \
                or bool(_APPOS.match(text, ne))
        if not evidence:
            role_b, _ = _role_before(text, offs[i0])
            # "Konami's Pro Evo": an owner's name before a run says nothing of a person
            evidence = role_b is not None and not _POSSESSIVE_BEFORE.search(text, max(0, offs[i0] - 4), offs[i0])
        if not evidence:
            am = _APPOS_WORD.match(text, ne)
            evidence = am is not None and am.group(1).lower() in ROLE_NOUNS
        if not evidence:
            for t, o in zip(name_toks, offs[j0:]):
                if not t.endswith("."):
                    singles.append((o, o + len(t), t, False, False, None, False))
            continue
        if j0 == i0 and (_THE_BEFORE.search(text, max(0, ns - 4), ns) or _role_noun_after(text, ne)
                         or _ORG_BEFORE.search(text, max(0, ns - 40), ns) or _ORG_NOUN_AFTER.match(text, ne)
                         or (nn == 2 and name_infos[0][0] in demonym_words())):
            # "the Harry Potter games", "former Led Zeppelin singer Robert Plant",
            # "French Champagne": a name used as a modifier or a thing, not a person
            for t, o in zip(name_toks, offs[j0:]):
                if not t.endswith("."):
                    singles.append((o, o + len(t), t, False, False, None, False))
            continue
        if not name_infos[0][5] and not name_infos[0][4] and j0 == i0 and _common_word(text, name_toks[-1], lower_words):
            # "Sign Language": no first name, and the last word is one the text uses in lower case
            for t, o in zip(name_toks, offs[j0:]):
                if not t.endswith("."):
                    singles.append((o, o + len(t), t, False, False, None, False))
            continue
        name = " ".join(name_toks)
        surname = name_infos[-1][1]
        given = next((x[1] for x in name_infos[:-1] if x[1]), None)
        # link to a person already seen: same (or misspelt) surname, compatible first name
        pid = None
        for cand in by_surname.get(surname, ()):
            if _given_compatible(persons[cand].given, given):
                pid = cand
                break
        if pid is None and surname:
            best = 0.0
            for k in first_index.get(surname[0], ()):
                other = persons[k]
                if other.surname == surname or not other.full:
                    continue
                sim = surname_similarity(other.surname, surname)
                if sim >= 0.85 and sim > best and other.given and given and _given_compatible(other.given, given):
                    best, pid = sim, k
        if pid is None:
            pid = len(persons)
            persons.append(_P(given, surname))
            persons[pid].full = True
            by_surname.setdefault(surname, []).append(pid)
            if surname:
                first_index.setdefault(surname[0], []).append(pid)
        per = persons[pid]
        per.add(text[ns:ne], ns, ne)  # the form as written (a no-break space stays)
        if gender and not per.gender:
            per.gender = gender
        if per.role is None:
            role_b, g2 = _role_before(text, offs[i0], j0 > i0)
            role = " ".join(x for x in (role_b, role_in) if x) or None
            if role is None:
                am = _APPOS_ROLE.match(text, ne)
                if am:
                    words = _ROLE_CUT.split(am.group(1), 1)[0].split()[:8]
                    if any(w.lower().strip("’'s") in ROLE_NOUNS for w in words):
                        role = _clean_role(" ".join(words))
            if role:
                per.role = role
            if g2 and not per.gender:
                per.gender = g2

    # pass 2a: lone surnames with evidence of their own ("Mr. Doe", "Doe said") whom no
    # full name explains become surname-only people, wherever in the text they first appear
    created: dict[str, int] = {}
    demonyms = demonym_words()
    for ns, ne, tok, proof, _initial, gender, lone in singles:
        tinfo = _tok(tok)
        key = tinfo[1]
        if not key or key in by_surname or proof is False:
            continue
        low = tinfo[0]
        if low in demonyms or low in _PARTY_WORDS or (low in _OFFICES and proof is not True):
            continue  # "the 24-year-old Swiss added", "the Tories said": no person
        if proof is not True and _THE_BEFORE.search(text, max(0, ns - 4), ns):
            continue  # "the Cabir virus": a person's surname takes no article
        if proof is None:
            if tinfo[2] or tinfo[3] or tinfo[6] or low in GROUP_NOUNS or low in places \
                    or _HYPHEN_LOWER.search(tok):
                continue
            title, tgender = _title_before(text, ns)
            if tinfo[4] and not title and any(per.given == key for per in persons):
                continue  # a first name alone: the person of that first name (pass 2b)
            proof = title or (bool(_AFTER_CUE.match(text, ne))
                              and not _PREP_BEFORE.search(text, max(0, ns - 40), ns)) or (
                _cue_before(text, ns, ne) and not _TOLD_BEFORE.search(text, max(0, ns - 12), ns))
            if proof and not title and (_organisation(text, tok) or _common_word(text, tok, lower_words)):
                continue  # "Sophos said" where the text calls it a firm; "Judges said"
        else:
            title, tgender = _title_before(text, ns)
            if title and low in _OFFICES:
                continue  # "the Lord Chancellor": an office, not a surname
        if not proof or key in created:
            continue
        if any(surname_similarity(persons[k].surname, key, True) >= 0.8
               for k in first_index.get(key[0], ()) if persons[k].full):
            continue  # a misspelling of someone named in full: linked below
        pid = len(persons)
        per = _P(None, key)
        persons.append(per)
        created[key] = pid
        per.gender = gender or tgender
        role_b, g2 = _role_before(text, ns)
        per.role = role_b
        if g2 and not per.gender:
            per.gender = g2
    for key, pid in created.items():
        by_surname[key] = [pid]

    # pass 2b: surname-only mentions, misspellings and truncations, first names alone
    by_first: dict[str, list[int]] = {}
    for k, per in enumerate(persons):
        if per.surname:
            by_first.setdefault(per.surname[0], []).append(k)
    by_given: dict[str, list[int]] | None = None
    for ns, ne, tok, _proof, at_start, gender, lone in singles:
        tinfo = _tok(tok)
        key = tinfo[1]
        if not key:
            continue
        pids = by_surname.get(key)
        fuzzy = False
        if not pids and len(key) >= 3 and lone and not tinfo[2] and not tinfo[6] \
                and key not in GROUP_NOUNS and tinfo[0] not in places:
            cands = []
            for k in by_first.get(key[0], ()):
                if not persons[k].full:
                    continue
                sim = surname_similarity(persons[k].surname, key, True)
                if sim >= 0.8:
                    cands.append((sim, k))
            if cands:
                cands.sort(reverse=True)
                if (len(cands) == 1 or cands[0][0] > cands[1][0]) and \
                        _plausible_typo(text, ns, ne, key, tinfo, cands[0][0], lower_words):
                    pids = [cands[0][1]]
                    fuzzy = True
        if pids:
            if gender is None:
                gender = _title_before(text, ns)[1]
            if len(pids) == 1:
                pid = pids[0]
            else:
                # the person with this surname mentioned most recently before this point
                pid, latest = pids[0], -1
                for k in pids:
                    last = persons[k].last_before(ns)
                    if gender and persons[k].gender and persons[k].gender != gender:
                        continue
                    if last > latest:
                        pid, latest = k, last
            persons[pid].add(tok, ns, ne)
            if gender and not persons[pid].gender:
                persons[pid].gender = gender
            if fuzzy:
                by_surname.setdefault(key, []).append(pid)
            continue
        if by_given is None:
            by_given = {}
            for k, per in enumerate(persons):
                if per.full and per.given and len(per.given) > 2:
                    by_given.setdefault(per.given, []).append(k)
        gp = by_given.get(key) if lone else None
        if gp and len(gp) == 1:
            if at_start is None:
                at_start = _sentence_initial(text, ns)
            if not at_start:
                persons[gp[0]].add(tok, ns, ne)

    out = []
    for per in persons:
        if not per.mentions:
            continue
        multi = [f for f in per.order if " " in f]
        if multi:
            name = max(multi, key=lambda f: (per.forms[f], -per.order.index(f)))
        else:
            name = max(per.order, key=lambda f: (per.forms[f], -per.order.index(f)))
        name = name.replace("\xa0", " ")
        aliases = [f for f in per.order if f != name]
        role = _without_honorifics(per.role)
        if role and (role.lower() in demonyms or role.lower() in places):
            role = None  # "France's Nathalie Dechy", "Kenyan Susan Chepkemei": no office
        out.append(Person(name=name, role=role, aliases=aliases, mentions=sorted(per.mentions)))
    out.sort(key=lambda p: p.mentions[0][0])
    return out


# ---------------------------------------------------------------------------------------
# Cross-article linking


@lru_cache(maxsize=4096)      # up to ~50 keys a name: 65,536 of them were ~190 MB
def name_keys(name: str) -> frozenset[str]:
    """Index keys for candidate lookup: the normalised surname, its 1- (4+ letters) and
    2-deletion (6+ letters) variants and 1-2 letter truncations, SymSpell style, so two
    spellings within the allowed edits share a key and a lookup is a few dict hits."""
    _, sur = _split_name(name)
    if not sur:
        return frozenset()
    keys = {sur}
    n = len(sur)
    if n >= 4:
        d1 = {sur[:i] + sur[i + 1:] for i in range(n)}
        keys |= d1
        if n >= 6:
            for w in d1:
                keys |= {w[:i] + w[i + 1:] for i in range(len(w))}
        for cut in (1, 2):
            if n - cut >= 3:
                keys.add(sur[:n - cut])
    return frozenset(keys)


@lru_cache(maxsize=16384)
def same_person(a: str, b: str) -> float:
    """Likelihood in [0, 1] that two name strings name one person.

    Surnames must agree (exactly, by a typo the length allows, or a truncation); first
    names must not conflict (equal, nickname, initial, prefix); a bare surname against a
    full name scores 0.85 — enough to link within a story, below an exact full match.
    """
    ga, sa = _split_name(a)
    gb, sb = _split_name(b)
    if not sa or not sb:
        return 0.0
    sur = surname_similarity(sa, sb)
    if sur == 0.0:
        return 0.0
    fa = next((g for g in ga if g), None)
    fb = next((g for g in gb if g), None)
    if bool(fa) != bool(fb):
        # the full name is the known form; the bare surname may be its typo or truncation
        sur = surname_similarity(sa, sb, True) if fa else surname_similarity(sb, sa, True)
        if sur == 0.0:
            return 0.0
    if fa and fb:
        if not _given_compatible(fa, fb):
            return 0.1 * sur
        score = sur * (1.0 if fa == fb else 0.95)
        # conflicting middle names/initials lower the score
        ma, mb = ga[1:], gb[1:]
        if ma and mb and ma[0][:1] != mb[0][:1]:
            score *= 0.6
        return round(score, 3)
    if fa or fb:
        return round(sur * 0.85, 3)
    return round(sur * 0.9, 3)
