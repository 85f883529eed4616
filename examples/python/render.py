"""Check and render a hoso dossier through `hoso serve`, as a Python system would.

    python3 render.py http://127.0.0.1:8080 samples/vi-nguoi-ngheo-2023.json ho-so.zip

The dossier goes in a part named `dossier`; every file it names (evidence, signature and seal
images, a certificate's emblem) goes in a part named by the path the dossier gives it, read from
the dossier's folder. Set HOSO_TOKEN when the service runs with --token-file.
"""

import json
import os
import sys

import requests


def named_files(value, out):
    """Every file path a dossier names: evidence lists and *_image fields."""
    if isinstance(value, dict):
        for key, v in value.items():
            if key == "evidence" and isinstance(v, list):
                out.update(p for p in v if isinstance(p, str))
            elif key.endswith("_image") and isinstance(v, str):
                out.add(v)
            else:
                named_files(v, out)
    elif isinstance(value, list):
        for v in value:
            named_files(v, out)
    return out


def main():
    url, dossier_path, out_path = sys.argv[1:4]
    folder = os.path.dirname(os.path.abspath(dossier_path))
    with open(dossier_path, "rb") as f:
        text = f.read()
    files = [("dossier", ("dossier.json", text, "application/json"))]
    for rel in sorted(named_files(json.loads(text), set())):
        with open(os.path.join(folder, rel), "rb") as f:
            files.append((rel, (os.path.basename(rel), f.read())))
    headers = {"Accept-Language": "en"}
    if os.environ.get("HOSO_TOKEN"):
        headers["Authorization"] = "Bearer " + os.environ["HOSO_TOKEN"]

    check = requests.post(url + "/v1/check", files=files, headers=headers, timeout=120)
    check.raise_for_status()
    result = check.json()
    print("valid:", result["valid"])
    for p in result["problems"]:
        print(f"  {p['severity']}: {p['path']}: {p['message']}")
    if not result["valid"]:
        sys.exit(1)

    render = requests.post(url + "/v1/render", files=files, headers=headers, timeout=300)
    if render.status_code == 503:
        print("busy; retry after", render.headers.get("Retry-After"), "s")
        sys.exit(2)
    render.raise_for_status()
    with open(out_path, "wb") as f:
        f.write(render.content)
    print(f"{out_path}: {len(render.content)} bytes")


if __name__ == "__main__":
    main()
