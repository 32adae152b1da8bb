"""Classifier data: Debian package descriptions (English from Translation-en, Simplified Chinese from
Translation-zh_CN) labelled by the package's Debian Section (from the Packages index), for a handful
of clearly separable groups of sections. Input: models/.cache/apt/{Packages,Translation-en,
Translation-zh_CN} (plain text; build-all.sh fetches them with apt-get update and
Acquire::Languages=en,zh_CN and decompresses them). Output: models/.cache/pkgdesc.tsv with rows
    lang \t label \t split \t package \t text
where text is the short description, then the long description (paragraph marks " ." dropped, lines
joined), and split is "test" when md5(source package) % 5 == 0, else "train" (both languages of a
package, and all binary packages of one source, land in the same split).

Roughly balanced: English keeps at most EN_PER_LABEL descriptions per label (the ones with the smallest
md5(package)); duplicated texts are kept once. Chinese keeps every translated package of those sections.

Usage: /usr/bin/python3 models/build/extract_pkgdesc.py
"""
import hashlib
import os
import re

MODELS = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
APT = os.path.join(MODELS, ".cache", "apt")
OUT = os.path.join(MODELS, ".cache", "pkgdesc.tsv")

# label -> Debian sections (main, bookworm)
LABEL_SECTIONS = {
    "games": ["games"],
    "multimedia": ["sound", "video"],
    "graphics": ["graphics"],
    "science": ["science", "math"],
    "network": ["net", "mail", "web"],
    "programming": ["devel", "vcs", "interpreters"],
}
LABELS = list(LABEL_SECTIONS)
SECTION_LABEL = {s: l for l, ss in LABEL_SECTIONS.items() for s in ss}
EN_PER_LABEL = 1200


def stanzas(path):
    cur, key = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur:
                    yield cur
                cur, key = {}, None
            elif line[0] in " \t":
                cur[key] += "\n" + line
            else:
                key, _, value = line.partition(":")
                cur[key] = value.strip()
    if cur:
        yield cur


def md5(s):
    return int(hashlib.md5(s.encode("utf-8")).hexdigest(), 16)


def description(value):
    lines = value.split("\n")
    short = lines[0].strip()
    body = [l.strip() for l in lines[1:] if l.strip() not in (".", "")]
    text = " ".join([short + ("" if re.search(r"[.。!！?？:：]$", short) else ".")] + body)
    text = re.sub(r"([\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def main():
    section, source = {}, {}
    for s in stanzas(os.path.join(APT, "Packages")):
        section[s["Package"]] = s.get("Section", "").split("/")[-1]
        source[s["Package"]] = s.get("Source", s["Package"]).split(" ")[0]
    rows = []
    for lang, fname, field in (("en", "Translation-en", "Description-en"), ("zh", "Translation-zh_CN", "Description-zh_CN")):
        candidates = {l: [] for l in LABELS}
        for s in stanzas(os.path.join(APT, fname)):
            pkg = s["Package"]
            label = SECTION_LABEL.get(section.get(pkg))
            if label is None or field not in s:
                continue
            candidates[label].append((md5(pkg), pkg, description(s[field])))
        for label in LABELS:
            seen = set()
            kept = 0
            for _, pkg, text in sorted(candidates[label]):
                if text in seen or len(text) < 10:
                    continue
                seen.add(text)
                split = "test" if md5(source[pkg]) % 5 == 0 else "train"
                rows.append((lang, label, split, pkg, text.replace("\t", " ")))
                kept += 1
                if lang == "en" and kept >= EN_PER_LABEL:
                    break
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")
    for lang in ("en", "zh"):
        for split in ("train", "test"):
            counts = {l: sum(1 for r in rows if r[0] == lang and r[2] == split and r[1] == l) for l in LABELS}
            print(lang, split, counts)


if __name__ == "__main__":
    main()
