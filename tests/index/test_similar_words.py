"""Word and sentence meaning from WordLlama's vectors, loaded from the package, never fetched."""

from __future__ import annotations

import numpy as np

from index.analysis.similar_words import (
    SIMILAR_AT,
    _embed,
    _Embeddings,
    _model,
    each_sentence_similarity,
    near_terms,
    near_words,
    sentence_similarities,
    similarities,
)


def test_paraphrases_pass_the_bar_and_topic_neighbours_do_not() -> None:
    (cops, book) = similarities(["police", "trip"], [["cops"], ["book"]])
    assert cops[0] >= SIMILAR_AT and book[1] < SIMILAR_AT


def test_vectors_are_the_models_own_mean_of_token_rows() -> None:
    """Embedding unpadded gives what `WordLlama.embed` gives, for texts of any length."""
    texts = ["cops", "Hamas claimed responsibility for the two suicide bombings in Jerusalem."]
    assert np.allclose(_embed(texts), _model().embed(texts, norm=True), atol=1e-5)


def test_the_sentence_that_says_it_in_other_words_is_nearest() -> None:
    passages = [
        ("Hamas claimed responsibility for the attacks.", "Israel closed the border."),
        ("The cricket season opens in Adelaide on Friday.",),
        (),
    ]
    claimed, cricket, empty = sentence_similarities("who took credit for the bombings", passages)
    assert claimed.sentence > cricket.sentence + 0.1 and empty == (0.0, 0.0)
    # The whole passage, with a sentence about something else, is less near than its best.
    assert cricket.whole < claimed.whole < claimed.sentence


def test_a_passages_whole_meaning_pools_its_sentences_words() -> None:
    sentences = ("Hamas claimed responsibility for the attacks.", "Israel closed the border.")
    (pooled,) = sentence_similarities("who closed the border after the attacks", [sentences])
    whole = (
        _embed([" ".join(sentences)])[0] @ _embed(["who closed the border after the attacks"])[0]
    )
    assert abs(pooled.whole - whole) < 0.02


def test_a_full_cache_starts_again_without_losing_the_texts_asked_for() -> None:
    """A long-running bot fills the cache: the call that overflows it still gets every vector
    it asked for, those it already knew included."""
    vectors = _Embeddings(limit=3)
    vectors(["troops", "killed"])
    both = vectors(["troops", "wounded", "Kursk"])  # 2 known + 2 new > 3: the cache restarts
    assert np.allclose(both, _embed(["troops", "wounded", "Kursk"]), atol=1e-6)


def test_the_cache_gives_each_text_its_own_vector_as_it_grows() -> None:
    """Vectors are kept as rows of a table that grows as texts come: every call gets, in
    the order asked, repeats included, exactly the vectors embedding each text gives."""
    vectors = _Embeddings(limit=100)
    vectors(["troops"])
    words = ["killed", "troops", "wounded", "Kursk", "killed", "border", "drone", "shelling"]
    assert np.array_equal(vectors(words), _embed(words))
    assert np.array_equal(vectors(words[::-1]), _embed(words[::-1]))


def test_a_passage_without_sentences_leaves_the_others_as_they_are_alone() -> None:
    question = "who took credit for the bombings"
    passages = [("Hamas claimed responsibility.", "Israel closed the border."), (), ("Rain.",)]
    together = sentence_similarities(question, passages)
    assert together == [sentence_similarities(question, [p])[0] for p in passages]
    assert together[1] == (0.0, 0.0)


def test_near_words_are_paraphrases_from_the_models_own_words() -> None:
    """Whole words of the model near a question word: "cops" is near "police", "hurt" near
    "injured"; a word is never near itself, nor a topic neighbour ("book" for "trip")."""
    assert "police" in near_words("cops") and "injured" in near_words("hurt")
    assert "cops" not in near_words("cops")
    assert "book" not in near_words("trip")


def test_a_quoted_number_searches_no_other_numbers() -> None:
    """The words nearest "593" are other numbers: the member asked about that figure."""
    assert near_words("593") == () and near_words("2nd") == ()
    assert near_terms("3") == ()


def test_each_sentence_is_compared_on_its_own() -> None:
    sentences = ["Hamas claimed responsibility for the attacks.", "The cricket season opens."]
    question = "who took credit for the bombings"
    each = each_sentence_similarity(question, sentences)
    alone = [near.sentence for near in sentence_similarities(question, [(s,) for s in sentences])]
    assert np.allclose(each, alone, atol=1e-6) and each[0] > each[1]
