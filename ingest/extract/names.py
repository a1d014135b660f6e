"""Shared name lexicon: titles, role words, pronouns, cue verbs, non-person words.

People, quote and speaker extraction all need to tell a person's name from the words
around it ("Defence Minister", "said", "The", "June", "White House"). The small closed
word lists live here; the one open list (English given names and their nicknames) comes
from the ``nicknames`` package, which ships its data, and is loaded once, lazily.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ---------------------------------------------------------------------------------------
# Character classes built once from Unicode data (Latin, Greek, Cyrillic ranges), so names
# such as "Dvořák" or "Ørsted" are words like any other.
_UP = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper() and chr(c).isalpha())
_LO = "".join(chr(c) for c in range(0x61, 0x530) if chr(c).islower() and chr(c).isalpha())
UPPER = "[" + re.escape(_UP) + "]"
LOWER = "[" + re.escape(_LO) + "]"
LETTER = r"[^\W\d_]"

# A capitalised word: "Kowalski", "McCain", "O'Brien", "Jean-Claude", "Secretary-General".
# The second letter must be lower case so acronyms ("UNESCO", "U.S.") are not name words;
# an apostrophe joins only before a capital (so "Trump's" yields "Trump").
# "Murphy-O'Connor": an apostrophe also joins after a hyphenated capital.
# (letters a run at a time: one loop in the regex engine, not one alternation per letter; the
# hyphens and apostrophes, rare, in an outer loop that most words never enter. The run's
# lower-case ASCII letters first, a plain range, then any other letters ([^\W\d_] reads each
# letter's Unicode category); possessive, as what may follow a word's letters is never a
# letter, so giving some back never lets a match go on)
_TAIL = rf"[a-z]*+{LETTER}*+(?:(?:-(?={LETTER})|(?<=-{UPPER})['’](?={UPPER})){LETTER}*)*"
WORD = rf"(?:{UPPER}['’])?{UPPER}{LOWER}{_TAIL}"
INITIAL = rf"{UPPER}\."
PARTICLES = ("de", "del", "della", "der", "den", "van", "von", "da", "das", "dos", "du",
             "di", "la", "le", "bin", "ibn", "al", "el", "ben", "y", "ter", "zu", "af")
PARTICLE = "(?:" + "|".join(PARTICLES) + ")"
_SP = r"[ \u00a0]"
# A run of capitalised words on one line, joined by single spaces and name particles, and
# initials: "W." before a capital, or an undotted "W" between two names ("George W Bush"; not
# "A" or "I", which are words).
# The look-behind sits after the first capital so the scan can skip to capitals fast; each
# further word is tried only where a space and a capital, a particle's or a prefix's ("al-")
# first letter follow (``_NEXT``: how every further word starts; most runs end before a
# lower-case word).
_NEXT = rf"(?={_SP}(?:{UPPER}|[{''.join(sorted({p[0] for p in PARTICLES} | set('ae')))}]))"
CAPSEQ = re.compile(
    rf"{UPPER}(?<![\w.’'\-&]{UPPER})(?:\.(?={_SP}{UPPER})|(?:['’]{UPPER})?{LOWER}{_TAIL})"
    rf"(?:{_NEXT}(?:{_SP}{PARTICLE})*{_SP}(?:(?:al|el|ad|as|ash|an|ar|at|az)-)?"
    rf"(?:{WORD}|{INITIAL}(?={_SP}{UPPER})|(?![AI]{_SP}){UPPER}(?={_SP}{UPPER}{LOWER})))*"
)
# One capitalised word anywhere (for surname-only and misspelt mentions).
WORD_RE = re.compile(rf"(?<![\w.’'\-]){WORD}")

# ---------------------------------------------------------------------------------------
PRONOUNS = {"he": "m", "she": "f", "they": None, "him": "m", "her": "f"}

# Titles that may stand right before a bare surname and make it a person ("President Smith",
# "Mr. Smith", "Sen. Smith").  Lower-cased, without the trailing period.
STRONG_TITLES = {
    "president", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sen", "senator",
    "rep", "representative", "gov", "governor", "mayor", "judge", "justice", "gen", "lt", "col",
    "colonel", "capt", "captain", "maj", "adm", "admiral", "sgt", "sergeant", "cmdr",
    "commander", "chancellor", "minister", "secretary", "premier", "pope", "king", "queen",
    "prince", "princess", "sheikh", "emir", "ayatollah", "rev", "reverend", "bishop",
    "cardinal", "rabbi", "imam", "chairman", "chairwoman", "ambassador", "commissioner",
    "sheriff", "detective", "congressman", "congresswoman", "councilman", "councilwoman",
    "assemblyman", "assemblywoman", "sir", "dame", "lord", "lady", "speaker", "spokesman",
    "spokeswoman", "spokesperson", "sec", "atty", "supt", "insp", "chief", "director",
    "secretary-general", "vice-president", "leader", "coach", "officer", "general",
}
# Honorifics that say a person's gender.
GENDER_TITLES = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lord": "m",
    "lady": "f", "king": "m", "queen": "f", "prince": "m", "princess": "f", "congressman": "m",
    "congresswoman": "f", "chairman": "m", "chairwoman": "f", "spokesman": "m",
    "spokeswoman": "f", "councilman": "m", "councilwoman": "f", "assemblyman": "m",
    "assemblywoman": "f", "businessman": "m", "businesswoman": "f", "duchess": "f",
    "duke": "m", "countess": "f", "baroness": "f", "madam": "f", "mrs.": "f",
}
# Words that make up a role before or after a name ("the former Defence Minister",
# "alliance chief", "a Democratic pollster").  Lower-cased.
ROLE_WORDS = STRONG_TITLES | {
    "defence", "defense", "foreign", "finance", "interior", "health", "prime", "deputy", "vice",
    "acting", "former", "ex", "then", "state", "treasury", "attorney", "executive", "economic",
    "economy", "trade", "energy", "security", "national", "affairs", "home", "labor", "labour",
    "education", "transport", "agriculture", "environment", "army", "navy", "air", "campaign",
    "manager", "official", "adviser", "advisor", "aide", "analyst", "economist", "strategist",
    "pollster", "reporter", "correspondent", "editor", "columnist", "host", "anchor",
    "commentator", "candidate", "nominee", "hopeful", "front-runner", "frontrunner", "lawmaker",
    "head", "boss", "founder", "co-founder", "ceo", "cfo", "coo", "chair", "member", "researcher",
    "expert", "lawyer", "envoy", "diplomat", "negotiator", "staff", "press", "communications",
    "political", "intelligence", "military", "senior", "top", "veteran", "longtime", "white",
    "house", "whip", "majority", "minority", "republican", "democratic", "democrat",
    "independent", "conservative", "liberal", "presidential", "spokesperson", "activist",
    "author", "writer", "historian", "scientist", "professor", "physician", "doctor",
    "businessman", "businesswoman", "billionaire", "investor", "entrepreneur", "mogul",
    "star", "actor", "actress", "singer", "player", "captain", "striker", "goalkeeper",
    "frontman", "frontwoman", "guitarist", "bassist", "drummer", "vocalist", "rapper", "songwriter",
    "comedian",
    "manager", "owner", "partner", "chairperson", "governor", "mayor", "council", "general",
    "secretary", "minister", "chief", "director", "commander", "inspector", "prosecutor",
    "counsel", "solicitor", "attorney-general", "secretary-general", "deputy-general",
    "special", "representative", "delegate", "chancellor", "premier", "president", "cabinet",
    "opposition", "party", "union", "trade-union", "policy", "justice", "interior", "sports",
    "culture", "digital", "finance", "budget", "fiscal", "monetary", "central",
    "governing", "ruling", "incoming", "outgoing", "newly", "elected", "appointed", "retired",
    "current", "junior", "assistant", "associate", "principal", "chief",
    "news", "radio", "tv", "television", "political", "affairs", "foreign-policy", "defense-policy",
}
# Role nouns: the head of a role phrase ("a Democratic pollster", "the bank's chief economist").
# trades that name a firm in the plural before its name ("auditors Arthur Andersen", "brokers
# James Capel"): never one person
TRADE_NOUNS = frozenset({"broker", "stockbroker", "banker", "accountant", "auditor", "solicitor", "publisher",
                         "retailer", "valuer", "underwriter"})
ROLE_NOUNS = STRONG_TITLES | {
    "adviser", "advisor", "aide", "analyst", "economist", "strategist", "pollster", "reporter",
    "correspondent", "editor", "columnist", "host", "anchor", "commentator", "candidate",
    "nominee", "lawmaker", "head", "founder", "co-founder", "ceo", "cfo", "member",
    "researcher", "expert", "lawyer", "envoy", "diplomat", "negotiator", "official",
    "spokesperson", "activist", "author", "writer", "historian", "scientist", "physician",
    "doctor", "businessman", "businesswoman", "billionaire", "investor", "entrepreneur",
    "owner", "partner", "manager", "counsel", "consultant", "organizer", "organiser",
    "student", "teacher", "executive", "operative", "donor", "fellow", "chair", "chairperson",
    "lobbyist", "attorney", "prosecutor", "judge", "veteran", "strategist", "campaigner",
    "representative", "delegate", "economist", "architect", "president", "vice-president",
    "secretary", "minister", "director", "governor", "senator", "mayor", "commander",
    "constituent", "resident", "voter", "supporter", "volunteer", "backer", "friend", "ally",
    "loyalist", "user", "fan", "neighbor", "neighbour", "colleague", "rival", "critic",
    "co-host", "researcher", "pollster", "speechwriter", "staffer", "surrogate", "donor",
    "producer", "screenwriter", "playwright", "novelist", "composer", "presenter", "broadcaster",
}
# Capitalised words that start a sentence or a title but never a name.
START_STOP = {
    "the", "a", "an", "and", "but", "or", "nor", "so", "yet", "for", "in", "on", "at", "to", "of",
    "by", "with", "from", "as", "if", "when", "while", "where", "why", "how", "what", "who",
    "whom", "whose", "which", "that", "this", "these", "those", "there", "here", "then", "now",
    "still", "also", "even", "only", "just", "after", "before", "during", "since", "until",
    "though", "although", "because", "despite", "unlike", "like", "among", "amid", "amidst",
    "between", "under", "over", "about", "against", "around", "through", "without", "within",
    "across", "along", "behind", "beyond", "into", "onto", "upon", "toward", "towards", "per",
    "via", "instead", "meanwhile", "however", "moreover", "furthermore", "additionally", "besides",
    "afterwards", "likewise", "similarly", "consequently", "accordingly", "whereas",
    "nevertheless", "nonetheless", "indeed", "yes", "no", "not", "never", "ever", "many",
    "most", "some", "several", "few", "all", "both", "each", "every", "any", "other", "another",
    "such", "more", "less", "much", "his", "her", "their", "its", "our", "my", "your", "he",
    "she", "they", "it", "we", "i", "you", "me", "him", "them", "us", "one", "two", "three",
    "four", "five", "six", "seven", "eight", "nine", "ten", "last", "next", "first", "second",
    "third", "earlier", "later", "today", "tonight", "yesterday", "tomorrow", "dear", "please",
    "thank", "thanks", "let", "asked", "according", "following", "including", "watch", "read",
    "see", "click", "follow", "sign", "subscribe", "related", "breaking", "update", "updated",
    "photo", "video", "image", "advertisement", "share", "comments", "more", "do", "does",
    "did", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would",
    "can", "could", "should", "shall", "may", "might", "must", "why", "whether", "once",
    "again", "already", "perhaps", "maybe", "rather", "almost", "nearly", "soon", "often",
    "sometimes", "always", "recently", "currently", "previously", "finally", "together",
    "overall", "elsewhere", "otherwise", "thus", "hence", "therefore", "anyway", "well",
    "oh", "ok", "okay", "hey", "wow", "sure", "true", "false", "new", "old", "top", "big",
    "good", "bad", "great", "best", "worst", "early", "late", "full", "half", "total",
    "why", "everyone", "everybody", "nobody", "someone", "somebody", "anyone", "anybody",
    "none", "nothing", "something", "anything", "everything", "hundreds", "thousands",
    "millions", "dozens", "scores", "unless", "whatever", "whoever", "wherever", "whenever",
    "let's", "don't", "i'm", "it's", "we're", "they're", "that's", "there's", "here's",
    "abstract", "full", "text", "editor's", "note", "opinion", "analysis", "exclusive",
    "live", "watch", "listen", "advertisement", "sponsored", "getty", "images", "copyright",
    "source", "sources", "credit", "caption", "file", "story", "continued", "continue",
    "keep", "reading", "back", "home", "menu", "search", "login", "register", "close",
    "being", "having", "doing", "going", "getting", "making", "taking", "speaking",
}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
          "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun"}
# A sequence containing one of these names a place, an organisation, an event or a thing.
NONPERSON = {"january", "february", "march", "july", "september", "october", "november",
             "december"} | WEEKDAYS | {
    "house", "senate", "congress", "parliament", "party", "committee", "commission", "council",
    "department", "ministry", "office", "agency", "administration", "bureau", "service",
    "services", "court", "university", "college", "school", "institute", "institution",
    "center", "centre", "foundation", "association", "society", "union", "league",
    "federation", "organization", "organisation", "group", "company", "corporation", "corp",
    "inc", "ltd", "llc", "plc", "bank", "fund", "trust", "network", "news", "times", "post",
    "journal", "herald", "tribune", "gazette", "review", "magazine", "press", "radio",
    "television", "channel", "media", "street", "avenue", "road", "square", "boulevard",
    "park", "bridge", "tower", "palace", "hall", "building", "plaza", "airport", "station",
    "hospital", "church", "cathedral", "mosque", "temple", "museum", "library", "stadium",
    "cafe", "café", "pub", "cinema", "casino", "restaurant",
    "arena", "river", "lake", "sea", "ocean", "gulf", "bay", "island", "islands", "mountain",
    "mountains", "valley", "desert", "forest", "county", "city", "state", "states", "province",
    "region", "district", "republic", "kingdom", "empire", "nations", "forces", "force",
    "army", "navy", "guard", "corps", "police", "command", "brigade", "division", "regiment",
    "airlines", "airways", "motors", "energy", "oil", "gas", "holdings", "partners", "capital", "brothers",
    "summit", "conference", "forum", "convention", "treaty", "accord", "agreement", "pact",
    "act", "law", "plan", "program", "programme", "project", "initiative", "strategy",
    "doctrine", "report", "index", "day", "war", "revolution", "cup", "games", "olympics",
    "championship", "prize", "award", "awards", "festival", "wall", "hill", "capitol",
    "pentagon", "kremlin", "cabinet", "democrats", "republicans", "christmas", "easter",
    "god", "internet", "twitter", "facebook", "google", "instagram", "youtube", "tiktok",
    "microsoft", "apple", "amazon", "club", "team", "fc", "united", "city", "hotel", "mall",
    "market", "exchange", "reserve", "treasury", "studio", "studios", "records", "pictures",
    "films", "books", "edition", "daily", "weekly", "online", "initiative", "movement",
    "alliance", "coalition", "consortium", "confederation", "syndicate", "front", "council", "assembly", "embassy", "consulate", "mission",
    "watch", "brewery", "breweries", "logistics", "telecoms", "digital",
    # trades that end a firm's name, never a person's ("RJ Reynolds Tobacco", "Columbia Distributor")
    "tobacco", "banking", "distributor", "distributors", "pharmaceuticals", "chemicals", "foods",
    "petroleum", "shipping", "mining",
    "headquarters", "hq", "base", "camp", "prison", "jail", "border", "coast", "peninsula",
    "strait", "canal", "highway", "route", "memorial", "monument", "cemetery", "zoo",
    "gallery", "theatre", "theater", "university", "academy", "laboratory", "lab", "labs",
    "technologies", "technology", "systems", "solutions", "group", "industries", "health",
    "care", "insurance", "securities", "investments", "ventures", "international", "global",
    "national", "federal", "supreme", "european", "american", "africa", "asia", "europe",
    "america", "middle", "east", "west", "north", "south", "northern", "southern", "eastern",
    "western", "central", "world", "earth", "moon", "sun", "era", "age", "prize", "medal",
    "stock", "dollar", "euro", "pound", "yen", "index", "budget", "tax", "climate", "covid",
    "coronavirus", "virus", "vaccine", "amendment", "constitution", "charter",
    "declaration", "resolution", "protocol", "talks", "election", "elections",
    "primary", "caucus", "caucuses", "debate", "campaign", "administration", "government",
    "ministry", "directorate", "secretariat", "unit", "squad", "battalion", "fleet", "wing",
    "contact", "defense", "defence", "security", "intelligence", "affairs", "relations",
    "studies", "research", "sciences", "science", "medicine", "economics", "politics",
    "democracy", "freedom", "liberty", "justice", "rights", "watch", "aid", "relief",
    "cross", "crescent", "reuters", "associated", "show", "video", "podcast", "blog",
    "beacon", "board", "photo", "photos", "images", "footage", "documentary", "series", "episode",
    # the last word of a firm's or a club's name
    "bros", "comics", "laboratories", "productions", "entertainment", "communications",
    "electronics", "software", "networks", "pharmaceuticals", "brands", "utd", "rovers",
    "wanderers", "athletic", "albion", "co", "cos", "pharma", "management", "electric", "industry",
    "petroleum", "resources", "reuter", "incorporated", "incorp", "limited",
    # institution words of other languages ("Banque Nationale de Paris", "Istituto Mobiliare")
    "agence", "presse", "prensa", "zeitung", "banque", "banco", "banca", "bancorp", "compagnie", "compania", "compañía", "societe", "société",
    "societa", "società", "istituto", "instituto", "institut", "groupe", "gruppo", "credito",
    "crédit", "caisse", "cie", "cia", "nationale", "nazionale", "nacional", "generale", "générale",
    "bourse", "gesellschaft", "verein", "kk", "oy", "oyj", "spa", "gmbh",
    # the last word of a firm's name that is no surname ("Orvale Works", "Dean Foods")
    "works", "foods", "products", "stores", "mining", "chemicals", "minerals", "exploration", "drilling",
    "brewing", "shipping", "properties", "realty", "enterprises", "savings", "aluminum", "aluminium",
    "instruments", "textiles", "utilities", "fuels", "metals", "refining", "pipelines", "railroad",
    "railway", "railways", "telephone", "telegraph", "broadcasting", "publishing", "publications",
    "semiconductor", "semiconductors", "computers", "pharmaceutical", "petrochemicals", "apparel",
    "mines", "chemical", "financial", "telecom", "cement", "pipeline", "aviation", "associates", "industrial",
    "authority", "lines", "bankasi", "fed",
    # credit ratings
    "aaa", "baa", "caa",
    # a band's, a prize's, a club's word
    "music", "globe", "globes", "stade",
}
# Words of other languages that head a body's name: a particle after them opens no surname
# ("Societe Lyonnaise de X", "Banque Nationale de X")
FOREIGN_BODY_WORDS = frozenset({
    "banque", "banco", "banca", "compagnie", "compania", "compañía", "societe", "société", "societa",
    "società", "istituto", "instituto", "institut", "groupe", "gruppo", "credito", "crédit", "caisse",
    "agence", "nationale", "nazionale", "nacional", "generale", "générale", "bourse",
})
# US states' abbreviations that end a dateline or an address ("Bluefield, W. Va.")
STATE_ABBREVIATIONS = frozenset({
    "va", "pa", "fla", "calif", "ga", "ala", "ariz", "ark", "colo", "conn", "mass", "mich", "minn",
    "neb", "nebr", "nev", "okla", "ore", "tenn", "vt", "wis", "wyo", "ky", "kan", "ind", "ill",
})
# First words of place names ("New York", "Los Angeles", "Saint Petersburg").
PLACE_START = {"new", "los", "las", "san", "santa", "saint", "st", "fort", "port", "mount", "mont",
               "lake", "great", "united", "royal", "north", "south", "east", "west", "northern",
               "southern", "eastern", "western", "central", "upper", "lower", "greater", "little",
               "old", "grand", "palm", "cape", "isle", "rio", "sao", "são", "hong", "tel", "abu",
               "buenos", "costa", "puerto", "sri", "saudi", "sierra",
               "baltic", "black", "red", "white", "yellow", "dead", "persian", "arabian"}
# Groups of people that head a sentence like a name would ("Diplomats said").
GROUP_NOUNS = {
    "officials", "diplomats", "analysts", "critics", "experts", "sources", "observers",
    "residents", "voters", "supporters", "opponents", "lawmakers", "leaders", "ministers",
    "authorities", "police", "protesters", "protestors", "witnesses", "investors",
    "economists", "democrats", "republicans", "conservatives", "liberals", "americans",
    "europeans", "allies", "members", "others", "people", "aides", "advisers", "advisors",
    "organizers", "organisers", "scientists", "researchers", "doctors", "activists",
    "prosecutors", "investigators", "negotiators", "traders", "dealers", "bankers",
    "executives", "insiders", "delegates", "senators", "governors", "mayors", "republican",
    "democrat", "democratic", "spokesmen", "spokespeople", "staff", "staffers", "workers",
    "farmers", "students", "teachers", "parents", "families", "soldiers", "troops",
    "militants", "rebels", "insurgents", "separatists", "commanders", "generals", "ukrainians",
    "russians", "germans", "britons", "french", "chinese", "japanese", "israelis",
    "palestinians", "iranians", "iraqis", "syrians", "afghans", "pakistanis", "indians",
    "canadians", "mexicans", "australians", "poles", "swedes", "finns", "norwegians", "danes",
    "dutch", "belgians", "spaniards", "italians", "greeks", "turks", "arabs", "kurds",
    "christians", "muslims", "jews", "catholics", "evangelicals", "polls", "surveys", "data",
    "figures", "reports", "documents", "records", "studies", "statistics", "estimates",
    "guards", "fans", "sisters",
}
# Adjectives of a people, a faith or a bloc that the gazetteer's demonyms lack: like a
# demonym, they say what someone is, never name them ("many Saudi women", "was Jewish, said")
GROUP_ADJECTIVES = frozenset({
    "saudi", "soviet", "yugoslav", "czechoslovak", "jewish", "arab", "arabic", "muslim", "moslem",
    "islamic", "islamist", "catholic", "protestant", "anglican", "methodist", "baptist", "buddhist",
    "hindu", "sikh", "zionist", "shia", "shiite", "sunni", "kurdish", "basque", "catalan", "persian",
    "english", "bavarian", "texan", "asian", "african", "european", "latino", "hispanic",
    "communist", "marxist", "maoist", "gaullist", "nazi", "evangelical",
})
# Given names that are also ordinary capitalised words or places; they count as first
# names only with other evidence.
AMBIGUOUS_GIVEN = {
    "arizona", "california", "georgia", "washington", "little", "left", "life", "green",
    "field", "day", "fall", "one", "duty", "experience", "governor", "junior", "jr", "king",
    "may", "june", "august", "will", "see", "pleasant", "providence", "relief", "silence",
    "honor", "mercy", "charity", "india", "philadelphia", "columbus", "dutch", "west", "wood",
    "link", "ford", "court", "mock", "moss", "pink", "app", "cage", "gum", "sly", "squat",
    "tick", "kill", "vest", "wash", "buren", "virginia", "victoria", "christian", "democrates",
    "deliverance", "obedience", "patience", "prudence", "temperance", "faith", "glory",
    "honey", "angel", "ginger", "candy", "crystal", "summer", "star", "green", "sullivan",
    "smith", "hopkins", "jackson", "hamilton", "lincoln", "jefferson", "madison", "webster",
    "nelson", "wilson", "anderson", "harrison", "montgomery", "campbell", "mackenzie",
    "bell", "art", "mark", "bill", "frank", "rich", "grant", "hope", "joy", "grace",
    "rose", "ivy", "lily", "chase", "carol", "carmen", "sol", "van", "von", "mc",
    "mac", "hy", "si", "sy", "vi", "bo", "al", "el", "ed", "di", "es", "ib", "eb", "em",
    "ev", "ez", "jo", "lu", "ola", "ona", "ora", "see", "than", "fate", "field", "ham",
    "hob", "hop", "hub", "jap", "meus", "nap", "ples", "raze", "see", "shel", "sina",
    "stal", "swene", "tal", "ted", "web", "win", "wint", "zay", "rush", "rand", "major",
    "chance", "star", "duke", "earl", "baron", "iris", "violet", "sky", "river", "stone",
    "deal", "price",
    "long", "young", "white", "black", "brown", "gray", "grey", "said", "love", "ever", "nova",
    "ocean", "israel", "jordan", "paris", "florence", "chelsea", "brooklyn", "austin",
    "dallas", "houston", "denver", "phoenix", "sydney", "kennedy", "lane", "page",
    "penny", "summer", "autumn", "dawn", "eve", "amber", "ruby", "pearl", "jade", "cash",
    "colt", "hunter", "bishop", "judge", "sterling", "royal", "noble", "justice", "liberty",
    "trinity", "unity", "harmony", "destiny", "serenity", "haven", "bay", "cliff", "heath",
    "moor", "brook", "ford", "ward", "lord", "lady", "king", "prince",
    "princess", "queen", "pastor", "dean", "mayor", "don", "bill", "mark", "will", "may",
    "june", "april", "august", "march", "sunday", "monday", "friday", "christmas", "easter",
    "nice", "fine", "best", "last", "early", "late", "new", "old", "general", "van", "von",
    "de", "la", "le", "del", "du", "da", "di", "al", "el", "ben", "bin", "abu", "can",
    "hope", "joy", "grace", "faith", "mercy", "constance", "prudence", "sincere", "honest",
    "happy", "lucky", "sunny", "rusty", "dusty", "sandy", "misty", "stormy", "windy",
}
# Ambiguous ones that are still good first names when not at the start of a sentence.
_GOOD_MIDSENTENCE = {"mark", "bill", "don", "frank", "grant", "rich", "art", "dean", "chase",
                     "carol", "rose", "joy", "grace", "hope", "ivy", "lily", "ted", "will",
                     "may", "june", "ed", "bo", "sol", "carmen", "christian", "victoria",
                     "virginia", "georgia", "jackson", "nelson", "wilson", "harrison", "lincoln",
                     "madison", "anderson", "campbell", "mackenzie", "montgomery", "webster",
                     "hamilton", "jefferson", "sullivan", "hopkins", "faith", "crystal", "ginger",
                     "summer", "honey", "angel", "candy", "bell", "august"}

# Name suffixes that are not surnames.
SUFFIXES = {"jr", "jnr", "sr", "snr", "ii", "iii", "iv", "v", "esq", "phd", "md"}

# Speech verbs.  A cue is one of these (with an optional object such as "reporters").
CUE_VERBS = (
    "said", "says", "say", "saying", "told", "tells", "tell", "telling", "added", "adds", "adding",
    "stated", "states", "continued", "continues", "continuing", "explained", "explains",
    "wrote", "writes", "writing", "tweeted", "tweets", "posted", "asked", "asks", "argued",
    "argues", "arguing", "noted", "notes", "noting", "warned", "warns", "warning", "insisted",
    "insists", "insisting", "declared", "declares", "remarked", "recalled", "recalls",
    "acknowledged", "acknowledges", "admitted", "admits", "conceded", "concedes", "claimed",
    "claims", "replied", "replies", "responded", "responds", "answered", "announced",
    "announces", "confirmed", "confirms", "emphasized", "emphasised", "emphasizes",
    "emphasises", "stressed", "stresses", "urged", "urges", "predicted", "predicts",
    "suggested", "suggests", "observed", "cautioned", "complained", "complains", "joked",
    "jokes", "quipped", "quips", "shouted", "yelled", "cried", "exclaimed", "recounted",
    "concluded", "concludes", "pointed out", "went on", "goes on", "according to", "reiterated",
    "reiterates", "boasted", "boasts", "vowed", "vows", "pledged", "promised", "promises",
    "called", "calls", "described", "describes", "described it as", "wondered", "mused",
    "told reporters", "told journalists", "told the", "thundered", "fumed", "retorted",
    "countered", "counters", "interjected", "proclaimed", "proclaims", "announced",
    "declared", "lamented", "laments", "marveled", "marvelled", "snapped", "scoffed",
    "chimed", "conceded", "pleaded", "implored", "implores", "testified", "testifies", "informed",
    "assured",
    "reminded", "repeated", "repeats", "maintained", "maintains", "contended", "contends",
    "asserted", "asserts", "charged", "alleged", "alleges", "accused", "accuses", "hinted",
    "signaled", "signalled", "believes", "believed", "thinks", "thought", "felt", "feels",
    "stating", "explaining", "adding", "writing", "remarking", "responding", "replying",
    "texted", "emailed", "posted", "messaged", "commented", "comments", "commenting",
    "reportedly said", "reported", "reports", "announcing", "declaring", "puts it", "put it",
    "opined", "hinted", "hints", "quoted", "quoting", "cited", "citing", "recalling",
    "shot back", "fired back", "hit back", "snapped back", "echoed", "echoes", "barked",
    "demanded", "demands", "chanted", "teased", "mocked", "taunted", "whispered", "muttered",
    "blasted", "slammed", "raged", "yelling", "shouting", "screaming", "chanting", "calling",
    "arguing", "pleading", "begged", "concluding", "summed up", "wrote in", "reacted",
    "sings", "sang", "agrees", "agreed", "disagreed", "disagrees", "questioned", "pressed",
    "speculated", "pondered", "boasted", "bragged", "griped", "grumbled",
)
def trie_regex(phrases) -> str:
    """One regex alternation for many phrases, factored by common prefixes so the engine
    tests each position against a trie instead of trying every phrase in turn."""
    trie: dict = {}
    for ph in phrases:
        node = trie
        for ch in ph:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            alts.append((r"\s+" if ch == " " else re.escape(ch)) + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


def _cases(words) -> set[str]:
    return {w for c in words for w in (c, c[:1].upper() + c[1:])}


# Lower-case and Capitalised ('Said Doe, "…"', '…, Doe Tweeted'); case-sensitive otherwise.
CUE_RE_SRC = r"\b(?:" + trie_regex(_cases(CUE_VERBS)) + r")\b"
CUE_RE = re.compile(CUE_RE_SRC)

# Verbs of stance: they put words in someone's mouth without being speech cues ('Doe
# condemned "such an attack"'); stems that take -s/-ed/-ing, and stems that take -e/-es/-ed/-ing.
# (speakers.py gives a fragment to the subject of one; quotes.py keeps a fragment beside one)
STANCE_STEMS = ("label", "condemn", "tout", "dismiss", "reject", "defend", "invok", "mention",
                "lambast", "reveal", "question", "express")
STANCE_STEMS_E = ("prais", "denounc", "blam", "describ", "challeng", "voic", "welcom", "ridicul",
                  "derid")
# The unambiguous speech verbs: enough on their own to make a capitalised word a speaker.
STRONG_CUES = ("said", "says", "told", "tells", "added", "adds", "stated", "wrote", "writes",
               "tweeted", "explained", "according to", "asked", "replied",
               "responded", "insisted", "argued", "noted", "warned", "acknowledged", "recalled",
               "declared", "announced", "told reporters", "reportedly said", "emphasized",
               "emphasised", "stressed", "confirmed", "admitted", "conceded", "predicted")
STRONG_CUE_SRC = r"\b(?:" + trie_regex(STRONG_CUES) + r")\b"


_WRAPPED_NL = re.compile(r"(?<=\S)[ \t]*\n(?=[^\s])")


def unwrap_lines(text: str) -> str:
    """Hard-wrapped text (newswire bodies broken at ~70 columns) with its wrap newlines
    turned into spaces, so names and quotes can run across them.  Same length as ``text``,
    so every offset still points into the original; paragraph breaks (a blank line or an
    indented line) stay.  Text that is not hard-wrapped is returned unchanged (read it
    once per article as ``Document.unwrapped``)."""
    if text.count("\n") < 3:
        return text
    split = text.split("\n")
    for ln in split:
        if len(ln) > 100 and len(ln.rstrip()) > 100:
            return text     # a line longer than a wrap's (most text: a paragraph a line)
    lines = [ln for ln in split if ln.strip()]
    if len(lines) < 4:
        return text
    lengths = [len(ln.rstrip()) for ln in lines]
    if sum(lengths) / len(lengths) < 35:
        return text
    ended = sum(1 for ln in lines if ln.rstrip()[-1:] in ".!?\"”:")
    if ended > 0.5 * len(lines):
        return text
    return _WRAPPED_NL.sub(lambda m: " " * len(m.group()), text)


def strip_accents(s: str) -> str:
    """Remove combining marks so "Dvořák" and "Dvorak" compare equal."""
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def norm_token(s: str) -> str:
    """Lower-case, accents stripped, punctuation dropped: the key a name word is compared by."""
    s = strip_accents(s).lower()
    if s.isalpha():
        return s
    return "".join(c for c in s if c.isalnum())


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, frozenset[str]]:
    """Nickname groups ("pete" ~ "peter"), from the ``nicknames`` package data."""
    groups: dict[str, set[str]] = {}
    try:
        from nicknames import NickNamer
        for canon, nicks in NickNamer().nickname_lookup.items():
            for n in (canon, *nicks):
                groups.setdefault(n, set()).update({canon, *nicks})
    except Exception:  # pragma: no cover - package missing: no nickname linking
        pass
    return {k: frozenset(v) for k, v in groups.items()}


@lru_cache(maxsize=1)
def _given() -> dict[str, str]:
    """Given names (lower-case, Latin script) -> "m", "f" or "" (both/unknown).

    From ``ingest/data/given_names.tsv`` (faker's first-name lists, with gender: see
    tools/build_lexicons.py), plus the English names of the ``nicknames`` package.
    """
    from ingest import lexicons

    out = dict(lexicons.given_names())
    for n in _nicknames():
        if n.isalpha() and n not in out:
            out[n] = ""
    return out


def given_names() -> frozenset[str]:
    return frozenset(_given())


def given_gender(token: str) -> str | None:
    """"m"/"f" when the lexicon gives a first name one gender only, else None."""
    return _given().get(token.lower()) or None


def is_given_name(token: str, sentence_initial: bool = False) -> bool:
    """A known first name; ones that are also common words ("Will", "Mark") only mid-sentence,
    and ones that are also a country's, a US state's or a continent's name ("China", "Texas")
    only when they are common first names (``first_names.txt``: "Jordan", "Georgia")."""
    t = token.lower()
    if t not in _given() or t in _places_not_given():
        return False
    if t in AMBIGUOUS_GIVEN:
        return (not sentence_initial) and t in _GOOD_MIDSENTENCE
    return True


def nickname_equivalent(a: str, b: str) -> bool:
    """"Pete" and "Peter", "Bill" and "William": one given name in two forms."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    g = _nicknames().get(a)
    return bool(g and b in g)


@lru_cache(maxsize=1)
def country_like() -> frozenset[str]:
    """Countries, capitals and US states (lower case): words that name places, not people."""
    out: set[str] = {"america", "britain", "great britain", "england", "scotland", "wales",
                     "europe", "asia", "africa", "holland", "the netherlands"}
    from ingest import lexicons

    for c in lexicons.countries():
        name = c.name.lower()
        out.add(name)
        if " republic of the " in f" {name}":
            out.add(name.rpartition(" of the ")[2])   # "Republic of the Congo" is "Congo"
        if c.capital:
            out.add(c.capital.lower())
    for state in lexicons.us_states():
        out.add(state.lower())
    return frozenset(out)


@lru_cache(maxsize=1)
def _places_not_given() -> frozenset[str]:
    """Countries, their capitals, US states and continents that the given-name lexicon also
    lists but that are no common first name: "China Life", "Texas Instruments", "London
    Interbank" open a firm's or a thing's name, not a person's."""
    from ingest import lexicons

    with open(lexicons.DATA / "first_names.txt", encoding="utf-8") as f:
        common = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    names = {c.name.lower() for c in lexicons.countries()} | {s.lower() for s in lexicons.us_states()}
    # capitals, but not those that are also common Spanish or English first names
    names |= {c.capital.lower() for c in lexicons.countries() if c.capital} - {"santiago", "kingston"}
    names |= {"america", "britain", "england", "scotland", "wales", "europe", "asia", "africa", "holland"}
    return frozenset(n for n in names if n not in common)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """country_like() plus cities over 200,000 people and a few seats of power: places that
    act as speakers ("Moscow said") or head capitalised runs, never people."""
    out: set[str] = set(country_like()) | {
        "kremlin", "pentagon", "wall street", "downing street", "whitehall", "capitol hill",
        "white house", "silicon valley", "elysee", "élysée"}
    from ingest import lexicons

    out.update(c.name.lower() for c in lexicons.cities() if c.population >= 200000)
    return frozenset(out)


def damerau(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment edit distance, stopping early once above ``limit``."""
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ai = a[i - 1]
        best = cur[0]
        for j in range(1, lb + 1):
            cost = 0 if ai == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            if v < best:
                best = v
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[lb]


@lru_cache(maxsize=65536)
def surname_similarity(a: str, b: str, directed: bool = False) -> float:
    """How likely two normalised surnames are one name, allowing typos and truncation.

    Exact 1.0; one edit 0.9 (surnames of 4+ letters); two edits 0.85 (6+ letters);
    a truncation ("mart" for "marten", the short form 3+ letters, the long one 4+) 0.8.
    Short surnames get no slack: "Doe" and "Dooe" are different names.  With
    ``directed``, ``a`` is the known surname and ``b`` the form seen: the known one must
    have 4+ letters and only ``b`` may be the truncation.
    """
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(long_) < 4 or short[0] != long_[0]:
        return 0.0
    if directed and len(a) < 4:
        return 0.0
    if len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) <= 2:
        return 0.8 if not directed or short is b else 0.0
    if len(short) < 4:
        return 0.0
    d = damerau(a, b, 2)
    if d == 1:
        if directed and len(a) == len(b) and len(a) <= 5 and sorted(a) != sorted(b):
            return 0.0  # one letter changed in a short name makes another word ("Hart"/"Hard")
        return 0.9
    if d == 2 and len(short) >= 6:
        return 0.85
    return 0.0

