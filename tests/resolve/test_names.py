from __future__ import annotations

import time

from marsad.resolve.names import romanize


def test_long_runs_of_names_are_romanized_in_chunks_quickly() -> None:
    # a list of 26 people written without separators (SaudiNewsNet sabq.org/UrDgde) once took
    # > 30 s and 3 GB in the romanizer's ranking
    names = ("سطام ضيف الله دراج أكرم حسين الأمير مفرح علي السليماني محمد البدر الشاجري هادي مؤنس شويهي "
             "أحمد علي آل سلطان عسر إسماعيل الجوهري منصور حسن عطيف سلطان أحمد واصلي قاري عبده قاري")
    t0 = time.monotonic()
    out = romanize(names)
    assert time.monotonic() - t0 < 10
    assert out and len(out.split()) >= len(names.split()) // 2
    assert romanize("") is None
