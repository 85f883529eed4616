#!/usr/bin/env python3
"""Layout facts of a PDF, read by an independent parser (PyMuPDF), as JSON on stdout.

Used by the integration tests to check the Decree 30 rules on rendered documents:
for each page its size, every text line (text, bbox, and its spans' font, size, bold,
italic, baseline, colour) and every straight horizontal rule. Units are PDF points, origin top-left.
"""
import json
import sys

import pymupdf


def span(s):
    """A span's facts; its bbox covers the visible characters only (a line's trailing space is
    in the text stream but prints nothing, so it must not count against the margin)."""
    ink = [c for c in s["chars"] if c["c"].strip()]
    if not ink:
        return None
    return {
        "text": "".join(c["c"] for c in s["chars"]),
        "font": s["font"],
        "size": round(s["size"], 2),
        "bold": bool(s["flags"] & 16) or "Bold" in s["font"],
        "italic": bool(s["flags"] & 2) or "Ital" in s["font"],
        "bbox": [round(min(c["bbox"][0] for c in ink), 2), round(s["bbox"][1], 2),
                 round(max(c["bbox"][2] for c in ink), 2), round(s["bbox"][3], 2)],
        "baseline": round(s["origin"][1], 2),
        "colour": "#%06x" % s["color"],
    }


def facts(path):
    doc = pymupdf.open(path)
    out = {"metadata": doc.metadata, "toc": doc.get_toc(), "pages": []}
    for page in doc:
        lines = []
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                spans = [span(s) for s in line["spans"]]
                spans = [s for s in spans if s]
                if spans:
                    lines.append({
                        "text": "".join(c["c"] for s in line["spans"] for c in s["chars"]).strip(),
                        "bbox": [min(s["bbox"][0] for s in spans), min(s["bbox"][1] for s in spans),
                                 max(s["bbox"][2] for s in spans), max(s["bbox"][3] for s in spans)],
                        "spans": spans,
                    })
        rules = []
        for d in page.get_drawings():
            for item in d["items"]:
                if item[0] == "l":
                    p, q = item[1], item[2]
                    if abs(p.y - q.y) < 0.5 and abs(p.x - q.x) > 5:
                        rules.append({"x0": round(min(p.x, q.x), 2), "x1": round(max(p.x, q.x), 2), "y": round(p.y, 2)})
                elif item[0] == "re":
                    r = item[1]
                    if r.height < 1.5 and r.width > 5:
                        rules.append({"x0": round(r.x0, 2), "x1": round(r.x1, 2), "y": round((r.y0 + r.y1) / 2, 2)})
        out["pages"].append({"width": round(page.rect.width, 2), "height": round(page.rect.height, 2),
                             "lines": lines, "rules": rules, "images": len(page.get_images())})
    return out


if __name__ == "__main__":
    json.dump(facts(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=1)
