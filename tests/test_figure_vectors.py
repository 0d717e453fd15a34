"""A figure's own vector (``embed.figures``): the text it is read from, and what it separates."""

import numpy as np
import pytest

from factcheck.embed import QUERY_PROMPT, Embedder, figures, load_sentence_transformer
from factcheck.settings import Settings
from factcheck.types import Mention, Sentence


def _at(text: str, figure: str, start: int = 100) -> tuple[Sentence, Mention]:
    i = text.index(figure)
    s = Sentence("a", 0, start, start + len(text), text)
    return s, Mention("number", figure, start + i, start + i + len(figure), 1.0)


# (what, sentence, figure, the text the vector is read from)
CONTEXTS = [
    (
        "the value gives way to the placeholder",
        "Sedikitnya 62 orang meninggal dunia.",
        "62",
        "Sedikitnya NUMBER orang meninggal dunia.",
    ),
    (
        "a figure that opens the sentence",
        "268 people were killed in the quake.",
        "268",
        "NUMBER people were killed in the quake.",
    ),
    (
        "only the words near the figure are kept",
        " ".join(f"w{n}" for n in range(30)) + " fell 150 metres " + " ".join(f"v{n}" for n in range(30)),
        "150 metres",
        " ".join(f"w{n}" for n in range(11, 30)) + " fell NUMBER " + " ".join(f"v{n}" for n in range(20)),
    ),
]


@pytest.mark.parametrize(("what", "sentence", "figure", "expected"), CONTEXTS, ids=[r[0] for r in CONTEXTS])
def test_the_text_a_figure_is_read_from(what, sentence, figure, expected):
    assert figures.context(*_at(sentence, figure)) == expected


def test_two_death_tolls_are_nearer_than_a_toll_and_a_depth():
    model = load_sentence_transformer(Settings())
    texts = [
        figures.context(*_at("An earthquake killed 268 people on Monday.", "268")),
        figures.context(*_at("The death toll from Monday's quake rose to 162.", "162")),
        figures.context(*_at("The quake struck at a depth of 10 kilometres.", "10 kilometres")),
    ]
    v = figures.vectors(model, texts, QUERY_PROMPT)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2]


def test_figure_vectors_are_cached_beside_sentence_vectors(tmp_path):
    """A second run reads a figure's vector from the cache: the torch form is never loaded, and
    the vector is the one the first run stored."""
    settings = Settings(cache_dir=str(tmp_path))
    text = figures.context(*_at("An earthquake killed 268 people on Monday.", "268"))
    first = Embedder(settings).figure_vectors([text])
    again = Embedder(settings)
    assert np.array_equal(again.figure_vectors([text]), first)
    assert again._torch is None and again.embedded == 0
    assert again.encode(["An earthquake killed 268 people on Monday."]).shape == (1, 384)
    assert again.embedded == 1  # a sentence vector is not a figure vector under another name
