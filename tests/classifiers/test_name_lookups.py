"""Column-name look-ups by index give what trying every vocabulary word gives."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest

from classifiers import names_vocabulary
from classifiers.decide import words as decide_words
from classifiers.decide.words import Words
from classifiers.names import ordered_tokens
from classifiers.names_vocabulary import column_words, vocabulary

VOCABULARIES = {k: v for k, v in vars(decide_words).items() if isinstance(v, Words)}


def _matches(token: str, stem: str) -> bool:
    """The rule as documented: the token itself, a 4+ letter stem it starts with, a 5+ letter
    stem it ends with."""
    if token == stem:
        return True
    if len(stem) < 4:
        return False
    return token.startswith(stem) or (len(stem) >= 5 and token.endswith(stem))


def _tokens() -> list[str]:
    """Every stem, stems with letters around them, compounds of two stems, and noise."""
    rnd = random.Random(7)
    stems = sorted({s for v in VOCABULARIES.values() for s in v.stems | v.exact})
    made = list(stems)
    for stem in stems:
        made += [f"kunden{stem}", f"{stem}x", f"x{stem}", stem[:-1], stem[1:]]
    made += [a + b for a, b in pairwise(rnd.sample(stems, 400))]
    made += ["".join(rnd.choices("abcdefghijklmnopqrstuvwxyz", k=rnd.randint(1, 14)))
             for _ in range(2000)]  # fmt: skip
    return made


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_matching_is_the_first_stem_longest_first(name: str) -> None:
    words = VOCABULARIES[name]
    for token in _tokens():
        expected = next((s for s in words.longest_first if _matches(token, s)), None)
        assert words.matching(token) == expected, token


def test_column_words_finds_what_trying_every_word_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rnd = random.Random(11)
    phrases = [w.phrase for w in vocabulary()]
    names = ["_".join(p) for p in phrases]
    names += ["Kunden" + "".join(p).title() for p in phrases]
    names += ["_".join(rnd.choice(phrases) + rnd.choice(phrases)) for _ in range(500)]
    names += ["customer_id", "field_12", "nominal_value", "ip_address", "IP-Adresse"]
    indexed = [column_words.__wrapped__(ordered_tokens(name)) for name in names]
    # The same function trying every word of the vocabulary, as it did before the index.
    monkeypatch.setattr(names_vocabulary, "_candidates", lambda tokens: frozenset(vocabulary()))
    for name, got in zip(names, indexed, strict=True):
        assert got == column_words.__wrapped__(ordered_tokens(name)), name
