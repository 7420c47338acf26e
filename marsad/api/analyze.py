"""``POST /api/analyze``: one text through the default pipeline."""

from __future__ import annotations

from typing import Any

from marsad.api.models import AnalyzeRequest
from marsad.api.store import ApiStore
from marsad.ingest.article import document_from_input
from marsad.pipeline import default_pipeline


def analyze_request(store: ApiStore, body: AnalyzeRequest) -> dict[str, Any]:
    doc = document_from_input(
        body.text,
        source="request",
        published=body.published,
        outlet=body.outlet,
        url=body.url,
        title=body.title,
    )
    doc = default_pipeline()(doc)
    return doc.to_dict()
