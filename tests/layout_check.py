#!/usr/bin/env python3
"""Measures rendered dossiers against the Decree 30 layout rules, with an independent reader
(PyMuPDF), for the layout stress tests (tests/hoso/stress.rs).

Input (JSON on stdin): a list of jobs, one per dossier:
  {"name": str, "pdf": path of its ho-so.pdf,
   "documents": [{"file": str, "first": first page in ho-so.pdf (from 1), "pages": int,
                  "fields": [{"page": page of the document, "rect": [x0, y0, x1, y1] (PDF points,
                              origin bottom-left), "signer": str}]}],
   "vocabulary": [every word the documents may print], "places": [multi-word place names]}
Output (JSON on stdout): a list of violations {"job", "file", "page", "rule", "detail"}.

Rules: text inside the margins; no two text lines overlapping; nothing printed in a signer's
room to sign, the signer's name under it; no page less than a quarter used except a
document's (or part's) last; no word broken across lines; no word of two syllables (from the
word list hoso ships, src/vi/dictionary/words.txt, read here on its own) split between two lines
of a heading, title, caption or certificate, and none of them starting with a dash; header
lines inside their column, place names whole, the date line on one line.
"""
import os
import json
import re
import sys
import unicodedata

import pymupdf

MM = 72 / 25.4
MARGIN = DECREE_MARGIN = {"top": 20 * MM, "bottom": 20 * MM, "left": 30 * MM, "right": 15 * MM}
# A certificate's text stays inside its frame (the inner rule is 11.5 mm from the edge).
SHEET_MARGIN = {"top": 13 * MM, "bottom": 13 * MM, "left": 13 * MM, "right": 13 * MM}
PUNCT = ".,;:!?()[]{}“”\"'‘’«»…"


def nfc(s):
    return unicodedata.normalize("NFC", s)


TONE_PLACEMENTS = [("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"), ("oè", "òe"), ("oé", "óe"),
                   ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"), ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy")]


def fold(s):
    s = nfc(s).lower()
    for old, new in TONE_PLACEMENTS:
        s = s.replace(old, new)
    return s


def two_syllable_words():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "vi", "dictionary", "words.txt")
    with open(path, encoding="utf-8") as f:
        return {fold(w) for w in f.read().split("\n") if len(w.split()) == 2}


WORDS = two_syllable_words()
NUMBER_WORDS = set("không một hai ba bốn năm sáu bảy tám chín mười mươi trăm nghìn triệu tỷ linh lăm mốt tư".split())


def spaced(chars):
    """The text of `chars`, with a space where two characters stand apart (table cells, blocks
    side by side) though the PDF has no space character between them."""
    out = ""
    prev = None
    for c in chars:
        if prev is not None and c["bbox"][0] - prev["bbox"][2] > 2.5 and not out.endswith(" ") and c["c"] != " ":
            out += " "
        out += c["c"]
        prev = c
    return out


def ink_box(chars, text):
    ink = [c for c in chars if c["c"].strip() and c["c"] != "\u00a0"]
    if not ink:
        return None
    # A closing quote's ink covers the left half of its advance; the font kerns the space after
    # it, so its advance may reach past the line's end while nothing prints there.
    right = [c["bbox"][2] if c["c"] not in "’”" else (c["bbox"][0] + c["bbox"][2]) / 2 for c in ink]
    return {
        "text": nfc(text).strip(),
        "bold": None,
        "x0": min(c["bbox"][0] for c in ink),
        "x1": max(c["bbox"][2] for c in ink),
        "x1_ink": max(right),
        "y0": min(c["bbox"][1] for c in ink),
        "y1": max(c["bbox"][3] for c in ink),
    }


def page_lines(page):
    """Text lines with their ink boxes (trailing spaces print nothing), and each line's runs
    on one baseline (PyMuPDF may join the cells of a table row into one line)."""
    out = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            chars = [c for s in line["spans"] for c in s["chars"]]
            box = ink_box(chars, spaced(chars))
            if not box:
                continue
            fonts = {s["font"] for s in line["spans"] if s["chars"]}
            box["bold"] = all("Bold" in f for f in fonts)
            box["size"] = max((s["size"] for s in line["spans"] if s["chars"]), default=0)
            runs = {}
            for s in line["spans"]:
                runs.setdefault(round(s["origin"][1], 1), []).extend(s["chars"])
            box["runs"] = [r for r in (ink_box(cs, spaced(cs)) for cs in runs.values()) if r]
            out.append(box)
    return out


def is_page_number(line):
    return line["y1"] < MARGIN["top"] and line["text"].isdigit()


def segments(page):
    """Straight lines drawn on the page (table rules, underlines) as (x0, y0, x1, y1)."""
    out = []
    for d in page.get_drawings():
        for item in d["items"]:
            if item[0] == "l":
                p, q = item[1], item[2]
                out.append((min(p.x, q.x), min(p.y, q.y), max(p.x, q.x), max(p.y, q.y)))
            elif item[0] == "re":
                r = item[1]
                if d.get("fill") is not None or min(r.width, r.height) < 2:
                    # A filled box (a table rule drawn as a thin rectangle, a square).
                    out.append((r.x0, r.y0, r.x1, r.y1))
                else:
                    # A stroked frame: its four sides.
                    out += [(r.x0, r.y0, r.x1, r.y0), (r.x0, r.y1, r.x1, r.y1),
                            (r.x0, r.y0, r.x0, r.y1), (r.x1, r.y0, r.x1, r.y1)]
    return out


def words_of(text):
    return [w for w in re.split(r"[\s\u00a0]+", text) if w]


def clean(word):
    return word.strip(PUNCT)


def next_has_number_of(all_lines, k):
    """Whether page k + 1 continues the same part (it carries a page number)."""
    return k + 1 < len(all_lines) and any(is_page_number(l) for l in all_lines[k + 1])


def check(job):
    found = []

    def report(file, page, rule, detail):
        found.append({"job": job["name"], "file": file, "page": page, "rule": rule, "detail": detail})

    vocab = set()
    for w in job["vocabulary"]:
        vocab.add(nfc(w))
        vocab.add(clean(nfc(w)))
    places = [nfc(p).upper() for p in job["places"] if " " in p]
    doc = pymupdf.open(job["pdf"])
    for d in job["documents"]:
        pages = [doc[d["first"] - 1 + k] for k in range(d["pages"])]
        all_lines = [page_lines(p) for p in pages]
        # A form on its own sheet (a certificate): everything inside the frame, nothing
        # overlapping, no broken word; the Decree 30 page rules do not apply.
        sheet = d.get("sheet", False)
        MARGIN = SHEET_MARGIN if sheet else DECREE_MARGIN
        for k, (page, lines) in enumerate(zip(pages, all_lines)):
            w, h = page.rect.width, page.rect.height
            n = k + 1
            # Margins.
            for l in lines:
                if is_page_number(l):
                    continue
                # (PyMuPDF boxes a glyph by its advance: a closing quote or dash, whose ink is
                # narrower, may box 1 pt past the line's end without printing there.)
                if l["x0"] < MARGIN["left"] - 0.5 or l["x1_ink"] > w - MARGIN["right"] + 1.5 \
                        or l["y0"] < MARGIN["top"] - 0.5 or l["y1"] > h - MARGIN["bottom"] + 0.5:
                    report(d["file"], n, "margins", f"{l['text'][:60]!r} at x {l['x0']/MM:.1f}–{l['x1']/MM:.1f} mm, "
                                                    f"y {l['y0']/MM:.1f}–{l['y1']/MM:.1f} mm")
            # Overlapping lines (runs on one baseline, compared across lines).
            body = [l for l in lines if not is_page_number(l)]
            runs = sorted((r for l in body for r in l["runs"]), key=lambda r: r["y0"])
            for i, a in enumerate(runs):
                for b in runs[i + 1:]:
                    if b["y0"] > a["y1"]:
                        break
                    xo = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                    yo = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
                    if xo > 1 and yo > 0.3 * min(a["y1"] - a["y0"], b["y1"] - b["y0"]):
                        report(d["file"], n, "overlap", f"{a['text'][:40]!r} / {b['text'][:40]!r}")
            # Headings, titles, captions (bold or centred lines) and certificates break between
            # words: no word of the list split over two lines, no line opening with a dash.
            mid = (MARGIN["left"] + w - MARGIN["right"]) / 2
            # (A full justified line is centred too: a centred line stands clear of the margin.)
            display = sorted((l for l in body if sheet or l["bold"]
                              or (abs((l["x0"] + l["x1"]) / 2 - mid) < 2 and l["x0"] > MARGIN["left"] + 3)),
                             key=lambda l: l["y0"])
            for a, b in zip(display, display[1:]):
                under = 0 <= b["y0"] - a["y1"] < 0.6 * a["size"] and abs(a["size"] - b["size"]) < 0.2 \
                    and a["bold"] == b["bold"] and min(a["x1"], b["x1"]) > max(a["x0"], b["x0"])
                wa, wb = words_of(a["text"]), words_of(b["text"])
                if not (under and wa and wb):
                    continue
                if wb[0] in ("-", "–") and not a["text"].endswith((";", ".", ":")):
                    report(d["file"], n, "line-starts-with-dash", f"{a['text'][-40:]!r} / {b['text'][:40]!r}")
                pair = fold(f"{wa[-1].lstrip(PUNCT)} {wb[0].rstrip(PUNCT)}")
                # (Where the syllables read either way — "không trăm | năm mươi" — the word the
                # line keeps whole counts.)
                # (Amounts in words — "không trăm | năm mươi" — read as numbers, not words.)
                numeric = all(fold(x.strip(PUNCT)) in NUMBER_WORDS for x in (wa[-1], wb[0]))
                before = numeric or len(wa) > 1 and fold(f"{wa[-2]} {wa[-1]}") in WORDS
                after = len(wb) > 1 and fold(f"{wb[0]} {wb[1]}") in WORDS
                if not wa[-1].endswith(tuple(PUNCT)) and not wb[0].startswith(tuple(PUNCT)) and pair in WORDS \
                        and not before and not after:
                    report(d["file"], n, "split-word", f"{a['text'][-40:]!r} / {b['text'][:40]!r}")
            if sheet:
                continue
            # Justified body lines reach the right margin, except a paragraph's last.
            body_lines = sorted((l for l in body if 13.5 <= l["size"] <= 14.5 and not l["bold"]), key=lambda l: l["y0"])
            for a, b in zip(body_lines, body_lines[1:]):
                continues = abs(b["x0"] - MARGIN["left"]) < 1.5 and 0 <= b["y0"] - a["y1"] < 12
                starts_left = MARGIN["left"] - 1 <= a["x0"] <= MARGIN["left"] + 10 * MM + 2
                centred = abs((a["x0"] + a["x1"]) / 2 - (MARGIN["left"] + w - MARGIN["right"]) / 2) < 1
                if continues and starts_left and not centred and a["x1"] < w - MARGIN["right"] - 2:
                    report(d["file"], n, "short-line", f"{a['text'][-40:]!r} ends {(w - MARGIN['right'] - a['x1'])/MM:.1f} mm short")
            # A title's last line holds more than one word.
            centred = sorted((l for l in body if l["bold"] and l["size"] >= 12.9
                              and abs((l["x0"] + l["x1"]) / 2 - (MARGIN["left"] + w - MARGIN["right"]) / 2) < 2), key=lambda l: l["y0"])
            for a, b in zip(centred, centred[1:]):
                if len(words_of(b["text"])) == 1 and 0 <= b["y0"] - a["y1"] < 8 and abs(a["size"] - b["size"]) < 0.2:
                    report(d["file"], n, "orphan-word", f"{b['text']!r} alone under {a['text'][-40:]!r}")
            # A section heading never ends a page that the document goes on after.
            if k + 1 < len(pages) and next_has_number_of(all_lines, k):
                text_lines = sorted((l for l in body if l["y1"] <= h - MARGIN["bottom"] + 1), key=lambda l: l["y1"])
                if text_lines:
                    last = text_lines[-1]
                    numbered = re.match(r"^([IVX]+|\d+)\. ", last["text"])
                    if numbered and last["bold"] and abs(last["x0"] - MARGIN["left"]) < 1.5 and last["size"] >= 13.5:
                        report(d["file"], n, "heading-alone", f"{last['text'][:60]!r} ends the page")
            # Page use: less than a quarter used, unless the document (or a part of it, such as
            # the letter before its list) ends here.
            next_has_number = k + 1 < len(pages) and any(is_page_number(l) for l in all_lines[k + 1])
            if k + 1 < len(pages) and next_has_number:
                bottoms = [l["y1"] for l in body] + [s[3] for s in segments(page) if s[3] < h - MARGIN["bottom"] + 1]
                used = (max(bottoms) - MARGIN["top"]) / (h - MARGIN["top"] - MARGIN["bottom"]) if bottoms else 0
                if used < 0.25:
                    report(d["file"], n, "page-use", f"{used:.0%} of the page used before the next page")
        # Words broken across lines: every printed word is a word of the data or the forms.
        for k, lines in enumerate(all_lines):
            for l in lines:
                if is_page_number(l):
                    continue
                for word in words_of(l["text"]):
                    c = clean(word)
                    if not c or c in vocab or word in vocab or c.replace(".", "").replace(",", "").isdigit():
                        continue
                    report(d["file"], k + 1, "broken-word", f"{word!r} in {l['text'][:70]!r}")
        # Signature fields: inside the page, nothing printed in the room, the name under it.
        for f in d["fields"]:
            page = pages[f["page"] - 1]
            lines = all_lines[f["page"] - 1]
            w, h = page.rect.width, page.rect.height
            x0, y0, x1, y1 = f["rect"]
            top, bottom = h - y1, h - y0
            if x0 < MARGIN["left"] - 1 or x1 > w - MARGIN["right"] + 1 or top < MARGIN["top"] - 1 \
                    or bottom > h - MARGIN["bottom"] + 1:
                report(d["file"], f["page"], "field-outside", f"{f['signer']}: {f['rect']}")
            for l in lines:
                if l["x1"] > x0 + 1 and l["x0"] < x1 - 1 and l["y1"] > top + 1 and l["y0"] < bottom - 1:
                    report(d["file"], f["page"], "field-covers-text", f"{f['signer']}: {l['text'][:50]!r}")
            for s in segments(page):
                if s[2] > x0 + 1 and s[0] < x1 - 1 and s[3] > top + 1 and s[1] < bottom - 1:
                    report(d["file"], f["page"], "field-crosses-rule", f"{f['signer']}: rule at y {s[1]/MM:.1f} mm")
            first = nfc(f["signer"]).split()[0] if f["signer"].strip() else None
            if first and not any(first in l["text"] and bottom - 2 <= l["y0"] <= bottom + 30 and l["x1"] > x0 and l["x0"] < x1
                                 for l in lines):
                report(d["file"], f["page"], "field-name", f"no {f['signer']!r} right under the room to sign")
        if sheet:
            continue
        # The header grid of the first page.
        lines = all_lines[0]
        national = [l for l in lines if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in l["text"]]
        if national:
            nat = national[0]
            number = [l for l in lines if l["text"].startswith("Số:")]
            date = [l for l in lines if re.search(r", ngày \d\d tháng \d\d? năm", l["text"]) and l["y0"] < nat["y1"] + 40
                    and l["x0"] > nat["x0"] - 60]
            limit = max([l["y1"] for l in number + date] + [nat["y1"] + 30])
            left = [l for l in lines if l["y0"] < limit and l["x1"] < nat["x0"] + 40 and l is not nat
                    and not l["text"].startswith("Số:") and not l["text"].isdigit()]
            for l in left:
                if l["x1"] > nat["x0"] - 1:
                    report(d["file"], 1, "header-column", f"{l['text']!r} runs into the right column")
            left.sort(key=lambda l: l["y0"])
            for a, b in zip(left, left[1:]):
                wa, wb = words_of(a["text"]), words_of(b["text"])
                if wa and wb:
                    pair = f"{wa[-1]} {wb[0]}".upper()
                    for p in places:
                        if re.search(r"(^| )" + re.escape(pair) + r"( |$)", p):
                            report(d["file"], 1, "header-place", f"{p!r} broken: {a['text']!r} / {b['text']!r}")
                            break
            for l in date:
                if not re.search(r", ngày \d\d tháng \d\d? năm \d{4}$", l["text"]):
                    report(d["file"], 1, "date-wraps", f"{l['text']!r}")
            if any(re.fullmatch(r"(năm )?\d{4}", l["text"]) for l in lines if l["y0"] < limit + 20):
                report(d["file"], 1, "date-wraps", "the year stands on a line of its own")
    return found


def main():
    jobs = json.load(sys.stdin)
    found = []
    for job in jobs:
        found.extend(check(job))
    json.dump(found, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
