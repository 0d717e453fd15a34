"""Train the small dependency parsers shipped in ``factcheck/data/parser/<lang>``.

No registry package ships an Indonesian parser that loads offline, so factcheck trains its
own from the Universal Dependencies treebanks in ``../shared/treebanks`` (CC BY-SA). The run
is reproducible: fixed seed, fixed steps, one thread. Usage::

    python training/train_parser.py id [--treebanks ../shared/treebanks] [--steps 2000]

FEATS and XPOS are blanked before conversion so the morphologizer learns UPOS only: frames
need the part of speech, not the morphology, and the smaller label set parses faster.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "factcheck" / "data" / "parser"

# Which treebank files train and which score each language's parser. English has only EWT's
# dev and test here (its train file is missing from the snapshot), so dev trains and test scores.
SPLITS: dict[str, dict[str, list[str]]] = {
    "id": {
        "train": [
            "UD_Indonesian-GSD/id_gsd-ud-dev.conllu",
            "UD_Indonesian-GSD/id_gsd-ud-test.conllu",
            "UD_Indonesian-CSUI/id_csui-ud-train.conllu",
            "UD_Indonesian-PUD/id_pud-ud-test.conllu",
        ],
        "dev": ["UD_Indonesian-CSUI/id_csui-ud-test.conllu"],
    },
    "en": {
        "train": ["UD_English-EWT/en_ewt-ud-dev.conllu"],
        "dev": ["UD_English-EWT/en_ewt-ud-test.conllu"],
    },
}


def _blank_features(src: Path, dst: Path) -> None:
    """Keep form, lemma, UPOS, head and relation; drop XPOS and FEATS; skip multiword rows."""
    with src.open(encoding="utf-8") as fin, dst.open("a", encoding="utf-8") as fout:
        for line in fin:
            if line.strip() and not line.startswith("#"):
                cols = line.rstrip("\n").split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue
                cols[4] = "_"
                cols[5] = "_"
                cols[8] = "_"
                line = "\t".join(cols) + "\n"
            fout.write(line)


def _convert(files: list[str], treebanks: Path, work: Path, name: str) -> Path:
    conllu = work / f"{name}.conllu"
    conllu.unlink(missing_ok=True)
    for f in files:
        _blank_features(treebanks / f, conllu)
    out = work / name
    out.mkdir(exist_ok=True)
    _run([sys.executable, "-m", "spacy", "convert", str(conllu), str(out), "-n", "10", "-c", "conllu"])
    return out / f"{name}.spacy"


def _run(cmd: list[str]) -> None:
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    subprocess.run(cmd, check=True, env=env)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lang", choices=sorted(SPLITS))
    ap.add_argument("--treebanks", type=Path, default=ROOT.parent / "shared" / "treebanks")
    ap.add_argument("--steps", type=int, default=2000)
    # A narrower, shallower tok2vec than spaCy's "efficiency" default (96 wide, depth 4): frames
    # must parse at least 400 sentences/s on one core.
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--depth", type=int, default=2)
    ap.add_argument("--output", type=Path, default=OUT)
    args = ap.parse_args()
    split = SPLITS[args.lang]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        train = _convert(split["train"], args.treebanks, work, "train")
        dev = _convert(split["dev"], args.treebanks, work, "dev")
        cfg = work / "config.cfg"
        _run(
            [
                sys.executable,
                "-m",
                "spacy",
                "init",
                "config",
                str(cfg),
                "--lang",
                args.lang,
                "--pipeline",
                "morphologizer,parser",
                "--optimize",
                "efficiency",
                "--force",
            ]
        )
        out = work / "out"
        _run(
            [
                sys.executable,
                "-m",
                "spacy",
                "train",
                str(cfg),
                "--output",
                str(out),
                "--paths.train",
                str(train),
                "--paths.dev",
                str(dev),
                "--training.max_steps",
                str(args.steps),
                "--training.seed",
                "0",
                "--training.eval_frequency",
                "500",
                "--nlp.batch_size",
                "256",
                "--components.tok2vec.model.encode.width",
                str(args.width),
                "--components.tok2vec.model.encode.depth",
                str(args.depth),
            ]
        )
        best = out / "model-best"
        meta = json.loads((best / "meta.json").read_text())
        target = args.output / args.lang
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(best, target)
        sources = sorted({f.split("/")[0] for files in split.values() for f in files})
        for src in sources:
            shutil.copy(args.treebanks / src / "LICENSE.txt", target / f"LICENSE-{src}.txt")
        scores = {
            k: round(v, 4)
            for k, v in meta.get("performance", {}).items()
            if k in {"pos_acc", "dep_uas", "dep_las"} and v is not None
        }
        (target / "TRAINED.json").write_text(
            json.dumps(
                {
                    "treebanks": split,
                    "steps": args.steps,
                    "seed": 0,
                    "width": args.width,
                    "depth": args.depth,
                    "scores_on_dev": scores,
                },
                indent=2,
            )
            + "\n"
        )
        print(json.dumps(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
