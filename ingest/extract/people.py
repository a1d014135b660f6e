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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ingest.deadline import Deadline, passed
from ingest.extract.names import (
    FOREIGN_BODY_WORDS, GENDER_TITLES, GROUP_ADJECTIVES, STATE_ABBREVIATIONS, STRONG_CUES, GROUP_NOUNS, MONTHS, NONPERSON,
    PARTICLES, PLACE_START, ROLE_NOUNS, ROLE_WORDS, START_STOP, STRONG_TITLES, SUFFIXES, TRADE_NOUNS, WEEKDAYS,
    is_given_name, nickname_equivalent, norm_token, place_names, surname_similarity, trie_regex,
)
from ingest.extract.countries import demonym_words
from ingest.extract.document import Document
from ingest.model import Person

# (A regex's ``search(text, pos, endpos)`` reads a negative ``pos`` as 0: the windows before a
# name below are written ``s - 4``, not ``max(0, s - 4)``.)

__all__ = ["TitleLines", "WordFacts", "extract_people", "is_title_line", "name_keys", "same_person", "split_name",
           "word_facts"]

# A speech verb right after a name, allowing an apposition and adverbs in between:
# 'Doe said', 'Doe, a former minister, said', 'Doe reportedly told'; "according to" only after
# a comma ('Doe, according to'), as without one it brings in a method or someone else
# ("Recalculated according to the new method").
_ADVERBS_BEFORE_CUE = ("also then later reportedly previously once further again recently has had have was is would "
                       "will earlier repeatedly quickly simply publicly privately may might could should must can "
                       "sharply bluntly flatly frequently often never first").split()
_AFTER_CUE = re.compile(
    r"(?:['’]s)?\s*(?:,\s+(?!(?:but|and|or|nor|so|yet|while|although|though|because|if|when|as|than|"
    r"however|whereas)\s)[a-z\d][^,.;:!?\"“”\n]{0,120},\s*|,\s*)?"
    r"(?:(?:" + trie_regex(_ADVERBS_BEFORE_CUE) + r")\s+)*"
    r"\b(?:" + trie_regex(c for c in STRONG_CUES if c != "according to") + r")\b|,\s*according\s+to\b")
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
    r"handset|station|airline|carrier|drug|musical|play|opera|track|daily|sitcom|documentary|drama|"
    r"mine|cooperative|co-operative|ranch|plantation|hotel|restaurant|partnership|subsidiary|affiliate|"
    r"refinery|smelter|shipbroker|brokerage|consultancy|bookmaker|cartel|provider|"
    r"vessel|ship|tanker|liner|freighter|ferry|trawler|steamer|yacht")
_WORK_AFTER = re.compile(r"\s+(?:film|movie|album|song|single|track|book|novel|show|series|programme|"
                         r"program|play|musical|sitcom|documentary|drama)s?\b")
_ORG_WORD_SET = frozenset(_ORG_WORDS.split("|"))
# Right before a name only: "trade house Acme", "auction house Acme", "the statistics office
# Orvstat" (a capitalised "House" is a role's: "House Speaker Jane Doe")
_ORG_WORD_BEFORE_SET = _ORG_WORD_SET | {"house", "office", "bureau", "institute", "department"}
_NOT_A_NOUN_AFTER = ("film-", "to ", "will ", "next ", "then ", "'ll ", "can ", "could ", "would ", "must ")


def _org_noun_before(text: str, s: int) -> bool:
    """One of the nouns above, then spaces, right before ``s``: "firm Sophos", "car-maker
    Honda"; not "film-maker Jane Doe", nor a verb after a modal or "to" ("will play Jane
    Doe"). A scan back over two words, not a regex search."""
    j = s
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == s:
        return False
    k = j
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] == "_"):
        k -= 1
    return text[k:j] in _ORG_WORD_BEFORE_SET and not text.endswith(_NOT_A_NOUN_AFTER, 0, k)

# ... or right after it, perhaps after one more word: "Variety trade magazine", "Exeem program"
_ORG_NOUN_MODIFIERS = frozenset("trade sports music news record software oil drinks mobile games media "
                                "internet web online tv radio computer phone".split())
_ORG_NOUNS_AFTER = _ORG_WORD_SET | frozenset(
    "program network daily weekly crude futures products shares stores customers subscribers employees "
    "executives subsidiary plant plants refinery factory factories party parties field fields grade blend "
    "unit cooperative ranch oilfield".split()) | frozenset(
    # plurals that are never a verb after a name ("Orvo Monsters studios")
    "studios agencies charities magazines websites hotels restaurants airlines newspapers supermarkets "
    "retailers broadcasters publishers manufacturers insurers lenders".split())
# (the words as a trie: the engine tests each position against it, not every word in turn)
_ORG_NOUN_AFTER = re.compile(r"\s+(?:(?:" + trie_regex(_ORG_NOUN_MODIFIERS) + r")\s+)?(?:"
                             + trie_regex(_ORG_NOUNS_AFTER) + r")(?:\b|(?=-))")


def _org_noun_after(text: str, e: int) -> bool:
    """One of the nouns above right after ``e``, perhaps after one more word ("Variety trade
    magazine", "Exeem program")."""
    return _ORG_NOUN_AFTER.match(text, e) is not None
# ... a noun after a name that only a body or a thing takes, even one that opens with a given
# name ("the Villa Orva cooperative", "the Marta Sweet grade", "the Forties field")
_BODY_NOUNS_AFTER = frozenset("cooperative co-operative ranch grade blend subsidiary refinery smelter field "
                              "oilfield crude".split())
_WORD_AFTER = re.compile(r" ([a-z]+(?:-[a-z]+)?)\b")


def _body_noun_after(text: str, e: int) -> bool:
    m = _WORD_AFTER.match(text, e)
    return m is not None and m.group(1) in _BODY_NOUNS_AFTER
# What follows an organisation: "Sony said its", "Yukos, which", "Intel's shares".
_ORG_AFTER = re.compile(
    r"(?:\s+(?:has\s+|had\s+|also\s+)?(?:said|says|added|announced|reported|claimed|stated|"
    r"confirmed|denied|insisted)\s+(?:that\s+|on\s+\w+\s+)?its\b|,\s+which\b|"
    r"['’]s\s+(?:shares|profits?|sales|revenues?|board|website|products?|brand|chief|"
    r"boss|spokes\w+|customers|subscribers)\b)")
# An apposition whose head noun is a firm, a work or a thing: "Wipro, India's biggest software
# firm," / "X, the world's largest copper mine -" (no preposition inside: "head of the company"
# is a person's office).
_APPOS_THING = re.compile(
    r",\s+(?:a|an|the|[A-Z][\w.&\-]*['’]s)\s+(?:(?!(?:of|in|at|for|with|from|on|by|to|and)\s)[\w\-’']+\s+){0,5}"
    r"(?:(?:" + trie_regex(_ORG_WORD_SET) + r")s?(?=\s*[,.;:)—–\-]|\s+(?:which|that|owned|run|operated|controlled|based|headed|led)\b)"
    r"|(?:subsidiary|affiliate|unit|division|arm)\s+of\b)")
# After a name: a relative pronoun or an age that only a person takes ("Doe, who", "Doe, 54,").
_PERSON_AFTER = re.compile(r",?\s+who\b|,\s+\d{1,3},")
_AT_BEFORE = re.compile(r"\bat\s+$")
_ACCORDING_BEFORE = re.compile(r"\baccording\s+to\s+$", re.IGNORECASE)
# A role noun and a preposition right before a name: the employer ("analyst for Paine Webber",
# "chairman of Ford"), an organisation unless a given name opens it
_EMPLOYER_BEFORE = re.compile(r"\b([a-z\-]+)\s+(for|at|of|with)\s+$")
# "said Jane Doe of X", "Jane Doe, from X, said": what follows a name of two words and "of" or
# "from" is an employer or a place, never a person (a title is not two such words: "The Diary
# of X", "Life & Death of X")
_OF_BEFORE = re.compile(r"(?<![\w’'\-])([A-Z][a-z][\w’'\-]*)\s+[A-Z][a-z][\w’'\-]*(?:\s+of|,\s+(?:of|from))\s+$")
# "the Federal Home Loan Mortgage Corporation (Orvie Mac)": an alias in brackets after a body's name
_ALIAS_OF_BODY = re.compile(r"([A-Z][\w&\-]*)\s*\($")
_PLURAL_BEFORE = re.compile(r"\b([a-z]{3,}s)\s+$")


def _search_before(rx: re.Pattern, text: str, s: int, reach: int, ends: tuple[str, ...]) -> re.Match | None:
    """``rx``, a pattern that ends in one of ``ends`` and white space, searched in the ``reach``
    characters before ``s``; run only where the text there does end so (such a search tries
    every start in its window, and most names have nothing of the kind before them)."""
    lo = s - reach if s > reach else 0
    j = s
    while j > lo and text[j - 1].isspace():
        j -= 1
    if j == s or not text.endswith(ends, lo, j):
        return None
    return rx.search(text, lo, s)


_EMPLOYER_WORDS = ("for", "at", "of", "with")


def _role_token(word: str) -> str:
    """A word of a role without its trailing punctuation and possessive ("arsenal's," ->
    "arsenal"; of a word with no line break in it)."""
    word = word.rstrip(",;:.")
    return word[:-2] if word.endswith(("'s", "’s")) else word


# Words that join two names into a title or a fixture ("Freddy Vs Jason"), never a person's.
_VERSUS = {"vs", "versus"}
# The last word of a firm's name; the words before it name the firm elsewhere
_FIRM_SUFFIXES = {"inc", "corp", "corporation", "co", "cos", "ltd", "llc", "plc", "ag", "nv", "bhd", "pharma",
                  "holdings", "group", "bros", "industries", "technologies", "systems", "laboratories"}
# words that end a place's or a body's name ("Capitol Hill", "Carnegie Hall") and are common
# surnames too (not "church" or "temple": "Fullness of Joy Church" is a congregation)
_SURNAMES_TOO = frozenset({"hill", "hall", "wall", "park", "lake", "bridge", "day", "west", "law", "cross", "tower",
                           "court", "bay", "post", "pound"})


def _surname_too(text: str, start: int, words: list[str], facts: list[WordFacts]) -> bool:
    """A given name and such a word ("Keith Hill"), with a role just before ("Housing Minister
    Keith Hill", "spokesman Rich Hall") or a speech verb next to it ("Keith Hill said", "said
    Keith Hill"): a person named, not a place's ("Victoria Park", "Jordan Hall"). A longer run
    counts only with a role word in it ("Minister Keith Hill"): "Anna Maria Hall" may be a
    building."""
    n = len(words)
    if n < 2 or facts[-1].key not in _SURNAMES_TOO or not facts[-2].given:
        return False
    if n >= 3:
        return facts[-3].role
    before = text[max(0, start - 30):start].split()
    return bool(before and before[-1].lower() in ROLE_NOUNS) or _cue_before(text, start) \
        or _AFTER_CUE.match(text, start + len(words[0]) + 1 + len(words[1])) is not None


# The words that end a firm's name after its founders' ("Orvill Lynde Capital Markets",
# "Dorne Brothers"): what comes before them names the firm elsewhere
_FIRM_TAILS = frozenset({"capital", "markets", "securities", "brothers", "partners", "associates", "investments",
                         "investment", "financial", "funding", "bank", "banking", "holdings", "international",
                         "asset", "management", "trading", "research", "advisers", "advisors"})
# Right after a name: a firm's suffix ("Acme Inc", "Morgan Stanley and Co") or a letter that
# makes it a class or a grade ("Class A shares"), never a person
# ("Hale and Dorr's Corp", "Marlow co Pty Ltd", "Kestrel Mining N.L.")
_FIRM_SUFFIX_AFTER = re.compile(
    r"\s*<[A-Z][A-Z.\-]*>|>|\s+(?:and|&|und|et|y)\s+(?:Co|Cie|Cia|Sons|Partners)\b|(?:['’]s)?,?\s+(?:Inc|Corp|Co|Ltd|Plc|LLC|AG|Cos|"
    r"Incorp|Incorporated|Corporation|Limited)\b"
    r"|\s+(?:co|Pty|NV|SA|SpA|GmbH|BV|AB|KK|Oy|Oyj|ASA|Pte|Bhd|Ltda|Srl|SARL|KGaA|PLC"
    r"|N\.L\.|N\.V\.|S\.A\.)(?![\w\-])")
_FIRM_AFTER = re.compile(_FIRM_SUFFIX_AFTER.pattern + r"|\s+[A-Z](?=\s+[a-z])")


def _may_be_firm_after(text: str, e: int) -> bool:
    """What ``_FIRM_AFTER`` (and the rest of a firm's name, ``_FIRM_NAME_AFTER``,
    ``_FIRM_AND_REST_AFTER``) can match at ``e`` starts so: a possessive, a comma, a ">", or a
    space and then a capital, "<", "co" or "and"/"&"/"und"/"et"/"y" (most names are followed by
    a lower-case verb: no regex)."""
    c = text[e:e + 1]
    if c != " ":
        return c != "" and c in ",'’>"
    n = text[e + 1:e + 2]
    return n.isupper() or n in "&<" and n != "" or n in "cauey" and n != "" and text.startswith(
        (" co", " and ", " und ", " et ", " y "), e)
# A plural verb right after a name: a band, a club or a firm ("Ravens have announced",
# "Harbury are unbeaten"), never one person
_PLURAL_VERB_AFTER = re.compile(r"\s+(?:have|are|were)\b")
_LOWER_WORD_AFTER = re.compile(r"\s+[a-z]")
_LISTED_BEFORE = re.compile(r"(?:\b(?:and|or|nor)|[,&/])\s+$")
# After a lone word, the rest of a firm's name: "Marlow's Rating Service Inc", "Hale,
# Dorr and Co" (a list of at most three names before the "and")
_FIRM_NAME_AFTER = re.compile(r"(?:['’]s(?:\s+[A-Z][\w&\-]*){1,3}|(?:,\s+[A-Z][\w\-]*){1,3},?\s+(?:and|&)"
                              r"(?:\s+[A-Z][\w\-]*)?),?\s+(?:Inc|Corp|Co|Cos|Ltd|Plc|LLC)\b")
# ... the list alone, after any name: "Orvill Lynde, Pierce, Fenner and Smith Inc"
_FIRM_LIST_AFTER = re.compile(_FIRM_NAME_AFTER.pattern.replace("['’]s(?:\\s+[A-Z][\\w&\\-]*){1,3}|", "", 1))


def _firm_list_after(text: str, e: int) -> bool:
    """``_FIRM_LIST_AFTER`` at ``e``, and no role noun after the firm: "Jane Doe, Doe and Co
    chairman" is a person named with her firm."""
    m = _FIRM_LIST_AFTER.match(text, e)
    if m is None:
        return False
    w = _WORD_AFTER.match(text, m.end())
    return w is None or w.group(1) not in ROLE_NOUNS
# "its" in a name's own clause: right after its speech verb, no other noun between ("X said
# its", "X said in its weekly review", "X said last week that its"), or after "it" opens the
# clause, in the same sentence ("X said it sold part of its stake"): for a name that opens
# with no given name, a firm's. "it" alone there ("X said it was time") is a firm's only when
# the name holds a firm's word (see ``_firm_like``).
_SPEECH_VERB = r"\s+(?:has\s+|had\s+|also\s+)?(?:said|says|added|announced|reported)\s+"
_SAID_ITS_AFTER = re.compile(
    _SPEECH_VERB + r"(?:(?:that|in|on)\s+|(?:on\s+)?(?:(?:last|this)\s+\w+|yesterday|today|\w+day)\s+"
    r"(?:that\s+)?)?its\b|" + _SPEECH_VERB + r"(?:that\s+)?it\s+[^.;!?\"“”\n]{0,150}?\bits\b")
_SAID_IT_AFTER = re.compile(_SPEECH_VERB + r"(?:(?:that|in|on)\s+)?it\b")
# The rest of a firm's name and its suffix after a name ("Orvell Data Systems Inc")
_FIRM_REST_AFTER = re.compile(r"(?:\s+[A-Z][\w&\-]*){1,3},?\s+(?:Inc|Corp|Co|Cos|Ltd|Plc|LLC|L\.P\.)(?![\w\-])")
# ... joined by "and": "Orvell Water and Waste Industries Inc" (a person's name is never
# followed by the rest of a firm's)
_FIRM_AND_REST_AFTER = re.compile(r"\s+(?:and|&)(?:\s+[A-Z][\w&\-]*){1,3},?\s+(?:Inc|Corp|Co|Cos|Ltd|Plc|LLC)(?![\w\-])")
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
# A pronoun that refers back to a lone name: a person's, or a thing's ("Acme said it will")
_QUOTE_MARK = re.compile(r"[\"“”«»]")
_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|it|its)\b", re.IGNORECASE)
# Words that join the words of an organisation's or a work's name, never of a role before a name
_JOINERS = {"against", "of", "for", "the", "and", "in", "on", "with", "without", "to", "from", "by", "at"}
_APPOS_WORD = re.compile(r",\s+(?:(?:a|an|the)\s+)?(?:[a-z\-]+\s+){0,2}([a-z][a-z\-]+)")
_FUNCTION = {"the", "a", "an", "and", "but", "or", "in", "on", "at", "to", "of", "by", "with",
             "from", "as", "if", "when", "while", "after", "before", "since", "this", "that",
             "his", "her", "their", "its", "our", "he", "she", "they", "it", "we", "i", "you",
             "for", "so", "yet", "then", "also", "even", "still", "meanwhile", "however",
             # sentence adverbs and conjunctions: after an initial's full stop they open the
             # next sentence ("Malcolm X. Besides Dee, …")
             "besides", "moreover", "furthermore", "nevertheless", "nonetheless", "instead", "indeed",
             "afterwards", "likewise", "similarly", "consequently", "accordingly", "whereas", "although",
             "though", "because", "despite", "unlike"}
_PLAIN_CAP = re.compile(r"^[A-Z][a-z]+$")
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z0-9&\-]{1,7}$")
_SENT_PUNCT = set(".!?\n\r")
_QUOTE_OPEN = set(" \t\"“‘'([—–-«„")


@dataclass(frozen=True, slots=True)
class WordFacts:
    """Everything the name finder asks about one capitalised word."""
    lower: str                   # lower case, a trailing period dropped
    key: str                     # normalised (``norm_token``): what surnames are compared by
    stop: bool                   # a function word, month or weekday: never starts a name
    role: bool                   # a role word or title ("Minister", "former")
    given_at_start: bool         # a known first name even at a sentence's start
    given: bool                  # a known first name mid-sentence
    nonperson: bool              # names a place, body or thing ("Ministry", "Street")
    inflected: bool              # ends -ing/-ly/-ed ("Speaking", "Separately")
    title: bool                  # a title that makes a bare surname a person ("Mr.", "Sen.")
    title_gender: str | None     # the gender a title tells ("Mrs." -> "f")
    suffix: bool                 # a name suffix, no surname ("Jr.", "III")
    place: bool                  # a country, capital, state or big city ("Paris")
    place_start: bool            # starts a place's name ("New", "San")
    demonym: bool                # a nationality ("Russian", "Swiss")
    inner_stop: bool             # a function word or "vs": never a name's second or later word
    joiner: bool                 # joins the words of a body's or a work's name ("of", "Against")
    office: bool                 # an office that ends a role, never a name ("Secretary")
    number: bool                 # a number word ("Three")
    group: bool                  # a group or a party ("Officials", "Tories"): never a surname
    group_word: bool             # see ``_group_word``: a plural role noun or a place's adjective
    country: bool                # a country's name ("Canada")
    firm_shaped: bool            # written as a firm's or a product's name ("OnePlus", "Orvo-Canada")
    firm_ending: bool            # ends as one-word firms do ("Citibank"), as a few surnames do too
    initial: bool                # an initial, with or without its period ("J.", "J")
    rare: bool                   # a name particle or a state's abbreviation: a rarer test applies
    # alone, with no title before it, no surname: a nationality, a party, an office, a word that
    # joins or never starts a name, a group, a role word, a body's or a place's word, a firm's
    # shape or a lower-case word after a hyphen ("the 24-year-old Swiss added", "the Tories
    # said", "Colleagues said", "Ministry said", "Anglo-french")
    alone_no_person: bool
    # long enough, and no function word, body, group or place: a lone word that may be a
    # known surname misspelt
    may_be_misspelt: bool
    inner_no_name: bool          # nonperson or inner_stop: never a name's second or later word
    firm_word: bool              # firm_shaped or firm_ending
    # a body's, a place's or a thing's word ("Commission", "County") that, as a run's last word,
    # always lies in its name part (no stop word, name suffix, title or initial, which
    # ``_name_bounds`` may leave out) and makes the run no person's, wherever the name part
    # starts (``_names_no_person``); not a firm's suffix or tail, whose run names a firm elsewhere
    ends_body: bool


@lru_cache(maxsize=65536)
def word_facts(word: str) -> WordFacts:
    """The facts about one word, computed once per distinct word: every test the name
    finder makes of a word alone is a field here, so a run's test reads fields."""
    low = word.lower().rstrip(".")
    key = norm_token(word)
    places = place_names()
    stop = low in START_STOP or low in MONTHS or low in WEEKDAYS
    role = low in ROLE_WORDS or low in STRONG_TITLES
    nonperson = key in NONPERSON
    place = low in places
    demonym = low in demonym_words() or low in GROUP_ADJECTIVES
    joiner = low in _JOINERS
    office = low in _OFFICES
    group_word = _group_word(low, places)
    firm_shaped = _firm_shaped(word)
    firm_ending = len(low) >= 7 and low.endswith(_FIRM_ENDINGS) and not is_given_name(word)
    inner_stop = low in _FUNCTION or low in _VERSUS
    return WordFacts(
        lower=low, key=key, stop=stop, role=role, given_at_start=is_given_name(low, True),
        given=is_given_name(low, False), nonperson=nonperson,
        inflected=low.endswith(("ing", "ly", "ed")), title=low in STRONG_TITLES,
        title_gender=GENDER_TITLES.get(low), suffix=key in SUFFIXES,
        place=place, place_start=low in PLACE_START, demonym=demonym,
        inner_stop=inner_stop, joiner=joiner,
        office=office, number=low in _NUMBER_WORDS,
        group=low in GROUP_NOUNS or low in _PARTY_WORDS, group_word=group_word,
        country=low in _country_names(), firm_shaped=firm_shaped,
        firm_ending=firm_ending,
        initial=len(word) == 1 or len(word) == 2 and word[1] == ".",
        rare=word in PARTICLES or low in STATE_ABBREVIATIONS,
        alone_no_person=(demonym or low in _PARTY_WORDS or office or joiner or stop or group_word or role
                         or nonperson or low in GROUP_NOUNS or place or firm_shaped
                         or _HYPHEN_LOWER.search(word) is not None),
        may_be_misspelt=len(key) >= 3 and not stop and not nonperson and key not in GROUP_NOUNS and not place,
        inner_no_name=nonperson or inner_stop, firm_word=firm_shaped or firm_ending,
        ends_body=(nonperson and not stop and key not in SUFFIXES and low not in STRONG_TITLES
                   and not word.endswith(".") and key not in _FIRM_SUFFIXES and key not in _FIRM_TAILS))


# Prefixes after which a name writes a capital inside: "McCain", "DiMaggio", "LaRouche"
_NAME_PREFIXES = ("Mc", "Mac", "Fitz", "De", "Di", "Da", "Du", "La", "Le", "Lo", "Van", "Von", "St")
_INNER_CAPITAL = re.compile(r"[a-z]([A-Z])")


# Endings of one-word firm names ("Orvibank", "Dorvacorp", "Halsoft"); a few surnames end so
# too ("Burbank"), so alone the ending is weighed against a person's signs (``WordFacts.firm_ending``)
_FIRM_ENDINGS = ("bank", "corp", "tech", "soft", "tronics")


def _firm_shaped(word: str) -> bool:
    """A word with a capital inside that no name prefix explains ("OnePlus", "BankAmerica") or a
    hyphenated word holding a country ("Petro-Orvania"): a firm's or a product's (the first, unless
    a known first name: "LeRoy")."""
    m = _INNER_CAPITAL.search(word)
    if m is None:
        return "-" in word and any(part in _country_names() for part in word.lower().split("-"))
    elif word.startswith(_NAME_PREFIXES) and word[:m.start(1)] in _NAME_PREFIXES:
        return False
    return not is_given_name(word)


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    from ingest import lexicons

    return frozenset(c.name.lower() for c in lexicons.countries())


def _sentence_initial(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in _QUOTE_OPEN:
        j -= 1
    return j < 0 or text[j] in _SENT_PUNCT or text[j] == ":"


# A title line is shorter than this
_TITLE_MAX = 160


def is_title_line(line: str) -> bool:
    """A short Title-Case line (a headline, a section title): no new people there."""
    n = len(line)
    if 0 < n < _TITLE_MAX and line[-1] not in ".?!,:\"”":
        words = line.split()
        if len(words) >= 2:
            caps = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
            return caps >= 0.75 * len(words) and not line.rstrip().endswith((".", "?", "!", ",", ":", '"', "”"))
    return False


class TitleLines:
    """Which positions of a text lie on a title line (``is_title_line``). Only the lines asked
    about are read, each once when asked in text order (as the name finder asks): a line is
    read within a title's length of the position asked, and a longer line, no title however
    long it is, is then known to be none up to its end (one search for its end: the later
    names on a long paragraph's line are answered at once), so the cost stays linear in the
    text."""
    __slots__ = ("text", "_line")

    def __init__(self, text: str) -> None:
        self.text = text
        self._line = (0, 0, False)     # the line last read: (start, end, a title line)

    def at(self, pos: int) -> bool:
        """``pos`` lies on a title line."""
        ls, le, got = self._line
        if ls <= pos < le:
            return got
        text = self.text
        lo = pos - _TITLE_MAX
        ls = text.rfind("\n", lo if lo > 0 else 0, pos) + 1
        if ls == 0 and lo > 0:
            # no line break in the title's length before: too long a line, up to its end
            self._line = (pos, self._line_end(pos), False)
            return False
        le = text.find("\n", pos, ls + _TITLE_MAX)
        if le < 0:
            if len(text) >= ls + _TITLE_MAX:
                self._line = (ls, self._line_end(ls + _TITLE_MAX), False)     # too long a line
                return False
            le = len(text)
        got = is_title_line(text[ls:le])
        self._line = (ls, le, got)
        return got

    def _line_end(self, pos: int) -> int:
        le = self.text.find("\n", pos)
        return le if le >= 0 else len(self.text)


def _ends_sentence(tok: str) -> bool:
    """A word with a full stop that ends a sentence ("Rossi."), not an abbreviation ("Co.",
    "U.S.", "St.")."""
    return tok.endswith(".") and len(tok) > 4 and "." not in tok[:-1]


def _role_before(text: str, start: int, has_role: bool = False) -> tuple[str | None, str | None]:
    """A role written before a name: 'alliance chief', "Harbour Radio's", 'the former minister'.

    Returns (role or None, gender from an honorific or None).
    """
    chunk = text[start - 90 if start > 90 else 0:start]
    nl = chunk.rfind("\n")
    if nl >= 0:
        chunk = chunk[nl + 1:]
    if not chunk or not chunk[-1].isspace():
        return None, None
    if not has_role:
        # the word right before the name must be a role word, an acronym or an owner's name
        # for any role to be read: most names have none of them before
        last = chunk.rsplit(None, 1)
        if not last:
            return None, None
        tok = last[-1]
        if tok[-1:] in ",;:)\"”" or not (tok.lower().rstrip(".") in ROLE_WORDS or _ACRONYM.match(tok)
                                           or tok[:1].isupper() and tok.endswith(("'s", "’s"))):
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
                    and words[k - 1].lower() not in START_STOP and not _ends_sentence(words[k - 1]):
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
        elif role_seen and low not in _FUNCTION and _PLAIN_CAP.match(tok) and low not in _NOT_OF_A_ROLE:
            pass  # "White House press secretary", "New Jersey Gov." (not "On Tuesday", "Said")
        elif low in ("of", "for") and role_seen and k > 1 and words[k - 2].lower().rstrip(".") in ROLE_WORDS:
            pass  # "Secretary of State"
        else:
            break
        k -= 1
        steps += 1
    if k == len(words) or not role_seen:
        return None, gender
    role_words = words[k:]
    if k > 1 and words[k - 1] == "of" and words[k - 2][:1].isupper():
        # the scan stopped inside a body's name ("Bank of England deputy governor"): its
        # capitalised tail is a fragment, not the role ('and' may end a list of people instead:
        # "Jane Roe and Ohio Gov. John Doe")
        j = 0
        while j < len(role_words) and role_words[j][:1].isupper() \
                and role_words[j].lower().rstrip(".") not in ROLE_WORDS:
            j += 1
        if j < len(role_words):
            role_words = role_words[j:]
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
# capitalised words that date a sentence or open it, never part of a body's name before a
# role: "On Tuesday Labour chairman", "Said Wales assistant coach", "Earlier Tory leader"
_NOT_OF_A_ROLE = frozenset(WEEKDAYS | (MONTHS - {"may"}) | {
    "said", "says", "added", "adds", "told", "tells", "yesterday", "today", "tonight", "tomorrow",
    "earlier", "later", "meanwhile", "however", "also", "then", "now"})


def _honorific_before(text: str, ns: int) -> bool:
    """'Mr', 'Lord', 'Dr' right before: what makes a word that is also a title a surname."""
    k = text.rfind(" ", ns - 12 if ns > 12 else 0, ns - 1) + 1
    return text[k:ns].strip().rstrip(".").lower() in _HONORIFICS


def _knight_before(text: str, ns: int) -> bool:
    """"Sir " or "Dame " right before: a title used with the first name ("Sir John")."""
    return text.endswith(("Sir ", "Dame "), 0, ns)


def _knights_given(text: str, persons: list[PersonDraft]) -> dict[str, list[int]]:
    """First name -> the people of that first name named in full after "Sir" or "Dame"."""
    out: dict[str, list[int]] = {}
    for k, per in enumerate(persons):
        if per.full and per.given and any(_knight_before(text, a) for a, _e in per.mentions):
            out.setdefault(per.given, []).append(k)
    return out


def _title_before(text: str, ns: int) -> tuple[bool, str | None]:
    """(a title such as "Mr." or "Sen." right before, the gender it tells)."""
    j = ns - 1
    if j < 2 or text[j] != " ":
        return False, None
    if text[j - 1] == ".":
        j -= 1
    k = text.rfind(" ", j - 16 if j > 16 else 0, j) + 1
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


# A word with what clings to it: letters, digits, "_", hyphens and apostrophes
_CLINGING_WORD = re.compile(r"[\w’'\-]+")


# The words ``writes_lower`` searches for one by one before it sweeps the text once
_FEW_WORDS = 8


def _written_as_word(text: str, word: str) -> bool:
    """``word`` (letters a-z) stands in ``text`` as a word of its own, in lower case: no
    letter, digit, "_", hyphen or apostrophe touches it on either side."""
    n = len(word)
    pos = text.find(word)
    while pos >= 0:
        end = pos + n
        before = text[pos - 1] if pos else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_’'-" or after.isalnum() or after in "_’'-"):
            return True
        pos = text.find(word, pos + 1)
    return False


def _words_of(text: str) -> frozenset[str]:
    """Every run of letters, digits, "_", hyphens and apostrophes in ``text``: a word (a-z)
    is in it when the text writes it in lower case with none of those touching it."""
    return frozenset(_CLINGING_WORD.findall(text))


def _plausible_typo(f: _PeopleFinder, ns: int, ne: int, key: str, facts: WordFacts, sim: float) -> bool:
    """A capitalised word close to a known surname is that surname misspelt only when it
    is no ordinary word: not a first name ("Christian" is not "Christie") unless a
    truncation that speaks ("Mart said"), not a sentence's first word unless it speaks,
    and not a word the text also uses in lower case ("Living", "Board")."""
    text = f.text
    speaks = None
    if facts.given_at_start or facts.given:
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
    return not f.writes_lower(key)


_POSSESSIVE_BEFORE = re.compile(r"['’]s?\s+$")
# "the" or "its" right before: what follows is a thing ("its Orvale Sandstone formation"), not a
# person (whose role stands between: "its chairman Jane Doe")
_DETERMINER_BEFORE = re.compile(r"\b(?:[Tt]he|its)\s$")
# ... and for a lone word, "a" or "an" too ("according to a Congressional report"; "a Jim
# Carrey film" names its maker)
_ARTICLE_BEFORE = re.compile(r"\b(?:[Tt]he|its|an?)\s$")
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


def _common_word(word: str, f: _PeopleFinder) -> bool:
    """The text also writes this word in lower case ("judges", "language"): a common noun."""
    low = word.lower()
    return f.writes_lower(low) or (low.endswith("s") and f.writes_lower(low[:-1]))


_ORG_LOOKS = 20       # a word's first mentions read for a sign that it names an organisation
_ALNUM_RUN = re.compile(r"[^\W_]+")


def _organisation(text: str, word: str, starts: list[int] | None = None) -> bool:
    """The text treats this capitalised word as an organisation at one of its first
    mentions: a firm-like noun right before it ("regulator Ofcom"), or "its" after its
    speech verb ("Sony said its"). ``starts``: where runs of letters and digits that begin
    the word start (``_PeopleFinder.organisation``), else the text is searched."""
    n = len(text)
    seen = 0
    for pos in _word_starts(text, word) if starts is None else starts:
        end = pos + len(word)
        if not text.startswith(word, pos) or (end < n and text[end].isalnum()):
            continue
        if _org_noun_before(text, pos) or _ORG_AFTER.match(text, end) or _org_noun_after(text, end):
            return True
        nm = _ORG_NEXT.match(text, end)
        if nm is not None and norm_token(nm.group(1)) in NONPERSON:
            return True  # "Jupiter Research", "Lycos Europe"
        seen += 1
        if seen >= _ORG_LOOKS:
            break
    return False


def _word_starts(text: str, word: str) -> Iterator[int]:
    """Where ``word`` starts in ``text`` with no letter or digit before it."""
    pos = text.find(word)
    while pos >= 0:
        if pos == 0 or not text[pos - 1].isalnum():
            yield pos
        pos = text.find(word, pos + 1)


# Words that open a clause of their own between a speech verb and a name: the name is then
# what was said, not who said it ("announced it was seeking Parliamentary approval", "said
# that Acme would")
_CLAUSE_WORDS = frozenset("it he she they we i you was were is are be been has had have "
                          "would will could should may might can that which who".split())


def _cue_before(text: str, ns: int, ne: int | None = None, across_clause: bool = True) -> bool:
    """A speech verb just before a name: 'said Doe', 'said the economist Doe', 'according to Doe'.

    With ``ne``: not when the name only modifies a later one ('said Acme pollster Jane Roe').
    Without ``across_clause``: not when a clause opens between them ('said it was seeking Doe').
    (The words before are read first: most names have no speech verb there.)"""
    words = text[ns - 50 if ns > 50 else 0:ns].split()
    k = len(words)
    skipped = 0
    while k > 0 and skipped <= 4:
        raw = words[k - 1]
        w = raw.rstrip(",:").lower()
        if w in _STRONG_CUE_WORDS or w == "to" and k > 1 and words[k - 2].lower() == "according":
            return ne is None or _MODIFIER_AFTER.match(text, ne) is None
        if raw[:1].isupper():
            if raw.rstrip(".").lower() not in STRONG_TITLES:
                return False
            k -= 1  # 'said Sen. Doe'
            continue
        if not raw[:1].islower() or raw[-1:] in ".;!?\"”" or not across_clause and w in _CLAUSE_WORDS:
            return False
        k -= 1
        skipped += 1
    return False


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


def extract_people(text: str, deadline: Deadline | None = None) -> list[Person]:
    """People named in ``text`` (a :class:`Document` or plain text): one Person per real
    person, mentions as offsets. Past ``deadline`` (read every 64 names, so that what a short
    article names is never lost to it) the passes stop: the names read before it are kept,
    those not yet tested as firms or things kept untested.

    Pass 1 reads the capitalised runs into people named in full (with roles) and lone
    words; pass 2a makes lone surnames with evidence of their own into surname-only
    people; pass 2b links the lone words to the people as surnames, misspellings,
    truncations or first names."""
    if not any(map(str.isupper, text)):
        return []
    doc = Document.of(text)
    flat = doc.unwrapped
    finder = _PeopleFinder(flat)
    _find_full_names(finder, doc.name_runs, deadline)
    _add_surname_only_people(finder, deadline)
    if finder.persons:          # (with no one named, no lone word has anyone to name)
        _link_lone_words(finder, deadline)
    people = _finished_people(finder, deadline)
    if flat is not doc.plain:
        # a name broken by a wrap newline: its raw form is one more alias
        for p in people:
            forms = {p.name, *p.aliases}
            for a, b in p.mentions:
                raw = doc[a:b]
                if raw not in forms:
                    p.aliases.append(raw)
                    forms.add(raw)
    return people


class PersonDraft:
    """A person being assembled from the mentions found so far."""
    __slots__ = ("forms", "order", "given", "surname", "role", "gender", "mentions", "full", "starts",
                 "speech_only")

    def __init__(self, given: str | None, surname: str) -> None:
        self.forms: dict[str, int] = {}
        self.order: list[str] = []
        self.given = given
        self.surname = surname
        self.role: str | None = None
        self.gender: str | None = None
        self.mentions: list[tuple[int, int]] = []
        self.full = False                # named in full at least once ("Jane Doe")
        self.starts: list[int] = []      # the mentions' starts, sorted
        self.speech_only = False         # named in full only beside a speech verb (see ``_unproven``)

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


# A lone word: a capitalised word that is not (yet) part of a full name (a surname mention,
# a misspelling, a first name alone, or nothing), as a plain tuple (made ~12 times an article;
# a tuple costs a fraction of an object; ``_PeopleFinder.lone_words`` also holds the words of
# a run that named no new person, as one (words, facts, offsets) entry):
#   (start, end, word, facts: WordFacts,
#    proof: evidence of a person, True/False, None = not looked at yet,
#    initial: at a sentence's start, None = not looked at yet,
#    gender: from a title before it,
#    lone: a one-word run, not a word of a rejected longer run)
LoneWord = tuple[int, int, str, WordFacts, "bool | None", "bool | None", "str | None", bool]


class NameRun:
    """A run of capitalised words that may name a person and where in it the name lies: words
    [i0, j0) are a role ("Defence Minister"), words [j0, k1) the name (``_name_bounds``). Made
    only for a run whose name part is not already known to name no person."""
    __slots__ = ("words", "facts", "offsets", "initial", "i0", "j0", "k1",
                 "name_words", "name_facts", "name_start", "name_end")

    def __init__(self, words: list[str], facts: list[WordFacts], offsets: list[int], initial: bool,
                 i0: int, j0: int, k1: int) -> None:
        self.words = words
        self.facts = facts
        self.offsets = offsets
        self.initial = initial           # the run starts a sentence
        self.i0, self.j0, self.k1 = i0, j0, k1
        self.name_words = words[j0:k1]
        self.name_facts = facts[j0:k1]
        self.name_start = offsets[j0]
        self.name_end = offsets[k1 - 1] + len(words[k1 - 1])


class _PeopleFinder:
    """One article's people as they are assembled, pass by pass (see ``extract_people``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.places = place_names()
        self.demonyms = demonym_words()
        self.in_title = TitleLines(text).at
        self.persons: list[PersonDraft] = []
        self.by_surname: dict[str, list[int]] = {}
        self.by_initial: dict[str, list[int]] = {}     # people named in full, by surname's first letter
        self.lone_words: list[LoneWord | tuple[list[str], list[WordFacts], list[int]]] = []
        self.open_words: list[LoneWord] = []   # those whose own evidence may make them a person
        self.thing_names: set[str] = set()   # full names the text uses as a thing ("film Vera Drake")
        self.firm_names: set[str] = set()    # names the text gives a firm's suffix ("Acme Steel Corp")
        self._lower: dict[str, bool] = {}             # writes_lower's answers, while few
        self._words: frozenset[str] | None = None     # ``_words_of(text)``, once they are many
        self._organisations: dict[str, bool] = {}     # organisation's answers
        self._runs: dict[str, list[int]] | None = None  # capitalised runs' starts, once many are asked

    def writes_lower(self, word: str) -> bool:
        """The text writes ``word`` (letters a-z) in lower case as a word of its own: no letter,
        digit, "_", hyphen or apostrophe touches it on either side. The first few words asked
        are searched for (most articles ask a few); past them, one sweep of the text answers
        every word, so the cost stays linear in the text however many words are asked."""
        if not (word.isascii() and word.isalpha() and word.islower()):
            return False
        if self._words is not None:
            return word in self._words
        got = self._lower.get(word)
        if got is None:
            if len(self._lower) >= _FEW_WORDS:
                self._words = _words_of(self.text)
                return word in self._words
            got = self._lower[word] = _written_as_word(self.text, word)
        return got

    def organisation(self, word: str) -> bool:
        """``_organisation`` of the text, once a word. The first few words are searched for;
        past them, one sweep indexes where each capitalised run starts, so the cost stays
        linear in the text however many words are asked (a search per word from the
        text's start is quadratic in a crafted list of thousands of names)."""
        got = self._organisations.get(word)
        if got is None:
            head = _ALNUM_RUN.match(word)
            if head is None:
                return False
            if self._runs is None and len(self._organisations) >= _FEW_WORDS:
                runs: dict[str, list[int]] = {}
                for m in _ALNUM_RUN.finditer(self.text):
                    if m.group()[0].isupper():
                        runs.setdefault(m.group(), []).append(m.start())
                self._runs = runs
            first = head.group()
            starts = None if self._runs is None or not first[0].isupper() else self._runs.get(first, [])
            got = self._organisations[word] = _organisation(self.text, word, starts)
        return got

    def keep_words(self, words: list[str], facts: list[WordFacts], offsets: list[int]) -> None:
        """The words of a run that names no new person: they may still be surname mentions (pass
        2b reads them; kept as the run's three lists, as most are never one)."""
        self.lone_words.append((words, facts, offsets))


def _find_full_names(f: _PeopleFinder, runs: list[re.Match], deadline: Deadline | None = None) -> None:
    """Pass 1: capitalised runs -> people named in full (with roles) and lone words (those
    before ``deadline`` passes)."""
    lone_words, open_words, by_surname, places = f.lone_words, f.open_words, f.by_surname, f.places
    text = f.text
    for i, m in enumerate(runs):
        if i & 63 == 63 and deadline is not None and deadline.passed():
            break
        surface = m.group()
        if " " not in surface:
            # one word: dropped at once ("The", "But") or kept for pass 2
            facts1 = word_facts(surface)
            if ((facts1.stop or facts1.role) and facts1.key not in by_surname) or surface[-1] == ".":
                continue
            a = m.start()
            if facts1.nonperson or facts1.place:
                lone_words.append((a, m.end(), surface, facts1, False, False, None, True))
                continue
            if a > 1 and text[a - 2] in _INITIALS and text[a - 1] == " " and _bare_initial(text, a - 2) \
                    and not _place_like(surface) and not f.in_title(a):
                # "G Orvo": an initial without its period; read as a name of two words
                m = _InitialRun(text, a - 2, m.end())
                a -= 2
                surface = m.group()
            else:
                # (whether it lies on a title line, where it names no one, is read only where
                # it would matter: see ``_add_surname_only_people`` and ``_link_lone_words``)
                lw = (a, m.end(), surface, facts1, None, None, None, True)
                lone_words.append(lw)
                open_words.append(lw)
                continue
        else:
            a = m.start()
        words = surface.split()
        facts = list(map(word_facts, words))
        offsets = []                  # the words are separated by exactly one space
        p = a
        for w in words:
            offsets.append(p)
            p += len(w) + 1
        if facts[0].place_start or surface.lower() in places:
            # 'New York', 'North Carolina Gov.': a place, whose words stay surname candidates
            for w, x, o in zip(words, facts, offsets):
                if not w.endswith(".") and not x.place_start:
                    lone_words.append((o, o + len(w), w, x, False, False, None, False))
            continue
        if facts[-1].ends_body and not _surname_too(text, a, words, facts):
            # "Exchange Commission", "Harris County": no person's, whatever its roles (see
            # ``WordFacts.ends_body``); its words may still be surnames (pass 2b)
            if len(words) <= 8:
                f.keep_words(words, facts, offsets)
            continue
        bounds = _name_bounds(f, words, facts, offsets, m)
        if bounds is None:
            continue
        i0, j0, k1, initial = bounds
        lead = j0 + 1                 # where the name starts after a nationality or a party
        while lead < k1 - 2 and facts[lead].group and facts[lead - 1].group:
            lead += 1                 # a party of two words: "Lib Dem Norman Baker"
        demonym_before = k1 - j0 >= 3 and (
            (facts[j0].demonym and facts[j0].lower not in GROUP_ADJECTIVES)  # not "European Indoor Championships"
            or (facts[j0].group and facts[lead].given))                      # "Tory Liam Fox"
        if demonym_before:
            # "Russian Marat Safin", "Tory Liam Fox": the nationality or party is said of the
            # person, not a name nor a role
            if not facts[lead].given:
                lead = j0 + 1
            i0, j0 = max(i0, lead), lead
        if _names_no_person(f, words, facts, offsets, i0, j0, k1, surface, a):
            if facts[-1].key in _FIRM_SUFFIXES and len(words) - i0 >= 2:
                # "Morgan Keegan Inc", "Kaiser Steel Corp": the same name without its suffix,
                # or its first word alone, names the firm elsewhere ("Morgan Keegan said")
                f.firm_names.add(" ".join(words[i0:-1]))
                f.firm_names.add(words[i0])
                if len(words) - i0 >= 4 and not facts[i0 + 1].nonperson:
                    f.firm_names.add(" ".join(words[i0:i0 + 2]))   # "Orvill Lynde Reynolds Inc"
                k = len(words) - 1
                while k - i0 > 2 and facts[k - 1].key in _FIRM_TAILS:
                    k -= 1
                if k < len(words) - 1:      # "Orvill Lynde Capital Markets Inc"
                    f.firm_names.add(" ".join(words[i0:k]))
            elif facts[-1].key in _FIRM_TAILS and len(words) - i0 >= 3:
                k = len(words) - 1          # "Orvill Lynde Capital Markets": "Orvill Lynde" is the firm
                while k - i0 > 2 and facts[k - 1].key in _FIRM_TAILS:
                    k -= 1
                f.firm_names.add(" ".join(words[i0:k]))
            if len(words) <= 8:
                f.keep_words(words, facts, offsets)
            continue
        if initial is None:
            initial = _sentence_initial(text, a)
        run = NameRun(words, facts, offsets, initial, i0, j0, k1)
        if run.k1 - run.j0 == 1:
            if run.j0 > run.i0 and facts[run.j0].key not in by_surname \
                    and not any(_person_role_word(x.lower) for x in facts[run.i0:run.j0]):
                f.keep_words(words[run.j0:run.k1], facts[run.j0:run.k1], offsets[run.j0:run.k1])
                continue    # "the Economic Observer", "Trade House": modifiers and a word, a body's name
            # evidence for a lone word is only looked at if it names nobody known (pass 2)
            strong_title = run.j0 > run.i0 and facts[run.j0 - 1].title
            gender = facts[run.j0 - 1].title_gender if run.j0 > run.i0 else None
            lw = (run.name_start, run.name_end, words[run.j0], facts[run.j0],
                  True if strong_title else None, run.initial and run.j0 == 0, gender, True)
            lone_words.append(lw)
            open_words.append(lw)
            continue
        evidence = _person_evidence(f, run, demonym_before)
        if not evidence:
            ns, ne = run.name_start, run.name_end
            if _thing_evidence(f.text, ns, ne, run.name_facts[0].given, False):
                f.thing_names.add(" ".join(run.name_words))   # "analyst for Paine Webber"
            f.keep_words(run.name_words, run.name_facts, offsets[run.j0:])
            continue
        if _used_as_thing(f, run):
            ns = run.name_start
            if _org_noun_before(f.text, ns):
                f.thing_names.add(" ".join(run.name_words))   # "film Vera Drake": no person anywhere
            f.keep_words(run.name_words, run.name_facts, offsets[run.j0:])
            continue
        _add_full_name(f, run, evidence is _SPEECH_ONLY)


# Capital letters that may stand before a run as its initial ("G Orvo"); not "A" nor "I", words
# of their own (a set of one-character strings: reading and looking one up makes no new object)
_INITIALS = frozenset("BCDEFGHJKLMNOPQRSTUVWXYZ")


def _bare_initial(text: str, i: int) -> bool:
    """The capital letter at ``i`` stands alone as a name's initial: no word touches it, it
    opens no item of a list, and the word before is neither capitalised (the middle initial of
    "Jane Q Doe" stays out: "Jane" is read on its own) unless a function word ("But"), nor "the"
    ("the X Factor")."""
    if i and (text[i - 1].isalnum() or text[i - 1] in ".’'-&/"):
        return False
    j = i - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    if j >= 0 and text[j] in ",:;(":
        return False    # a list or a team sheet ("Replacements: J Doe, S Roe"): costly and rarely prose
    k = j
    while k >= 0 and (text[k].isalnum() or text[k] in "’'-"):
        k -= 1
    prev = text[k + 1:j + 1]
    low = prev.lower()
    return low != "the" and (not prev or prev[0].islower() or low in START_STOP)


def _place_like(word: str) -> bool:
    """A place's or a body's word: after it a capital letter is a compass point or a code
    ("W Yorkshire", "N Ireland"), not an initial."""
    facts = word_facts(word)
    return facts.place or facts.nonperson or facts.lower.endswith(("shire", "lands", "land"))


class _InitialRun:
    """A run of capitalised words with the bare initial written before it ("G Orvo", "C
    Perkins"), read as the regex's match would be."""
    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text[self._start:self._end]


def _name_bounds(f: _PeopleFinder, words: list[str], facts: list[WordFacts], offsets: list[int],
                 m: re.Match | _InitialRun) -> tuple[int, int, int, bool | None] | None:
    """Where in a run its role words [i0, j0) and its name words [j0, k1) lie, and whether the
    name starts a sentence (None: not read, as nothing here needed it); None when the run holds
    no name."""
    n = len(words)
    i0 = 0
    initial = None
    # leading function words, months, weekdays, sentence-initial gerunds/adverbs
    while i0 < n:
        w = facts[i0]
        if w.stop:
            i0 += 1
            continue
        if i0 == 0 and w.inflected and not w.given_at_start:
            initial = _sentence_initial(f.text, m.start())
            if initial:
                i0 += 1
                continue
        break
    if i0 and n == 1 and facts[0].key in f.by_surname:
        i0 = 0  # a surname that is also a word ("Read said", "From added")
    if i0 >= n:
        return None
    if i0:
        initial = False
    # titles and roles inside the run: the last role word before the first given name
    last_role = -1
    for i in range(i0, n - 1):
        if facts[i].role and not all(f.suffix for f in facts[i + 1:]):
            last_role = i         # (not 'Martin Luther King Jr': a title before a suffix alone is a surname)
    j0 = last_role + 1 if last_role >= 0 else i0
    for i in range(j0, n - 1):
        w = facts[i]
        if i == i0 and w.given_at_start != w.given and initial is None:
            initial = _sentence_initial(f.text, m.start())
        if w.given_at_start if (initial and i == i0) else w.given:
            j0 = i  # 'Maricopa County Recorder Jane Doe': the name starts at Jane
            break
    k1 = n
    while k1 - j0 > 1 and facts[k1 - 1].suffix:
        k1 -= 1
    while k1 > j0 and words[k1 - 1].endswith("."):  # a trailing initial is no surname
        k1 -= 1
    if k1 <= j0:
        return None
    text = f.text
    if k1 == n and k1 - j0 >= 3 and facts[-1].country and text.startswith(("'s", "’s"), m.end()):
        k1 -= 1     # 'told George Shultz China's troubles were over': the country owns what follows
    if k1 == n and facts[-1].title and text[m.end():m.end() + 1] == ".":
        return None  # 'former Wisconsin Gov.' is the role of the name that follows
    if k1 - j0 >= 4 and j0 == i0 and not f.in_title(m.start()):
        # 'said Chicago Alderman Jane Q. Doe': with a cue, the name is the tail of the run
        e_run = offsets[k1 - 1] + len(words[k1 - 1])
        if _AFTER_CUE.match(text, e_run) or _cue_before(text, m.start()):
            j0 = k1 - (3 if words[k1 - 2].endswith(".") else 2)
    return i0, j0, k1, initial


def _names_no_person(f: _PeopleFinder, words: list[str], facts: list[WordFacts], offsets: list[int],
                     i0: int, j0: int, k1: int, surface: str, start: int) -> bool:
    """The name part (words [j0, k1) of the run) names a place, a body or a thing, sits in a
    title line, or is too long."""
    nn = k1 - j0
    first, last = facts[j0], facts[k1 - 1]
    if nn > 4 or first.place_start or last.office or last.number or (first.place and not first.given) \
            or (nn > 1 and last.group) \
            or (last.country and not first.given and not first.given_at_start):   # "Statistics Canada"
        return True
    if first.nonperson:
        return True
    for k in range(j0 + 1, k1):
        if facts[k].inner_no_name and not (k == k1 - 1 == len(words) - 1 and _surname_too(f.text, start, words, facts)):
            return True
    if not first.given:
        for k in range(j0, k1):
            if facts[k].firm_word:
                return True
    if first.rare and words[j0] in PARTICLES and (last.place or any(
            x.lower in FOREIGN_BODY_WORDS for x in facts[i0:j0])):
        return True         # "de Paris", "de L'Orva": the end of a body's name ("Banque Nationale de Paris")
    if last.rare and last.lower in STATE_ABBREVIATIONS \
            and f.text.startswith(".", offsets[k1 - 1] + len(words[k1 - 1])) \
            and f.text.endswith(", ", 0, offsets[j0]):
        return True         # "Bluefield, W. Va.": a state
    for k in range(i0 + 1, j0):
        if facts[k].joiner:
            return True     # "League Against Cruel Sports"
    return (surface if nn == len(words) else " ".join(words[j0:k1])).lower() in f.places \
        or f.in_title(start)


# What ``_person_evidence`` finds: none, a speech verb alone (which follows firms as well:
# "Acme Orvell said"), or a sign of a person
_NO_EVIDENCE, _SPEECH_ONLY, _PERSON = 0, 1, 2


def _person_evidence(f: _PeopleFinder, run: NameRun, demonym_before: bool) -> int:
    """A multi-word name is a person's with evidence: a known first name, an initial, a role
    or title before it, a nationality, an apposition after it (``_PERSON``); or a speech verb
    around it (``_SPEECH_ONLY``: weighed once the article is read, see ``_unproven``)."""
    text = f.text
    facts = run.name_facts[0]
    ns, ne = run.name_start, run.name_end
    if ((facts.given_at_start if run.initial and run.j0 == 0 else facts.given)
            or facts.initial or demonym_before
            or run.j0 > run.i0 and (any(_person_role_word(x.lower) for x in run.facts[run.i0:run.j0])
                                    or _office_of_before(text, run.offsets[run.i0]))):
        return _PERSON
    if _APPOS.match(text, ne):
        return _PERSON
    if _AFTER_CUE.match(text, ne) or _cue_before(text, ns, ne):
        return _SPEECH_ONLY
    run_start = run.offsets[run.i0]
    role_b, _ = _role_before(text, run_start)
    # "Konami's Pro Evo": an owner's name before a run says nothing of a person
    if role_b is not None and not _POSSESSIVE_BEFORE.search(text, run_start - 4, run_start) \
            and _role_says_person(role_b):
        return _PERSON
    am = _APPOS_WORD.match(text, ne)
    if am is not None and am.group(1).lower() in ROLE_NOUNS or text.startswith(",", ne) and _role_head_apposition(text, ne):
        return _PERSON      # "Jane Orve, managing director of Acme,"
    if text.startswith((" is ", " was "), ne) and _copula_role(text, ne):
        return _PERSON      # "Jane Orve is senior benefit officer at Acme"
    return _NO_EVIDENCE


# An office and "of" before a run: "Minister of Industry and Trade Jane Doe"
_OFFICE_OF_BEFORE = re.compile(r"\b([A-Za-z\-]+)\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w\-]*,?\s+(?:(?:and|&)\s+)?){0,4}$")


def _office_of_before(text: str, start: int) -> bool:
    """A role noun and "of" or "for" right before a run whose own role words only modify
    ("Minister of Industry and Trade Jane Doe", "Secretary of State Jane Doe")."""
    lo = max(0, start - 60)
    if text.find(" of ", lo, start) < 0 and text.find(" for ", lo, start) < 0:
        return False
    m = _OFFICE_OF_BEFORE.search(text, lo, start)
    return m is not None and m.group(1).lower() in ROLE_NOUNS


def _used_as_thing(f: _PeopleFinder, run: NameRun) -> bool:
    """A name used as a modifier or a thing ("the Harry Potter games", "former Led Zeppelin
    singer Robert Plant", "French Champagne"), or, with no first name, ending in a word the
    text also writes in lower case ("Sign Language")."""
    if run.j0 != run.i0:
        return False
    text = f.text
    ns, ne = run.name_start, run.name_end
    facts = run.name_facts
    # "a Jim Carrey film": a person's name before the work is still a person's
    maker = ((facts[0].given_at_start if run.initial else facts[0].given) and _WORK_AFTER.match(text, ne)
             and not _common_word(run.name_words[-1], f))
    if (_DETERMINER_BEFORE.search(text, ns - 4, ns) or _role_noun_after(text, ne)
            or _org_noun_before(text, ns)
            or (not maker and _org_noun_after(text, ne))
            or (len(facts) == 2 and facts[0].demonym)):
        return True
    return (not facts[0].given and not facts[0].given_at_start
            and _common_word(run.name_words[-1], f))


# A surname is compared for a misspelling with at most this many people named before it with
# its first letter (the latest): no article names so many, and an input that names thousands
# (a crafted list) costs a bounded comparison a name instead of one with every earlier name.
FUZZY_POOL = 32


def _add_full_name(f: _PeopleFinder, run: NameRun, speech_only: bool = False) -> None:
    """Add a full-name mention to the person it names (same or misspelt surname, compatible
    first name), or to a new person, with the role and gender written around it.
    ``speech_only``: a speech verb is this mention's only sign of a person."""
    text = f.text
    facts = run.name_facts
    surname = facts[-1].key
    given = None
    for x in facts[:-1]:
        if x.key:
            given = x.key
            break
    persons = f.persons
    pid = None
    for cand in f.by_surname.get(surname, ()):
        if _given_compatible(persons[cand].given, given):
            pid = cand
            break
    if pid is None and surname:
        best = 0.0
        for k in f.by_initial.get(surname[0], ())[-FUZZY_POOL:]:
            other = persons[k]
            if other.surname == surname or not other.full:
                continue
            sim = surname_similarity(other.surname, surname)
            if sim >= 0.85 and sim > best and other.given and given and _given_compatible(other.given, given):
                best, pid = sim, k
    if pid is None:
        pid = len(persons)
        persons.append(PersonDraft(given, surname))
        persons[pid].full = True
        persons[pid].speech_only = speech_only
        f.by_surname.setdefault(surname, []).append(pid)
        if surname:
            f.by_initial.setdefault(surname[0], []).append(pid)
    per = persons[pid]
    if not speech_only:
        per.speech_only = False
    ns, ne = run.name_start, run.name_end
    per.add(text[ns:ne], ns, ne)  # the form as written (a no-break space stays)
    i0, j0 = run.i0, run.j0
    gender = run.facts[j0 - 1].title_gender if j0 > i0 else None
    if gender and not per.gender:
        per.gender = gender
    if per.role is None:
        role_b, g2 = _role_before(text, run.offsets[i0], j0 > i0)
        role_in = " ".join(run.words[i0:j0]) if j0 > i0 else None
        role = f"{role_b} {role_in}" if role_b and role_in else role_b or role_in or None
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


def _add_surname_only_people(f: _PeopleFinder, deadline: Deadline | None = None) -> None:
    """Pass 2a: lone surnames with evidence of their own ("Mr. Doe", "Doe said") whom no
    full name explains become surname-only people, wherever in the text they first appear."""
    text, persons, by_surname = f.text, f.persons, f.by_surname
    created: dict[str, int] = {}
    knights: dict[str, list[int]] | None = None     # ``_knights_given``, once it is asked
    for i, (ns, ne, word, facts, proof, _initial, lgender, _lone) in enumerate(f.open_words):
        if i & 63 == 63 and deadline is not None and deadline.passed():
            break
        key = facts.key
        if not key or key in by_surname or key in created:
            continue    # (a surname already made a person's here is that person's: pass 2b)
        low = facts.lower
        if facts.given_at_start and _knight_before(text, ns):
            if knights is None:
                knights = _knights_given(text, persons)
            if key in knights:
                continue    # "Sir John" after "Sir John Stevens": a knight's first name (pass 2b)
        if proof is None:
            if facts.alone_no_person or _ARTICLE_BEFORE.search(text, ns - 4, ns):
                continue  # (see ``WordFacts.alone_no_person``); "the Cabir virus": a person's surname takes no article
            title, tgender = _title_before(text, ns)
            if facts.firm_ending and not title and not _refers_back_as_person(text, [(ns, ne)]):
                continue  # "Orvibank said": a firm's ending, and no "he" or "she" after it ("Burbank")
            if facts.given_at_start and not title and any(per.given == key for per in persons):
                continue  # a first name alone: the person of that first name (pass 2b)
            proof = title or (bool(_AFTER_CUE.match(text, ne))
                              and not _PREP_BEFORE.search(text, ns - 40, ns)) or (
                _cue_before(text, ns, ne) and not _search_before(_TOLD_BEFORE, text, ns, 12, ("told", "tells", "asked", "asks"))
                and not text.startswith(("'s", "’s"), ne)     # 'said Acme's chief': the chief speaks
                # 'said Acme would', 'said it was seeking Acme approval': the subject or object of
                # what was said, a person only if "he" or "she" follows
                and (not _AUX_AFTER.match(text, ne) and _cue_before(text, ns, ne, False)
                     or _refers_back_as_person(text, [(ns, ne)])))
            if proof and not title and (f.organisation(word) or _common_word(word, f)):
                continue  # "Sophos said" where the text calls it a firm; "Judges said"
        else:
            if facts.demonym or low in _PARTY_WORDS or facts.joiner:
                continue  # "the Tories", "Lord Of the Rings": no person
            title, tgender = _title_before(text, ns)
            if title and low in _OFFICES:
                continue  # "the Lord Chancellor": an office, not a surname
            if facts.role and not _honorific_before(text, ns):
                continue  # "Director General", "Attorney General": an office ("Mr King" is a name)
            if title and _plural_of_body(low) and not _honorific_before(text, ns):
                continue  # "the General Agreements on Tariffs": a body's words, not "General Doe"
        if not proof or f.in_title(ns):
            continue    # (a word on a title line names no one)
        if any(surname_similarity(persons[k].surname, key, True) >= 0.8
               for k in f.by_initial.get(key[0], ())[-FUZZY_POOL:] if persons[k].full):
            continue  # a misspelling of someone named in full: linked in pass 2b
        pid = len(persons)
        per = PersonDraft(None, key)
        persons.append(per)
        created[key] = pid
        per.gender = lgender or tgender
        role_b, g2 = _role_before(text, ns)
        per.role = role_b
        if g2 and not per.gender:
            per.gender = g2
    for key, pid in created.items():
        by_surname[key] = [pid]


# An auxiliary or a verb right after a name: what follows is the name's own clause, not a speech
# verb's ("said Acme would", "said Acme originated 60 mln dlrs"); a speaker after "said" is
# followed by punctuation, a preposition or a word of time ("said Doe in a statement")
_AUX_AFTER = re.compile(r"\s+(?:would|will|could|should|may|might|must|can|had|has|have|was|is|were|are|"
                        r"did|does|(?!(?:in|on|at|of|for|from|to|with|by|who|whose|yesterday|today|tonight|last|"
                        r"this|earlier|recently|and|but|after|before|when|while|during|as|than|adding|noting|"
                        r"according|told|also|said|says)\b)[a-z]+(?:ed|es|s)\b)")


def _plural_of_body(low: str) -> bool:
    """The plural of a body's or a thing's word ("Agreements", "Treasuries")."""
    return low.endswith("ies") and low[:-3] + "y" in NONPERSON or low.endswith("s") and low[:-1] in NONPERSON


def _group_word(low: str, places: frozenset[str]) -> bool:
    """A capitalised word that names a group or a place's people, not one person: a plural
    role noun ("Colleagues", "Judges") or firm's noun ("Brokers", "Lenders") or a place's
    adjective ("Californian", "Kenyan")."""
    if low.endswith("s") and (low[:-1] in ROLE_NOUNS or low[:-1] in ROLE_WORDS
                              or low[:-1] in _ORG_WORD_SET and low != "banks"):   # "Brokers"; "Banks" is a surname too
        return True
    return len(low) > 5 and low.endswith("an") and low[:-1] in places


def _link_lone_words(f: _PeopleFinder, deadline: Deadline | None = None) -> None:
    """Pass 2b: surname-only mentions, misspellings and truncations, first names alone."""
    text, persons = f.text, f.persons
    by_first: dict[str, list[int]] = {}
    for k, per in enumerate(persons):
        if per.surname:
            by_first.setdefault(per.surname[0], []).append(k)
    by_given: dict[str, list[int]] | None = None
    knights: dict[str, list[int]] | None = None     # ``_knights_given``, once it is asked
    by_surname = f.by_surname
    unlike: set[str] = set()     # words close to no one's surname: compared once, not at every mention
    for i, entry in enumerate(f.lone_words):
        if i & 63 == 63 and deadline is not None and deadline.passed():
            break
        if len(entry) == 3:
            # the words of a run that named no new person: each only ever a surname written as such
            for word, facts, ns in zip(*entry):
                key = facts.key
                if key and not word.endswith("."):
                    pids = by_surname.get(key)
                    if pids:
                        _add_surname_mention(f, pids, word, ns, ns + len(word), None)
            continue
        ns, ne, word, facts, _proof, initial, gender, lone = entry
        key = facts.key
        if not key:
            continue
        pids = by_surname.get(key)
        if not pids and not lone:
            continue  # a word of a longer run is only ever a surname written as such
        fuzzy = False
        if not pids and lone and facts.may_be_misspelt and key not in unlike:
            cands = []
            for k in by_first.get(key[0], ())[-FUZZY_POOL:]:
                if not persons[k].full:
                    continue
                sim = surname_similarity(persons[k].surname, key, True)
                if sim >= 0.8:
                    cands.append((sim, k))
            if not cands:
                unlike.add(key)
            else:
                cands.sort(reverse=True)
                if (len(cands) == 1 or cands[0][0] > cands[1][0]) and \
                        _plausible_typo(f, ns, ne, key, facts, cands[0][0]):
                    pids = [cands[0][1]]
                    fuzzy = True
        if pids:
            pid = _add_surname_mention(f, pids, word, ns, ne, gender)
            if fuzzy:
                by_surname.setdefault(key, []).append(pid)
            continue
        if by_given is None:
            by_given = {}
            for k, per in enumerate(persons):
                if per.full and per.given and len(per.given) > 2:
                    by_given.setdefault(per.given, []).append(k)
        gp = by_given.get(key) if lone else None
        if gp and len(gp) > 1 and _knight_before(text, ns):
            # "Sir John" beside "John Smith" and "Sir John Bourn": the knight
            if knights is None:
                knights = _knights_given(text, persons)
            gp = knights.get(key)
        if gp and len(gp) == 1:
            if initial is None:     # (a word on a title line is read as mid-sentence)
                initial = not f.in_title(ns) and _sentence_initial(text, ns)
            if not initial:
                persons[gp[0]].add(word, ns, ne)


def _add_surname_mention(f: _PeopleFinder, pids: list[int], word: str, ns: int, ne: int, gender: str | None) -> int:
    """Add a surname's mention to the person of that surname (of ``pids``) mentioned most
    recently before it whose gender does not conflict with a title's; returns that person."""
    persons = f.persons
    if gender is None:
        gender = _title_before(f.text, ns)[1]
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
    persons[pid].add(word, ns, ne)
    if gender and not persons[pid].gender:
        persons[pid].gender = gender
    return pid


def _thing_evidence(text: str, s: int, e: int, given: bool, single: bool) -> bool:
    """The words around one mention treat it as a firm, a work or a thing: a noun such as
    "film" or "firm" right before it or an apposition headed by one ("Wipro, India's biggest
    software firm,") or a firm's suffix after it; unless it opens with a given name, also such
    a noun right after it, "X said its" or "X, which" (a person's name modifies a work: "a Jim
    Carrey film"), and for a name of several words "X said in its" or, when it holds a firm's
    word, "X said it" ("Zorvex Canada said it lowered"); and for a lone word, a plural verb
    after it ("Ravens have", not in a list),
    "at X" (a place or an employer, not a person) or a plural role noun right before it
    ("analysts Gartner")."""
    nxt = text[e:e + 2]        # what follows and precedes, read once: most tests need one character
    c = nxt[:1]
    if _org_noun_before(text, s) \
            or c == "," and (_APPOS_THING.match(text, e) or _FIRM_AFTER.match(text, e)
                             or _state_after_re().match(text, e) or _firm_list_after(text, e)) \
            or c == " " and _may_be_firm_after(text, e) and (
                _FIRM_AFTER.match(text, e) or _firm_and_rest_after(text, s, e)) \
            or c in "'’>" and c and _FIRM_AFTER.match(text, e) \
            or c == "-" and nxt[1:].isdigit() \
            or text[s - 3:s] == "of " and _of_employer(text, s) \
            or text[s - 7:s] == ", from " and _of_employer(text, s) \
            or text[s - 1:s] == "(" and _alias_of_body(text, s, e) \
            or c in "'’" and _INSTITUTION_AFTER.match(text, e) \
            or text[s - 3:s - 1] in ("'s", "’s") and _YEAR_OWNS.search(text, s - 8, s) \
            or text[s - 2:s] == ", " and c == "," and _thing_noun_before_comma(text, s) \
            and not _PERSON_AFTER.match(text, e) and not _role_apposition(text, e) \
            and not _SAID_AFTER_COMMA.match(text, e):
        return True
    if given:
        if _body_noun_after(text, e):
            return True
        em = _search_before(_EMPLOYER_BEFORE, text, s, 30, _EMPLOYER_WORDS)
        if em is not None and em.group(2) in ("at", "with") and em.group(1) in ROLE_NOUNS \
                and not text.startswith(("'s", "’s"), e):
            return True     # "analyst with Merrill Lynch"
    else:
        if _ORG_AFTER.match(text, e) or _org_noun_after(text, e) or not single and (
                _SAID_ITS_AFTER.match(text, e) or _FIRM_REST_AFTER.match(text, e)
                or _SAID_IT_AFTER.match(text, e) and _firm_like(text[s:e])):
            return True
        em = _search_before(_EMPLOYER_BEFORE, text, s, 30, _EMPLOYER_WORDS)
        if em is not None and em.group(1) in ROLE_NOUNS and not text.startswith(("'s", "’s"), e):
            return True
    if not single:
        # "Stockbrokers James Capel said", "auditors Arthur Andersen": a firm's trade in the
        # plural before one name (a list of people after it is not: "brokers Jane Roe and John
        # Doe"; nor a role's plural, often a verb: "also stars Tom Hanks")
        return not _NAME_LIST_AFTER.match(text, e) and _trade_plural_before(text, s, TRADE_NOUNS)
    if _FIRM_NAME_AFTER.match(text, e) or text.startswith("/", e) or text.endswith("/", 0, s) \
            or text.startswith(_AND, e) and text.startswith(text[s:e], e + 5 if text[e + 1] == "a" else e + 3):
        return True     # "Hale/Dorr/Roe", "Hale and Hale said"
    if _PLURAL_VERB_AFTER.match(text, e) and not _LISTED_BEFORE.search(text, s - 6, s):
        return True    # "Harbury are unbeaten" (not "Doe and Roe are")
    if _AT_BEFORE.search(text, s - 4, s) is not None and not text.startswith(("'s", "’s"), e):
        return True
    return _trade_plural_before(text, s)     # "analysts Gartner": a firm, not one of them


_PLURAL_WORD_BEFORE = re.compile(r"\b([A-Za-z][a-z]{2,}s)\s+$")     # ("Stockbrokers James Capel said")
_NAME_LIST_AFTER = re.compile(r"(?:,|\s+and|\s+&)\s+[A-Z]")


def _trade_plural_before(text: str, s: int, trades: frozenset[str] | None = None) -> bool:
    """A role's or a trade's plural right before ``s`` ("analysts Gartner"), or one of
    ``trades``' only ("brokers James Capel")."""
    pm = _search_before(_PLURAL_WORD_BEFORE, text, s, 24, ("s",))
    if pm is None:
        return False
    one = pm.group(1).lower()[:-1]
    if trades is not None:
        return one in trades
    return one in ROLE_NOUNS or one in ROLE_WORDS or one in TRADE_NOUNS


@lru_cache(maxsize=1)
def _state_after_re() -> re.Pattern:
    """A US state or a Canadian province after a comma, as a place's is written ("Orvale,
    Fla.", "Orvale, Texas, said"): what it follows is a town, not a person."""
    from ingest import lexicons

    states = "|".join(sorted((re.escape(x) for x in lexicons.us_states()), key=len, reverse=True))
    return re.compile(
        r",\s+(?:(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|"
        r"Mont|Neb|Nebr|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Tex|Va|"
        r"Vt|Wash|Wis|Wisc|Wyo|W\.Va|Ont|Que|Alta|Sask|B\.C|N\.S)\.|(?:" + states + r")(?=\s*[,.;:)]))")


_AND = (" and ", " & ")
# a year owns a work or an event, not a person: "1972's Orvo Plain", "2004's Orva Cup"
_YEAR_OWNS = re.compile(r"(?<!\d)(?:1[89]|20)\d\d['’]s\s+$")
# a work's or a body's noun: "his next film, Orvo Brasco,", "the parent company, Orvex,"; the
# words of ``_ORG_WORDS`` that a name set off by commas stands for (not "program", "show",
# "play", "series": "into the program, Jane Orve, administrator …, said")
_THING_NOUNS = frozenset("film movie album song book novel musical sitcom documentary company firm label "
                         "band group club studio publisher broadcaster newspaper magazine bank airline "
                         "retailer".split())
_OF_BEFORE_WORK = re.compile(r"\bof\s+(?:(?:the|a|an|his|her|their|its)\s+)?(?:[\w\-]+\s+){0,4}$")
_SAID_AFTER_COMMA = re.compile(r",\s+(?:said|says|told|tells|added|adds)\b")


def _thing_noun_before_comma(text: str, s: int) -> bool:
    """A work's or a body's noun and a comma right before ``s``: "his next film, Orvo Brasco,"
    names the film (with a comma after the name too, checked by the caller); not "the author
    of the book, Jane Orve," (the name is the author's)."""
    k = s - 2
    j = k
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return text[j:k] in _THING_NOUNS and _OF_BEFORE_WORK.search(text, max(0, j - 60), j) is None


# a possessive and an institution named for someone: "Lewis Boys' School", "St Orva's Hospital"
_INSTITUTION_AFTER = re.compile(r"['’]s?\s+(?:School|College|Academy|University|Hospital|Infirmary|Hospice|"
                                r"Church|Cathedral|Chapel|Abbey|Union|Association|Federation|Society|League)\b")


def _firm_and_rest_after(text: str, s: int, e: int) -> bool:
    """"X and Y Z Inc" after a name: for a name that opens with a given name, only when it
    also holds a firm's or a trade's word ("Davis Water and ..."; not "Jane Doe and Acme
    Capital Inc said", a person and a firm)."""
    return _FIRM_AND_REST_AFTER.match(text, e) is not None and (
        not is_given_name(text[s:e].split(None, 1)[0]) or _firm_like(text[s:e]))


def _of_employer(text: str, s: int) -> bool:
    """"said Jane Doe of Acme", "Jane Doe, from Acme,": not after an office ("Chief Inspector
    of Mines X")."""
    if not text.endswith(("of ", ", from "), 0, s):
        return False
    m = _OF_BEFORE.search(text, s - 48, s)
    if m is None:
        return False
    two = m.group().split()[:2]
    return not any(w.lower() in START_STOP or word_facts(w).role or word_facts(w).demonym for w in two)


def _alias_of_body(text: str, s: int, e: int) -> bool:
    """In brackets right after a body's name: "the Federal Home Loan Mortgage Corporation
    (Orvie Mac)" (not a cast list: "Buck (Jane Doe)")."""
    if text[s - 1:s] != "(" or text[e:e + 1] != ")":
        return False
    m = _ALIAS_OF_BODY.search(text, s - 40, s)
    if m is None:
        return False
    low = m.group(1).lower()
    return norm_token(low) in NONPERSON or low in _FIRM_SUFFIXES or low in _ORG_WORD_SET


# Words of a firm's trade that end its name ("Halvard Mining", "Corvale Glass Works")
_TRADE_WORDS = {"mining", "mines", "steel", "chemical", "chemicals", "foods", "exploration", "minerals",
                "metals", "gold", "works", "mills", "stores", "products", "financial", "bancorp",
                "savings", "realty", "properties", "shipping", "power", "telecom", "cement", "sugar",
                "glass", "paper", "textiles", "motor", "brewing", "drilling", "pipeline", "utilities",
                "authority", "banks", "partnership", "limited", "development", "credit", "enterprise",
                "enterprises", "fuels", "hydro", "electric", "water", "waste"}


def _firm_like(name: str) -> bool:
    """A name holding a word of a body, a firm, a trade or a country ("Acme Oil", "Halvard
    Mining", "Zorvex Canada": a firm's national arm), or places joined by a hyphen (a route:
    "Leeds-Oslo"), which a person's name does not."""
    for w in name.split():
        parts = w.split("-")
        for part in filter(None, parts):
            low = part.lower().rstrip(".")
            facts = word_facts(part)
            if facts.nonperson or facts.country or low in _ORG_WORD_SET or low in _FIRM_SUFFIXES \
                    or low in _TRADE_WORDS or len(parts) > 1 and (facts.place or facts.place_start):
                return True
    return False


def _person_signs(text: str, per: PersonDraft) -> bool:
    """Evidence only a person has: a title before a mention ("Mr", "Sir"), a role noun, "who"
    or an age right after a mention."""
    if per.gender is not None or _role_says_person(per.role):   # a title ("Mrs", "Lord") or a role
        return True
    return any(_PERSON_AFTER.match(text, e) or _title_before(text, s)[0] for s, e in per.mentions)


# An apposition right after a name, up to its end: "Doe, chief economist at Acme,"
_APPOSITION = re.compile(r"(?:\s+(?:Jr|Sr|II|III)\.?)?,\s+([^,.;:!?()\"“”\n]{2,80})")


def _role_apposition(text: str, e: int) -> bool:
    """An apposition after a name that holds a role noun within its first words ("X,
    DaimlerChrysler's chairman", "X, vice-chairman of the council") or that gives a nationality
    to something other than a firm ("X, an Argentine industrialist"): a person's."""
    m = _APPOSITION.match(text, e)
    if m is None:
        return False
    words = m.group(1).split()
    if len(words) >= 3 and words[0] in ("a", "an") and words[1].lower() in demonym_words() \
            and words[2].lower() not in _ORG_WORD_SET:
        return True
    for w in words[:6]:
        low = _role_token(w.lower())
        if low in ROLE_NOUNS or low.rpartition("-")[2] in ROLE_NOUNS:
            return True
    return False


# Words that end the head of an apposition ("chairman of Acme", "analyst with Acme")
_HEAD_ENDS = frozenset("of at for with in from to on since who which as said says told".split())


def _role_head_apposition(text: str, e: int) -> bool:
    """An apposition after a name whose head, the last word before a preposition or its end,
    is a role ("Jane Orve, managing director of Acme,", "X, India's finance minister,"): not a
    list ("X, Y and Z"), nor a clause ("X, also cautioned the Department")."""
    return _head_apposition(text, e) is not None


def _head_apposition(text: str, e: int) -> list[str] | None:
    """The words of the apposition ``_role_head_apposition`` reads as a role, or None."""
    m = _APPOSITION.match(text, e)
    if m is None:
        return None
    words = m.group(1).split()
    if not words or words[0].lower() in _FUNCTION:
        return None
    return words if _role_headed(words) else None


# "NAME is (now) senior benefit officer at …", "NAME was the party's treasurer": a role said of
# the name by its verb
_COPULA_ROLE = re.compile(r" (?:is|was) (?:now |also )?(?:an? |the )?([^,.;:!?()\"“”\n]{2,80})")


def _copula_role(text: str, e: int) -> bool:
    """Whether the name ending at ``e`` is the subject of "is"/"was" and a phrase headed by a
    role (as an apposition's head is read)."""
    m = _COPULA_ROLE.match(text, e)
    if m is None:
        return False
    words = m.group(1).split()
    return bool(words) and words[0].lower() not in _FUNCTION and _role_headed(words) \
        and not any(w.lower() in _FIRM_RANK_WORDS for w in words[:3])


# what a firm or a product leads, not a person: "X is the market leader"
_FIRM_RANK_WORDS = frozenset({"market", "industry", "sector"})


def _role_headed(words: list[str]) -> bool:
    """Whether the phrase's head, its last word before a preposition or its end (within seven
    words), is a person's role: not a list ("Y and Z")."""
    head = None
    for k, w in enumerate(words[:7]):
        low = w.lower()
        if low in _HEAD_ENDS:
            break
        if low in ("and", "&"):
            return False
        head = low
    else:
        if len(words) > 7:
            return False
    if head is None:
        return False
    head = _role_token(head)
    return _person_role_word(head) or head.rpartition("-")[2] in ROLE_NOUNS


# Where a role given after a name ends: a verb of its sentence, a clause, a time; and the
# words that may instead go on inside a name ("the House Ways and Means Committee", "the General
# Agreement on Tariffs") or make the apposition a clause: there no role is read
_APPOSITION_ROLE_ENDS = frozenset("said says told tells added adds who which that whose when while where "
                                  "yesterday today".split())
_APPOSITION_ROLE_DOUBTS = frozenset("and & but as on since was is has had were are will would because "
                                    "although though if unless".split())
# an apposition that opens with a preposition is no role ("X, through a spokeswoman, declined")
_APPOSITION_NOT_FIRST = frozenset("through via by with in on at from for of to after before during like unlike "
                                  "according despite under over".split())
_APPOSITION_ROLE_WORDS = 8
# abbreviations whose point ends an apposition too early ("president of the A.F.L.", "Gov.")
_TITLE_ABBREVIATIONS = frozenset({"gov", "sen", "rep", "gen", "lt", "col", "st", "jr", "sr", "sgt", "capt",
                                  "cmdr", "adm", "supt", "insp", "no", "vs"})


def _role_after(text: str, mentions: list[tuple[int, int]]) -> str | None:
    """The role an apposition right after a mention gives ("Jane Orve, managing director of
    Acme, said" -> "managing director of Acme"): the first apposition headed by a role that
    does not open with a preposition decides; None where it is no clean role (a clause, an
    "and", past ``_APPOSITION_ROLE_WORDS`` words, cut at an abbreviation): unknown beats a
    clause taken for a role."""
    for _s, e in mentions:
        if not text.startswith((",", " Jr", " Sr", " II"), e):
            continue                          # (what _APPOSITION reads: ", …" or " Jr., …")
        words = _head_apposition(text, e)
        if words is None or words[0].lower() in _APPOSITION_NOT_FIRST:
            continue
        role: list[str] = []
        for w in words:
            low = w.lower()
            if low in _APPOSITION_ROLE_ENDS:
                break
            if low in _APPOSITION_ROLE_DOUBTS:
                return None
            role.append(w)
        if not role or len(role) > _APPOSITION_ROLE_WORDS:
            return None
        last = role[-1].lower()
        if len(last) == 1 or last in _HONORIFICS or last in _TITLE_ABBREVIATIONS or last in _FUNCTION \
                or last in _HEAD_ENDS or last.endswith(("'s", "’s")):
            return None                       # cut at an abbreviation's point ("of the U.S. …") or a mark
        return _clean_role(" ".join(role))
    return None


def _role_says_person(role: str | None) -> bool:
    """A role holding a role noun or word ("Files actress"), not only an owner ("Steve Coogan")
    nor only a word of time ("the former Acme Publications owners")."""
    return bool(role) and any(_person_role_word(t) and t not in _FIRMS_ARE_TOO
                              for t in (_role_token(w.lower()) for w in role.split()))


# role nouns a firm is called as often as a person ("US partner Acme Orvex", "rival Orvo
# Holdings", "owner Orvex Group"): said of a name alone, they say nothing of a person
_FIRMS_ARE_TOO = frozenset({"partner", "rival", "owner", "member", "investor", "backer", "ally"})


def _person_role_word(low: str) -> bool:
    """A role word that names a person's office or trade ("minister", "analyst", "star"), not
    one that only modifies it ("former", "Trade")."""
    return low in ROLE_NOUNS or low in _OFFICE_NOUNS or low in ROLE_WORDS and low not in _MODIFIER_ROLE_WORDS


# Role words that only modify a role: its time ("former", "acting"), its rank ("deputy",
# "senior") or its field ("Trade", "National", "Prime"). Without a noun beside them ("Trade
# Secretary", "Prime Minister") they say nothing of a person ("the National Wage Case", "trade
# house Acme", "the Prime Medusa software").
_MODIFIER_ROLE_WORDS = frozenset({
    "acting", "affairs", "agriculture", "air", "appointed", "army", "assistant", "associate", "budget",
    "cabinet", "campaign", "central", "communications", "council", "culture", "current", "defence",
    "defense", "defense-policy", "democratic", "deputy", "deputy-general", "digital", "economic",
    "economy", "education", "elected", "energy", "environment", "ex", "finance", "fiscal", "foreign",
    "foreign-policy", "former", "governing", "health", "home", "house", "incoming", "intelligence",
    "interior", "junior", "labor", "labour", "longtime", "majority", "military", "minority", "monetary",
    "national", "navy", "newly", "news", "opposition", "outgoing", "party", "policy", "political",
    "presidential", "press", "prime", "principal", "radio", "retired", "ruling", "security", "senior",
    "special", "sports", "staff", "state", "television", "then", "top", "trade", "trade-union",
    "transport", "treasury", "tv", "union", "vice", "white",
})
# Nouns of a person's office that the role lexicon lacks: "Labour MP", "Tory peer"
_OFFICE_NOUNS = frozenset({"mp", "mps", "mep", "msp", "mla", "mpp", "peer", "qc", "kc"})


def _a_thing(text: str, per: PersonDraft, thing_names: set[str], firm_names: set[str],
             deadline: Deadline | None = None) -> bool:
    """The article treats this "person" as a firm, a work or a thing somewhere, and nowhere
    gives it a sign only a person has: "British film Vera Drake, which has 11 nominations"
    makes a given name no evidence, "Sony products" a speech verb none. Past ``deadline``,
    no more mentions are read (what is unread is no evidence)."""
    if passed(deadline):
        return False
    if not per.full and _no_name_alone(text, per):
        return True
    if (thing_names or firm_names) and (
            per.full and any(" " in form and (form in thing_names or form in firm_names) for form in per.order)
            or not per.full and any(form in firm_names for form in per.order)):
        return not _person_signs(text, per)
    if per.gender is not None or _role_says_person(per.role):
        # a firm's suffix beats the role ("lead manager Hale, Dorr and Co"); without a role the
        # checks below read it
        return _named_as_firm(text, per)
    if per.full:
        # its full forms only: a surname alone may have been linked to it wrongly ("play Hanks'");
        # a surname mention with the rest of a full form written right before it is that form
        spans = [sp for sp in (_as_full_form(text, s, e, per.order) for s, e in per.mentions) if sp]
        given = bool(per.given) and is_given_name(per.given)
    else:
        spans, given = per.mentions, False
    return (any(_thing_evidence(text, s, e, given, not per.full) for s, e in _until(spans, deadline))
            or (not per.full and not is_given_name(per.surname) and _refers_back_as_thing(text, spans, any(
                _ACCORDING_BEFORE.search(text, s - 16, s) for s, _ in spans), deadline=deadline))
            # "the Merriam-Webster list": a lone name that modifies a noun, and no "he" or "she"
            # after it ("the Trump campaign … he said")
            or (not per.full and any(_DETERMINER_BEFORE.search(text, s - 4, s) and _LOWER_WORD_AFTER.match(text, e)
                                     for s, e in spans) and not _refers_back_as_person(text, spans, deadline))
            # a name of several words owns "its" in its own clause ("Smith said in its weekly
            # review") or, when it holds a firm's word, "its" anywhere after it; and no "he" or
            # "she" follows any mention
            or (per.full and not given and per.role is None
                and (any(_SAID_ITS_AFTER.match(text, e) for _, e in per.mentions)
                     and not _refers_back_as_person(text, per.mentions, deadline)
                     or any(" " in form and _firm_like(form) for form in per.order)
                     and _refers_back_as_thing(text, per.mentions, owner=True, deadline=deadline))
                and not any(_role_apposition(text, e) for _, e in per.mentions))
            ) and not _person_signs(text, per) and not passed(deadline)


# what a lone capitalised word is never a person's name as: a kin ("the Queen Mother"), a
# group ("Transport and General Workers"), a county ("Henley, Orvshire, said"), a people
# ("Most Orvanians said"); nor after a possessive pronoun and before a noun ("his
# Parliamentary office")
_KIN = frozenset("mother father brother sister son daughter uncle aunt cousin grandmother grandfather "
                 "mum dad".split())
_POSSESSOR_BEFORE = re.compile(r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Oo]ur|[Mm]y|[Yy]our)\s$")


def _no_name_alone(text: str, per: PersonDraft) -> bool:
    low = per.surname.lower()
    return low in _KIN or low in GROUP_NOUNS or low.endswith(("shire", "ians")) or any(
        _POSSESSOR_BEFORE.search(text, max(0, s - 6), s) and _LOWER_WORD_AFTER.match(text, e)
        for s, e in per.mentions)


def _named_as_firm(text: str, per: PersonDraft) -> bool:
    """A firm's suffix or the rest of a firm's name right after a mention ("lead manager Hale,
    Dorr and Co", "Orvale Water and Waste Industries Inc") and no honorific before any mention
    nor "who" or an age after one: a firm, whatever role the text gives it."""
    full = per.full
    for s, e in per.mentions:
        if not _may_be_firm_after(text, e) or full and " " not in text[s:e]:
            continue
        if _FIRM_SUFFIX_AFTER.match(text, e) \
                or text.startswith(_AND, e) and _firm_and_rest_after(text, s, e) \
                or (_firm_list_after(text, e) if full else _FIRM_NAME_AFTER.match(text, e)):
            break
    else:
        return False
    return not any(_honorific_before(text, s) or _PERSON_AFTER.match(text, e) for s, e in per.mentions)


# A speech verb and "it" or "its" as what is said opens: "Acme Orvell said it will open",
# "Acme Orvell, told Reuters it expects", "Acme Orvell said on Friday that its"; not an "it" that
# refers to nothing, before a form of "be" ("X said it was time", "it would be easy")
_SAYS_IT_AFTER = re.compile(r",?\s+(?:has\s+|had\s+|also\s+)?(?:said|says|added|announced|reported|told\s+\w+)"
                            r"\s+(?:on\s+\w+\s+)?(?:(?:that|in)\s+)?(?:its\b|it\b(?!['’]s|\s+(?:is|was|were|"
                            r"(?:would|will|could|may|might|must|should|can|has|had|have)\s+(?:not\s+)?(?:be|been)|seems|"
                            r"seemed|appears|appeared|remains|remained)\b))")
# A role noun in the phrase before "…, Jane Doe": "The head of the tribunal, Jane Doe, said"
_ROLE_PHRASE_BEFORE = re.compile(r"([^,.;:!?\"“”()\n]{3,80}),\s+$")


def _unproven(text: str, per: PersonDraft, deadline: Deadline | None = None) -> bool:
    """A name with no known first name that only a speech verb made a person, that says "it"
    or "its" ("Acme Orvell said it will") and has "he" or "she" after no mention: firms speak
    too, so without a sign of a person (a title, a role, "who", an age, an apposition, a
    surname's particle: "de Orve") it is a firm's. Past ``deadline`` it is kept untested."""
    mentions = per.mentions
    if passed(deadline) or not any(_SAYS_IT_AFTER.match(text, e) for _, e in mentions) \
            or _refers_back_as_person(text, mentions, deadline) or _person_signs(text, per):
        return False
    for s, e in mentions:
        if _APPOS.match(text, e) or _role_apposition(text, e) or text[s:s + 1].islower():
            return False
        before = text[max(0, s - 12):s].split()
        if before and _person_role_word(before[-1].lower()):
            return False            # "MP Jane Orve": a role the role reader takes for no role alone
        m = _search_before(_ROLE_PHRASE_BEFORE, text, s, 84, (",",))
        if m is not None and any(_person_role_word(_role_token(w.lower())) for w in m.group(1).split()):
            return False
    return True


def _as_full_form(text: str, s: int, e: int, forms: list[str]) -> tuple[int, int] | None:
    """The span of a full form (of several words) that ends at this mention, or None: a
    mention of the surname alone where the full name is written ("the Lok Sangram party", with
    the name's first word read as part of a role)."""
    mention = text[s:e]
    if " " in mention or "\xa0" in mention:
        return s, e
    for form in forms:
        if " " in form and len(form) <= e and form.endswith(mention) \
                and text.startswith(form, e - len(form)):
            return e - len(form), e
    return None
def _until(spans: list[tuple[int, int]], deadline: Deadline | None) -> Iterable[tuple[int, int]]:
    """The spans, one by one, until ``deadline`` passes (all of them when there is none)."""
    return spans if deadline is None else _until_passed(spans, deadline)


def _until_passed(spans: list[tuple[int, int]], deadline: Deadline) -> Iterator[tuple[int, int]]:
    for span in spans:
        if passed(deadline):
            return
        yield span


def _pronouns_after(text: str, spans: list[tuple[int, int]],
                    deadline: Deadline | None = None) -> Iterator[str]:
    """The pronouns ("he", "it", "its", ...; lower case) within 200 characters after each
    mention, each read up to the next quotation mark: what is quoted is the speaker's own
    words, not the narrative's."""
    for _, end in _until(spans, deadline):
        stop = min(len(text), end + 200)
        q = _QUOTE_MARK.search(text, end, stop)
        for m in _PRONOUN.finditer(text, end, q.start() if q else stop):
            yield m.group().lower()


def _refers_back_as_person(text: str, spans: list[tuple[int, int]], deadline: Deadline | None = None) -> bool:
    """"he", "she", "his", "her" or "him" after a mention (see ``_pronouns_after``)."""
    return any(k not in ("it", "its") for k in _pronouns_after(text, spans, deadline))


def _refers_back_as_thing(text: str, spans: list[tuple[int, int]], cited: bool = False,
                          owner: bool = False, deadline: Deadline | None = None) -> bool:
    """After a lone surname's mentions, "it" or "its" and never "he" or "she" ("Acme said it
    will cut jobs"; see ``_pronouns_after``): the pronoun that refers back to it is a thing's.
    ``cited``: the name is a source ("according to Ofcom"); then no pronoun at all is enough.
    ``owner``: "its" itself must be among them (for a name of several words, where "it" is
    often no reference)."""
    kinds = set(_pronouns_after(text, spans, deadline))
    if owner:
        return "its" in kinds and kinds <= {"it", "its"}
    return (bool(kinds) or cited) and kinds <= {"it", "its"}


def _finished_people(f: _PeopleFinder, deadline: Deadline | None = None) -> list[Person]:
    """The people with mentions, each under its most frequent full form, in text order."""
    out = []
    for per in f.persons:
        if not per.mentions or per.speech_only and _unproven(f.text, per, deadline) \
                or _a_thing(f.text, per, f.thing_names, f.firm_names, deadline):
            continue
        multi = [x for x in per.order if " " in x]
        # a first name written out beats an initial ("Kelly Holmes" over a results list's "K Holmes")
        name = max(multi or per.order, key=lambda x: (x[1:2] not in " .", per.forms[x], -per.order.index(x)))
        name = _titled(f.text, per, name.replace("\xa0", " "))
        aliases = [x for x in per.order if x != name]
        role = _without_honorifics(per.role)
        if role and (role.lower() in f.demonyms or role.lower() in f.places):
            role = None  # "France's Nathalie Dechy", "Kenyan Susan Chepkemei": no office
        mentions = sorted(per.mentions)
        if role is None:
            role = _role_after(f.text, mentions)
        out.append(Person(name=name, role=role, aliases=aliases, mentions=mentions))
    out.sort(key=lambda p: p.mentions[0][0])
    return out


_TITLES_OF_HONOUR = ("Sir", "Dame", "Lord", "Lady", "Baroness", "Baron")
_TITLE_OF_HONOUR = re.compile(r"\b(?:" + "|".join(_TITLES_OF_HONOUR) + r")\s+$")


def _titled(text: str, per: PersonDraft, name: str) -> str:
    """'Sir Alex Ferguson', 'Lord Falconer': a title of honour written before the name is
    part of how the person is named (Mr, Dr and the like are not: they come and go)."""
    for a, b in per.mentions:
        m = _search_before(_TITLE_OF_HONOUR, text, a, 12, _TITLES_OF_HONOUR) if text[a:b] == name else None
        if m:
            return f"{m.group().strip()} {name}"
    return name


# ---------------------------------------------------------------------------------------
# Cross-article linking


@lru_cache(maxsize=4096)      # up to ~50 keys a name: 65,536 of them were ~190 MB
def name_keys(name: str) -> frozenset[str]:
    """Index keys for candidate lookup: the normalised surname, its 1- (4+ letters) and
    2-deletion (6+ letters) variants and 1-2 letter truncations, SymSpell style, so two
    spellings within the allowed edits share a key and a lookup is a few dict hits.

    Only the keys a pair ``same_person`` scores 0.8 or more needs (the store's threshold):
    no deletion of the first letter (an inexact surname match keeps it), and for a bare
    surname no second deletion or truncation (with a bare surname they score under 0.8)."""
    given, sur = _split_name(name)
    if not sur:
        return frozenset()
    keys = {sur}
    n = len(sur)
    if n >= 4:
        d1 = {sur[:i] + sur[i + 1:] for i in range(1, n)}
        keys |= d1
        if given:
            if n >= 6:
                for w in d1:
                    keys |= {w[:i] + w[i + 1:] for i in range(1, len(w))}
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
        # a first name that only agrees (a prefix, a nickname, an initial) and a surname that
        # only agrees (a typo) are two doubts: together not enough to call the names one
        # person ("Robert" and "Billy" are one name to the nickname lists)
        score = sur * (1.0 if fa == fb else 0.95 if sur == 1.0 else 0.85)
        # conflicting middle names/initials lower the score
        ma, mb = ga[1:], gb[1:]
        if ma and mb and ma[0][:1] != mb[0][:1]:
            score *= 0.6
        return round(score, 3)
    if fa or fb:
        return round(sur * 0.85, 3)
    return round(sur * 0.9, 3)
