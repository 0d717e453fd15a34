"""Draw the ECB+ tuning / held-out split once. Run only to reproduce ``split.json``; never redraw it.

The topics are sorted by number, shuffled with a fixed seed, and halved. Choosing the
split before looking at any flag is what keeps held-out figures honest.
"""

import json
import random
import sys
from pathlib import Path

SEED = 20261128


def main(corpus: Path) -> None:
    topics = sorted({p.name.split("_")[0] for p in corpus.glob("t*_ecb*") if p.is_dir()}, key=lambda t: int(t[1:]))
    shuffled = topics[:]
    random.Random(SEED).shuffle(shuffled)
    half = len(shuffled) // 2
    split = {
        "corpus": "corpora/ecbplus-dev",
        "seed": SEED,
        "method": "topics sorted by number, random.Random(seed).shuffle, first half tuning",
        "tuning": sorted(shuffled[:half], key=lambda t: int(t[1:])),
        "heldout": sorted(shuffled[half:], key=lambda t: int(t[1:])),
    }
    (Path(__file__).parent / "split.json").write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")


def kompas(articles: Path) -> dict[str, list[str]]:
    """The Kompas corpus is one topic, so its articles are halved instead, by id, with the same seed."""
    ids = sorted(json.loads(line)["id"] for line in articles.read_text(encoding="utf-8").splitlines() if line.strip())
    random.Random(SEED).shuffle(ids)
    half = len(ids) // 2
    return {"tuning": sorted(ids[:half]), "heldout": sorted(ids[half:])}


if __name__ == "__main__":
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    main(shared / "corpora/ecbplus-dev")
    print(json.dumps(kompas(shared / "corpora/kompas-2014-oil/articles.jsonl"), indent=1))
