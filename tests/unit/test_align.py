from collections import Counter

from pipeline.evaluation.align import align_texts, blocks, edit_counts, top_confusions
from pipeline.evaluation.diffview import Span, low_confidence_spans, side_by_side
from pipeline.evaluation.metrics import cluster_codes
from pipeline.evaluation.score import score_texts


def test_edit_counts_split_kinds():
    c = edit_counts(list("kitten"), list("sitting"))
    assert (c.substitutions, c.deletions, c.insertions, c.distance) == (2, 0, 1, 3)
    assert c.confusions == Counter({("k", "s"): 1, ("e", "i"): 1, ("", "g"): 1})


def test_deletion_counted_as_gold_to_nothing():
    c = edit_counts(list("abc"), list("ac"))
    assert (c.deletions, c.confusions[("b", "")]) == (1, 1)


def test_blocks_cover_both_sequences_in_order():
    g, o = list("Тов. Мао"), list("Тов, Maо!")
    bs = blocks(g, o)
    assert bs[0].gold[0] == 0 and bs[-1].gold[1] == len(g) and bs[-1].ocr[1] == len(o)
    for a, b in zip(bs, bs[1:]):
        assert a.gold[1] == b.gold[0] and a.ocr[1] == b.ocr[0]


def test_top_confusions_most_frequent_first():
    top = top_confusions(Counter({("a", "b"): 1, ("o", "0"): 5, ("e", "c"): 5}), limit=2)
    assert top == [{"gt": "e", "ocr": "c", "count": 5}, {"gt": "o", "ocr": "0", "count": 5}]


def test_side_by_side_marks_each_kind():
    left, right = side_by_side("abcdefgh", "axcdfgh!")
    assert "".join(s.text for s in left) == "abcdefgh"
    assert "".join(s.text for s in right) == "axcdfgh!"
    assert Span("b", "sub", "x") in left and Span("x", "sub", "b") in right
    assert Span("e", "del") in left and Span("", "gap", "e") in right
    assert Span("!", "ins") in right and Span("", "gap", "!") in left


def test_low_confidence_words_found_in_order():
    words = [{"text": "Мао", "confidence": 0.9}, {"text": "Мао", "confidence": 0.2},
             {"text": "нет", "confidence": 0.1}]
    assert low_confidence_spans("Мао и Мао", words, str) == [(6, 9)]
    left, right = side_by_side("Мао и Мао", "Мао и Мао", [(6, 9)])
    assert [s for s in right if s.low] == [Span("Мао", "eq", "", True)]


def test_cluster_codes_one_code_point_per_cluster():
    (g, o), table = cluster_codes("а\u0301б e\u0301", "аб é\U000F0000")
    assert len(g) == 4 and len(o) == 5  # а́ б space é / а б space é <private char>
    assert table[g[0]] == "а\u0301" and g[3] == o[3] == "é"  # NFC é is one code point
    assert "\U000F0000" not in table  # a private character of the text is never a stand-in


def test_alignment_and_view_of_combining_clusters():
    a = align_texts("мо\u0301ре", "море")
    s = score_texts("мо\u0301ре", "море", a)
    assert (s.characters, s.substitutions) == (4, 1)
    assert s.confusions == Counter({("о\u0301", "о"): 1})
    left, right = side_by_side("мо\u0301ре", "море", aligned=a)
    assert "".join(x.text for x in left) == "мо\u0301ре"
    assert Span("о\u0301", "sub", "о") in left
