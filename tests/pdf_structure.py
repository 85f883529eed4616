#!/usr/bin/env python3
"""Structure facts of a PDF, read by an independent parser (pikepdf), as JSON on stdout.

Used by the integration tests to check documents cut out of the complete dossier: for each
page the marked-content ids its content stream uses and the ones its structure tree claims,
structure references to pages outside the file, parent-tree keys against the pages'
/StructParents, the outline, and the metadata as /Info, XMP and /ID tell it.
"""
import base64
import json
import re
import sys

import pikepdf


def marked_ids(page):
    """MCIDs of the marked-content sequences in a page's content stream."""
    ids = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
            if "/MCID" in operands[1]:
                ids.append(int(operands[1].MCID))
    return sorted(ids)


def structure(pdf):
    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    claimed = {i: [] for i in pages.values()}
    outside = 0
    elements = 0

    def walk(elem):
        nonlocal outside, elements
        elements += 1
        pg = elem.get("/Pg")
        kids = elem.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        for kid in kids:
            if isinstance(kid, int):
                if pg is None or pg.objgen not in pages:
                    outside += 1
                else:
                    claimed[pages[pg.objgen]].append(int(kid))
            elif isinstance(kid, pikepdf.Dictionary):
                kind = kid.get("/Type")
                if kind == "/MCR":
                    p = kid.get("/Pg", pg)
                    if p is None or p.objgen not in pages:
                        outside += 1
                    else:
                        claimed[pages[p.objgen]].append(int(kid.MCID))
                elif kind == "/OBJR":
                    p = kid.get("/Pg", pg)
                    if p is None or p.objgen not in pages:
                        outside += 1
                else:
                    walk(kid)

    root = pdf.Root.get("/StructTreeRoot")
    keys = []
    if root is not None:
        top = root.get("/K")
        for elem in (top if isinstance(top, pikepdf.Array) else [top]):
            if isinstance(elem, pikepdf.Dictionary):
                walk(elem)
        nums = root.get("/ParentTree", {}).get("/Nums", [])
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    return {
        "tagged": root is not None,
        "elements": elements,
        "outside": outside,
        "pages": [{"content": marked_ids(p), "tree": sorted(claimed[i]),
                   "struct_parents": int(p.obj.get("/StructParents", -1))} for i, p in enumerate(pdf.pages)],
        "parent_tree_keys": sorted(keys),
    }


def facts(path):
    pdf = pikepdf.open(path)
    meta = pdf.open_metadata()
    raw = pdf.Root.Metadata.read_bytes().decode("utf-8")
    with pdf.open_outline() as outline:
        toc = [[item.title, len(item.children)] for item in outline.root]
    ident = pdf.trailer.get("/ID")
    return {
        "structure": structure(pdf),
        "toc": toc,
        "info": {k[1:]: str(v) for k, v in pdf.docinfo.items()},
        "xmp": {
            "title": meta.get("dc:title"),
            "description": meta.get("dc:description"),
            "keywords": meta.get("pdf:Keywords"),
            "pages": (re.findall(r"<xmpTPg:NPages>(\d+)</xmpTPg:NPages>", raw) or [None])[0],
            "document_id": meta.get("xmpMM:DocumentID"),
            "part": meta.get("pdfaid:part"),
            "conformance": meta.get("pdfaid:conformance"),
        },
        "id": base64.b64encode(bytes(ident[0])).decode() if ident is not None else None,
    }


if __name__ == "__main__":
    json.dump(facts(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=1)
