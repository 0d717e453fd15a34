"""A figure's own vector: the encoder's contextual vector at the figure's position, its value
replaced by a placeholder word. Two figures then compare by the slot they fill in their sentences
("killed N people" against "a toll of N"), not by their values and not by everything else the
sentence says, which is what the sentence vectors compare.

It needs the encoder's per-token states, which the ONNX graph does not give, so it runs the
sentence-transformers (torch) form of the model; only the learned decision reads it."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from factcheck.types import Mention, Sentence

PLACEHOLDER = "NUMBER"
WINDOW = 20  # words kept either side of the figure: a slot is read from its clause, not the article
MAX_TOKENS = 96
BATCH = 32
_WORD = re.compile(r"\S+")


def context(sentence: Sentence, m: Mention) -> str:
    """The text the figure's vector is read from: its neighbours with the placeholder in its place."""
    rel0, rel1 = m.start - sentence.start, m.end - sentence.start
    left = _WORD.findall(sentence.text[:rel0])[-WINDOW:]
    right = _WORD.findall(sentence.text[rel1:])[:WINDOW]
    return " ".join([*left, PLACEHOLDER, *right])


def vectors(model: object, texts: Sequence[str], prefix: str) -> np.ndarray:
    """Unit vectors, one per text of :func:`context`: the mean of the placeholder's token states
    in the last layer, each text read after ``prefix`` (the model's prompt). Texts are batched by
    length, so padding costs little."""
    import torch

    encoder = model[0]  # type: ignore[index]  # sentence-transformers' Transformer module
    tok, net = encoder.tokenizer, encoder.auto_model
    out = np.zeros((len(texts), net.config.hidden_size), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for b in range(0, len(order), BATCH):
        rows = order[b : b + BATCH]
        batch = [prefix + texts[i] for i in rows]
        enc = tok(
            batch,
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=MAX_TOKENS,
            return_offsets_mapping=True,
        )
        offsets = enc.pop("offset_mapping").tolist()
        with torch.inference_mode():
            states = net(**enc).last_hidden_state
        for j, (text, i) in enumerate(zip(batch, rows, strict=True)):
            at = text.find(PLACEHOLDER, len(prefix))
            end = at + len(PLACEHOLDER)
            tokens = [q for q, (s0, s1) in enumerate(offsets[j]) if s1 > s0 and s0 < end and s1 > at] or [0]
            out[i] = states[j, tokens].mean(0).numpy()
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)
