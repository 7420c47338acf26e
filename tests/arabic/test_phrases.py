from __future__ import annotations

from marsad.arabic.phrases import PhraseMatcher, _candidates
from marsad.arabic.tokenize import tokenize


def test_starts_at_and_the_fast_exit_agree_with_the_candidates(seed_text: str) -> None:
    pm = PhraseMatcher({"وزارة الخارجية": "org", "مقتل": "kill", "غزة": "place", "قطاع غزة": "place2"})
    toks = tokenize(seed_text + " ولمقتل وبغزة والمقتل")
    found = 0
    for i, tok in enumerate(toks):
        may = any(c in pm for c in _candidates(tok))
        assert pm.starts_at(tok) == may
        m = pm.match_at(toks, i)
        if m is not None:
            found += 1
            assert may
    assert found >= 3
    assert [m.value for m in pm.find_all(tokenize("ولمقتل في قطاع غزة"))] == ["kill", "place2"]
    assert pm.first_words() == frozenset({"وزاره", "مقتل", "غزه", "قطاع"})
