"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

ARABIC_ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"  # letters and hamza forms
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"  # diacritics
    "\u0640"  # tatweel
    "\u200e\u200f\u202b\u202c\u2067\u2069\u200b\u200c\u200d\ufeff"  # bidi and zero-width
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹0123456789"  # digits
    "،؛؟«»“”\" .-\n"
    "ﻻﷲﺍ"  # presentation forms
)
arabic_text = st.text(alphabet=ARABIC_ALPHABET, max_size=200)

WORDS = [
    "قال", "وزير", "الخارجية", "التركي", "إبراهيم", "قالن", "وتركيا", "بإسطنبول", "اليوم", "السبت",
    "أمس", "الجمعة", "«المرحلة", "الثانية»", "مُحَمَّدٌ", "٣", "2025", "،", ".", "؟", "\n", "\n\n",
    "مـــصـر", "\u200f", "Reuters", "(د", "ب", "أ)", "-", ":",
]
arabic_article = st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join)
