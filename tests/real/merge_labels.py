"""Fold a labelled file into the gold: ``.venv/bin/python tests/real/merge_labels.py LABELLED.json``.

LABELLED.json is what ``factcheck eval --unlabelled FILE`` wrote, with ``label`` (true, update,
false) and ``why`` filled in by a reader; or an object ``{"read", "must_flag", "may_flag",
"labels"}`` from reading a cluster in full. Each entry goes to the gold file of its topic
(``ecbplus/tNN.json``) or to ``kompas-oil.json``. An existing label for the same flag is kept
unless ``--replace`` is given: relabelling should be a deliberate act.
"""

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the clone's eval/ harness

from eval.evaluate import LABELS, flag_key

GOLD = Path(__file__).parent


def gold_file(cluster_or_article: str) -> Path:
    m = re.match(r"t?(\d+)_", cluster_or_article)
    return GOLD / "ecbplus" / f"t{m.group(1)}.json" if m else GOLD / "kompas-oil.json"


def key(entry: dict) -> tuple:
    return flag_key(entry["kind"], entry["claims"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--replace", action="store_true")
    args = ap.parse_args()
    golds: dict[Path, dict] = {}

    def gold(path: Path) -> dict:
        if path not in golds:
            golds[path] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
            if path.parent.name == "ecbplus":
                golds[path].setdefault("topic", path.stem)
            for k in ("read", "must_flag", "may_flag", "labels"):
                golds[path].setdefault(k, [])
        return golds[path]

    for f in args.files:
        data = json.loads(f.read_text(encoding="utf-8"))
        entries = data if isinstance(data, list) else data.get("labels", [])
        if isinstance(data, dict):
            for name in data.get("read", []):
                g = gold(gold_file(name))
                if name not in g["read"]:
                    g["read"].append(name)
            for k in ("must_flag", "may_flag"):
                for item in data.get(k, []):
                    g = gold(gold_file(item["cluster"]))
                    if item not in g[k]:
                        g[k].append(item)
        for e in entries:
            if e.get("label") not in LABELS:
                raise SystemExit(f"{f}: {e.get('message', e)!r} has label {e.get('label')!r}")
            g = gold(gold_file(e["claims"][0]["article"]))
            entry = {
                "kind": e["kind"],
                "claims": [{k: c[k] for k in ("article", "mention", "sentence")} for c in e["claims"]],
                "label": e["label"],
                "why": e.get("why", ""),
            }
            old = {key(x): n for n, x in enumerate(g["labels"])}
            if key(entry) in old:
                if args.replace:
                    g["labels"][old[key(entry)]] = entry
                continue
            g["labels"].append(entry)
    for path, g in golds.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(g, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path}: {len(g['labels'])} labels, {len(g['must_flag'])} must-flag, read {g['read']}")


if __name__ == "__main__":
    main()
