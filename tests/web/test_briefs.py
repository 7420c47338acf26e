"""Briefs, themes and counts where users look (issue #10): the API and the dashboard."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.webcorpus import Watched


def _story_id(api_client, article: str) -> str:  # type: ignore[no-untyped-def]
    page = api_client.get("/api/stories", params={"article": article}).json()
    assert page["items"], page
    return page["items"][0]["id"]


def test_api_article_and_story_briefs(api_client, web_corpus) -> None:  # type: ignore[no-untyped-def]
    doc = api_client.get(f"/api/articles/{web_corpus.gold_article}").json()
    assert "Ibrahim Kalin" in doc["brief_en"] and "Miami" in doc["brief_en"]
    assert doc["summary_ar"] and all(0 <= r["start"] < r["end"] <= len(doc["text"]) for r in doc["summary_ar"])
    story = api_client.get(f"/api/stories/{_story_id(api_client, web_corpus.gold_article)}").json()
    brief = story["brief"]
    assert any("Ibrahim Kalin" in x and "العربية" in x for x in brief["events"]), brief
    assert any("disagree on the date" in d and "2025-12-18" in d for d in brief["disagreements"]), brief


def test_map_points_carry_fatalities(api_client) -> None:  # type: ignore[no-untyped-def]
    points = api_client.get("/api/geo").json()["points"]
    assert points and all("fatalities" in p and "injured" in p for p in points)


@pytest.mark.browser
def test_dashboard_shows_brief_summary_and_story_brief(
    dashboard: Watched, web_corpus, api_client, screenshots: Path
) -> None:
    dashboard.open(f"#/article/{web_corpus.gold_article}", lang="en")
    brief = dashboard.page.locator("p.brief")
    assert "Ibrahim Kalin" in brief.inner_text()
    assert dashboard.page.locator("ol.summary-ar li").count() >= 1
    dashboard.page.screenshot(path=str(screenshots / "en-article-brief.png"), full_page=True)
    dashboard.open(f"#/story/{_story_id(api_client, web_corpus.gold_article)}")
    assert dashboard.page.locator("ul.story-brief li").count() >= 1
    assert "disagree" in dashboard.page.locator(".disagree").inner_text()
    dashboard.page.screenshot(path=str(screenshots / "en-story-brief.png"), full_page=True)
    dashboard.clean()
