"""Request bodies of the API (pydantic)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AnalyzeRequest(BaseModel):
    text: str = Field(..., min_length=1, description="article text (plain text or HTML)")
    published: str | None = Field(None, description="publication date YYYY-MM-DD")
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
