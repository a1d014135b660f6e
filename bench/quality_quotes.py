"""Quote, speaker and people quality, measured on data we did not write.

Scores
- seeds: the five sample articles (../shared/seeds) against tests/gold/seed_quotes.json:
  direct-quote recall/precision, speaker accuracy, partial-flag accuracy, people recall,
  precision and alias recall.
- PolNeAR (../shared/corpora/quotes-gold/polnear, brat standoff; one annotator per text):
  gold direct quotes are Content spans whose text starts with a quote mark.
  * recall: a gold direct quote is found when an extracted quote overlaps one of its spans;
  * precision: an extracted quote is right when it overlaps any annotated Content span
    (PolNeAR annotates every attribution, so scare quotes and titles are false positives);
    reported for all extracted quotes and for the full (non-partial) ones;
  * speaker accuracy where the annotated Source is a name (not a pronoun, not "the
    campaign"): our speaker's surname must be a word of the Source's head name
    (of either name where the Source names two: "Doe and Roe"); reported beside it, the
    same accuracy that also takes a Source naming the person by given name only
    ("Hillary", "Ian H" for our "Hillary Clinton", "Ian H. Solomon"), which the first
    measure counts wrong.
- speed: extract_people + extract_quotes over the PolNeAR train texts, ms per article and
  per KB of UTF-8 text (CPU time of this process, best of 3 passes, lexicons warmed up
  first, so other load on the machine inflates it less than wall time would).

Usage: python bench/quality_quotes.py [--split dev|train|all] [--errors N] [--no-speed]
       from bench.quality_quotes import run; run("dev") -> dict
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.extract.names import surname_similarity  # noqa: E402
from ingest.extract.people import extract_people, same_person  # noqa: E402
from ingest.extract.quotes import extract_quotes  # noqa: E402

from bench.corpus import SHARED  # noqa: E402

SEEDS = SHARED / "seeds"
POLNEAR = SHARED / "corpora" / "quotes-gold" / "polnear"
GOLD = ROOT / "tests" / "gold" / "seed_quotes.json"
QUOTE_CHARS = set("\"“”'‘’«»„")


# ---------------------------------------------------------------------------------------
# seeds

def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).replace("’", "'").replace("‘", "'")
    s = s.replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


def score_seeds() -> dict:
    if not GOLD.exists() or not SEEDS.exists():
        return {"skipped": "seeds or gold not found"}
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    tp = fp = fn = spk_ok = spk_n = part_ok = 0
    p_tp = p_fp = p_fn = alias_ok = alias_n = 0
    misses: list[str] = []
    for art in gold["articles"]:
        path = SEEDS / art["file"]
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        people = extract_people(text)
        quotes = extract_quotes(text, people)
        used: set[int] = set()
        for g in art["quotes"]:
            pre = _norm(g["prefix"])
            hit = None
            for i, q in enumerate(quotes):
                if i not in used and (_norm(q.text).startswith(pre) or pre in _norm(q.text)):
                    hit = i
                    break
            if hit is None:
                fn += 1
                misses.append(f"{art['file']}: missed {g['prefix']!r}")
                continue
            used.add(hit)
            tp += 1
            q = quotes[hit]
            spk_n += 1
            if q.speaker and (q.speaker == g["speaker"] or same_person(q.speaker, g["speaker"]) >= 0.9):
                spk_ok += 1
            else:
                misses.append(f"{art['file']}: speaker {q.speaker!r} for {g['prefix']!r} (gold {g['speaker']!r})")
            part_ok += int(q.partial == g["partial"])
        for i, q in enumerate(quotes):
            if i not in used:
                fp += 1
                misses.append(f"{art['file']}: extra quote {q.text[:60]!r}")
        # people
        names = {p.name: p for p in people}
        optional = set(art.get("optional_people", []))
        matched: set[str] = set()
        for g in art["people"]:
            p = names.get(g["name"])
            if p is None:
                p_fn += 1
                misses.append(f"{art['file']}: missed person {g['name']!r}")
                continue
            matched.add(p.name)
            p_tp += 1
            for a in g["aliases"]:
                alias_n += 1
                if a in p.aliases:
                    alias_ok += 1
                else:
                    misses.append(f"{art['file']}: {g['name']!r} lacks alias {a!r}")
        for p in people:
            if p.name not in matched and p.name not in optional:
                p_fp += 1
                misses.append(f"{art['file']}: extra person {p.name!r}")
        for nq in art.get("not_quotes", []):
            if any(_norm(q.text) == _norm(nq) for q in quotes):
                misses.append(f"{art['file']}: title extracted as quote {nq!r}")
    return {
        "quotes_gold": tp + fn,
        "recall": _ratio(tp, tp + fn),
        "precision": _ratio(tp, tp + fp),
        "speaker_accuracy": _ratio(spk_ok, spk_n),
        "partial_flag_accuracy": _ratio(part_ok, tp),
        "people_recall": _ratio(p_tp, p_tp + p_fn),
        "people_precision": _ratio(p_tp, p_tp + p_fp),
        "alias_recall": _ratio(alias_ok, alias_n),
        "errors": misses,
    }


# ---------------------------------------------------------------------------------------
# PolNeAR

def load_polnear(split: str) -> list[tuple[str, str, dict, list[dict]]]:
    """(name, text, T spans by id, relations) per article; the first annotator's file."""
    out = []
    for tf in sorted(glob.glob(str(POLNEAR / split / "text" / "*.txt"))):
        base = os.path.basename(tf)[:-4]
        anns = sorted(glob.glob(str(POLNEAR / split / "attributions" / f"{base}_*.ann")))
        if not anns:
            continue
        text = Path(tf).read_text(encoding="utf-8")
        spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
        rels: list[dict] = []
        for line in Path(anns[0]).read_text(encoding="utf-8").split("\n"):
            if line.startswith("T"):
                parts = line.split("\t")
                if len(parts) < 2 or " " not in parts[1]:
                    continue
                label, rest = parts[1].split(" ", 1)
                try:
                    segs = [tuple(map(int, x.split())) for x in rest.split(";")]
                except ValueError:
                    continue
                spans[parts[0]] = (label, segs)  # type: ignore[assignment]
            elif line.startswith("E"):
                parts = line.split("\t")
                if len(parts) < 2:
                    continue
                rels.append(dict(r.split(":", 1) for r in parts[1].split() if ":" in r))
        out.append((base, text, spans, rels))
    return out


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "that", "which", "him",
             "her", "them", "his", "hers", "their", "its", "this", "these", "those", "one"}
_DETS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its",
         "our", "one", "another", "some", "many", "several", "each", "every", "both", "all",
         "most", "other"}
_ORG_WORDS = {"board", "times", "campaign", "party", "committee", "post", "times", "news", "journal", "department",
              "administration", "house", "senate", "court", "office", "agency", "association",
              "foundation", "institute", "university", "center", "centre", "council", "group",
              "network", "company", "corporation", "inc", "poll", "survey", "report", "statement",
              "website", "tweet", "ad", "ads", "commercial", "magazine", "transcript", "press",
              "service", "bureau", "commission", "union", "government", "ministry", "pac",
              "fund", "project", "review", "police", "organization", "study", "book", "video",
              "letter", "memo", "email", "release", "media", "cnn", "msnbc", "fox", "nbc", "abc",
              "cbs", "npr", "bbc", "reuters", "ap"}
_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "president", "senator",
           "secretary", "governor", "former", "vice", "speaker", "reverend", "rev"}
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ][\w’'.\-]*")


_PREPS = {"to", "of", "for", "from", "at", "in", "with", "by", "on", "about"}
_GROUPISH = {"democrat", "democrats", "republican", "republicans", "americans", "officials",
             "conservatives", "liberals", "voters", "supporters", "strategist", "official",
             "aide", "adviser", "advisor", "senator", "governor", "candidate", "nominee"}
_PAREN = re.compile(r"\([^)]*\)")


def source_head(src: str) -> list[str] | None:
    """The name words of a Source span, or None when the Source is not a name.

    A Source is a name when its head phrase (the first comma-separated part with a
    capitalised word; parentheses and "of/from <place>" tails dropped) ends in capitalised
    words that are not introduced by a preposition ("the economist Jared Bernstein",
    "Sen. Bernie Sanders", "Breitbart's Joel Pollak").  Descriptions ("an Iowa Democrat",
    "one longtime adviser to Bill Clinton", "Sanders supporters"), organisations and
    media ("the Washington Post"), pronouns and all-caps headlines are not names.
    """
    s = _PAREN.sub(" ", src.strip().replace("\xa0", " "))
    if not s or s.lower() in _PRONOUNS:
        return None
    if " and " in s.split(",")[0]:
        # "Mark Doe and Jon Roe", "Doe and Roe": either of the two named is right
        heads = [source_head(x) for x in s.split(",")[0].split(" and ")]
        if all(heads):
            return [w for h in heads for w in h]
    letters = [c for c in s if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.7 * len(letters):
        return None
    for part in s.split(","):
        toks = _TOKEN.findall(part)
        if not toks:
            continue
        if not any(t[:1].isupper() for t in toks):
            continue
        # drop an "of Germany" / "from Ohio" tail
        for k in range(1, len(toks)):
            if toks[k].lower() in ("of", "from") and k >= 2 and toks[k - 1][:1].isupper():
                toks = toks[:k]
                break
        if any(t.lower().strip(".") in _ORG_WORDS for t in toks):
            return None
        last = toks[-1]
        if not last[:1].isupper() or last.endswith(("'s", "’s", "'", "’")):
            continue  # "Sanders supporters"; "Doe's manager, Jane Roe" names Roe next
        if last.lower().strip(".") in _GROUPISH:
            return None  # "an Iowa Democrat"
        # the trailing run of capitalised words, and what comes before it
        k = len(toks)
        while k > 0 and (toks[k - 1][:1].isupper() or toks[k - 1].lower() in ("de", "van", "von", "al", "bin", "der", "la", "le", "da")):
            k -= 1
        run = [t for t in toks[k:] if t[:1].isupper()]
        before = toks[k - 1].lower() if k > 0 else ""
        if before in _PREPS:
            return None  # "one longtime adviser to Bill Clinton"
        if toks[0].lower() in _DETS and len([t for t in run if t.lower().rstrip(".") not in _TITLES]) < 2:
            return None  # "the Florida senator", "an Iowa voter"
        caps = [t for t in run if not t.endswith(("'s", "’s")) and t.lower().rstrip(".") not in _TITLES]
        if not caps:
            return None
        return [_fold(c) for c in caps]
    return None


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isalnum()).lower()


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_polnear(split: str) -> dict:
    docs = load_polnear(split)
    if not docs:
        return {"skipped": f"PolNeAR {split} not found"}
    g_n = g_hit = 0
    p_n = p_ok = pf_n = pf_ok = 0
    name_n = name_ok = name_none = given_ok = 0
    pron_n = pron_resolved = 0
    errors: list[str] = []
    for base, text, spans, rels in docs:
        people = extract_people(text)
        quotes = extract_quotes(text, people)
        contents = []
        for r in rels:
            c = spans.get(r.get("Content", ""))
            if c and c[0] == "Content":
                contents.extend(c[1])
        for r in rels:
            c = spans.get(r.get("Content", ""))
            if not c or c[0] != "Content":
                continue
            segs = c[1]
            if text[segs[0][0]] not in QUOTE_CHARS:
                continue
            g_n += 1
            best, best_ov = None, 0
            for q in quotes:
                ov = max((_overlap((q.start, q.end), sg) for sg in segs), default=0)
                if ov > best_ov:
                    best, best_ov = q, ov
            if best is None:
                if len(errors) < 400:
                    errors.append(f"{base}: missed {text[segs[0][0]:segs[0][1]][:70]!r}")
                continue
            g_hit += 1
            src = spans.get(r.get("Source", ""))
            if not src:
                continue
            src_text = " ".join(text[a:b] for a, b in src[1])
            head = source_head(src_text)
            if head is None:
                if src_text.strip().lower() in ("he", "she"):
                    pron_n += 1
                    pron_resolved += int(best.speaker is not None)
                continue
            name_n += 1
            sur = _fold(best.speaker.split()[-1]) if best.speaker else ""
            if sur and (sur in head or any(surname_similarity(sur, h) >= 0.85 for h in head)):
                name_ok += 1
                given_ok += 1
            elif best.speaker and set(head) <= {_fold(w) for w in best.speaker.split()}:
                given_ok += 1   # a Source that names the person by given name ("Hillary", "Ian H")
                if len(errors) < 400:
                    errors.append(f"{base}: speaker {best.speaker!r} vs source {src_text[:50]!r} "
                                  f"for {best.text[:40]!r} (given name)")
            else:
                name_none += int(best.speaker is None)
                if len(errors) < 400:
                    errors.append(f"{base}: speaker {best.speaker!r} vs source {src_text[:50]!r} "
                                  f"for {best.text[:40]!r}")
        for q in quotes:
            ok = any(_overlap((q.start, q.end), sg) > 0 for sg in contents)
            p_n += 1
            p_ok += ok
            if not q.partial:
                pf_n += 1
                pf_ok += ok
    return {
        "articles": len(docs),
        "gold_direct_quotes": g_n,
        "recall": _ratio(g_hit, g_n),
        "precision": _ratio(p_ok, p_n),
        "precision_full_quotes": _ratio(pf_ok, pf_n),
        "speaker_name_sources": name_n,
        "speaker_accuracy": _ratio(name_ok, name_n),
        "speaker_accuracy_given_names": _ratio(given_ok, name_n),
        "speaker_unknown_rate": _ratio(name_none, name_n),
        "he_she_sources_resolved": _ratio(pron_resolved, pron_n),
        "errors": errors,
    }


def measure_speed(split: str = "train", repeat: int = 3) -> dict:
    texts = [t for _, t, _, _ in load_polnear(split)]
    if not texts:
        return {"skipped": "PolNeAR not found"}
    for t in texts[:20]:  # warm lexicons and regex caches
        extract_quotes(t, extract_people(t))
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for t in texts:
            extract_quotes(t, extract_people(t))
        best = min(best, time.process_time() - t0)
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    return {"articles": len(texts), "ms_per_article": round(1000 * best / len(texts), 3),
            "ms_per_kb": round(1000 * best / kb, 4), "kb_per_article": round(kb / len(texts), 2)}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def run(split: str = "dev", speed: bool = True) -> dict:
    """All scores as a dict: seeds, PolNeAR ``split`` ("train", "dev" or "all"), speed."""
    out: dict = {"seeds": score_seeds(), "polnear": {}}
    for sp in (("train", "dev") if split == "all" else (split,)):
        out["polnear"][sp] = score_polnear(sp)
    if speed:
        out["speed"] = measure_speed("train")
    return out


def _table(res: dict) -> str:
    rows = []
    s = res["seeds"]
    if "skipped" not in s:
        rows.append(("seeds", s["recall"], s["precision"], s["speaker_accuracy"],
                     f"partial flag {s['partial_flag_accuracy']}, people R/P {s['people_recall']}/"
                     f"{s['people_precision']}, aliases {s['alias_recall']}"))
    for sp, r in res["polnear"].items():
        if "skipped" in r:
            continue
        rows.append((f"PolNeAR {sp}", r["recall"], r["precision"], r["speaker_accuracy"],
                     f"{r['gold_direct_quotes']} gold quotes, full-quote precision "
                     f"{r['precision_full_quotes']}, {r['speaker_name_sources']} named sources, "
                     f"unknown {r['speaker_unknown_rate']}, he/she resolved {r['he_she_sources_resolved']}, "
                     f"speaker with given-name sources {r['speaker_accuracy_given_names']}"))
    lines = [f"{'data':<14} {'recall':>7} {'prec.':>7} {'speaker':>8}  notes", "-" * 90]
    for name, rc, pr, sa, note in rows:
        lines.append(f"{name:<14} {rc!s:>7} {pr!s:>7} {sa!s:>8}  {note}")
    sp = res.get("speed")
    if sp and "skipped" not in sp:
        lines.append(f"speed: {sp['ms_per_article']} ms/article, {sp['ms_per_kb']} ms/KB "
                     f"({sp['articles']} PolNeAR train articles, {sp['kb_per_article']} KB each)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train", "all"])
    ap.add_argument("--errors", type=int, default=0, help="print this many errors per data set")
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args(argv)
    res = run(args.split, speed=not args.no_speed)
    print(_table(res))
    if args.errors:
        for name, r in [("seeds", res["seeds"])] + [(f"polnear {k}", v) for k, v in res["polnear"].items()]:
            for e in r.get("errors", [])[:args.errors]:
                print(f"  [{name}] {e}")
    slim = json.loads(json.dumps(res))
    for r in [slim["seeds"], *slim["polnear"].values()]:
        r.pop("errors", None)
    print(json.dumps(slim, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
