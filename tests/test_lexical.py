"""The lexical channel's TF-IDF is scikit-learn's, computed without importing scikit-learn."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from factcheck.align import LEXICAL_FEATURES, char_tfidf

CASES = {
    "seed sentences": [
        "Kim Jong Un bertemu Vladimir Putin di Kosmodrom Vostochny pada Rabu (13/9/2023).",
        "Jakarta, IDN Times - Presiden Rusia, Vladimir Putin dan Pemimpin Korea Utara, Kim Jong Un saling "
        "bertukar hadiah senapan saat mereka bertemu di Timur Jauh Rusia, lapor Kremlin pada Kamis (@).",
    ],
    "one- and two-letter words count once, as themselves": ["a b c", "I am at # in a dhow", "AS dan RI"],
    "runs of spaces, tabs and newlines": ["The  larger\tboat,\n\na # dhow ,", "  leading and trailing  "],
    "an empty text and a text with no word": ["", "   ", "# @ #"],
    "accents and other scripts": ["Ünïcode Straße café", "東京 で 地震", "Rp # triliun — naik #%"],
}


@pytest.mark.parametrize("texts", CASES.values(), ids=CASES.keys())
def test_char_tfidf_equals_scikit_learn(texts):
    ours = char_tfidf(texts)
    counts = HashingVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), n_features=LEXICAL_FEATURES, alternate_sign=False, norm=None
    ).transform(texts)
    theirs = TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
    assert ours.shape == theirs.shape
    assert np.abs((ours - theirs).toarray()).max() <= 1e-12
    assert np.allclose(ours.multiply(ours).sum(axis=1).A.ravel()[ours.getnnz(axis=1) > 0], 1.0)
