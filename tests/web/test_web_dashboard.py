"""The dashboard in real headless Chromium against a live uvicorn on a real SQLite corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.webcorpus import Watched

pytestmark = pytest.mark.browser

PAGES = (
    "",
    "#/events",
    "#/timeline",
    "#/map",
    "#/network",
    "#/entities",
    "#/stories",
    "#/search?q=%D9%82%D8%A7%D9%84%D9%86",
)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_page_loads_without_errors(
    dashboard: Watched, lang: str, screenshots: Path, web_corpus
) -> None:
    pages = [*PAGES, f"#/article/{web_corpus.gold_article}", f"#/article/{web_corpus.copy_article}"]
    for i, frag in enumerate(pages):
        dashboard.open(frag, lang=lang if i == 0 else None)
        assert dashboard.page.locator(".error-box").count() == 0, frag
        assert dashboard.page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
        name = (frag.strip("#/").split("?")[0].replace("/", "-") or "home").replace("article-doc", "article")
        dashboard.page.screenshot(path=str(screenshots / f"{lang}-{name[:40]}.png"), full_page=True)
    dashboard.clean()


def test_reader_highlights_entities_and_shows_event_cards_rtl(
    dashboard: Watched, web_corpus, screenshots: Path
) -> None:
    dashboard.open(f"#/article/{web_corpus.gold_article}", lang="ar")
    page = dashboard.page
    body = page.locator(".article-body")
    assert body.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert body.evaluate("el => getComputedStyle(el).textAlign") in ("right", "start")
    kalin = page.locator(".article-body a.mention.ent-PER", has_text="إبراهيم قالن")
    hayya = page.locator(".article-body a.mention.ent-PER", has_text="خليل الحية")
    assert kalin.count() == 1 and hayya.count() == 1
    assert page.locator(".article-body .mention.ent-ORG", has_text="حماس").count() >= 3
    assert page.locator(".article-body .mention.ent-LOC", has_text="إسطنبول").count() == 1
    # PER and LOC highlights have different colours
    per = kalin.evaluate("el => getComputedStyle(el).backgroundColor")
    loc = page.locator(".article-body .mention.ent-LOC").first.evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert per != loc
    cards = page.locator(".reader-side .event-card")
    istanbul = cards.filter(has_text="met Khalil al-Hayya (Hamas) in Istanbul on 2025-12-20")
    miami = cards.filter(has_text="in Miami on 2025-12-19")
    assert istanbul.count() == 1 and miami.count() == 1
    assert istanbul.locator("mark.trigger").inner_text() == "عقد لقاءً"
    assert istanbul.locator(".evidence").evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert "2025-12-20" in istanbul.locator(".ev-meta").inner_text()
    assert istanbul.locator(".n-sources").inner_text() == "2"  # merged over the two outlets
    assert "إسطنبول" in istanbul.locator(".ev-meta").inner_text()
    assert page.locator(".quote-list .quote").count() == 7
    # the English UI keeps the article right to left
    page.click("#lang-switch")
    dashboard.wait()
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.locator(".article-body").evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert (
        page.locator(".reader-side .event-card .ev-summary").first.evaluate(
            "el => getComputedStyle(el).direction"
        )
        == "ltr"
    )
    page.screenshot(path=str(screenshots / "reader-en.png"), full_page=True)
    dashboard.clean()


def test_article_to_entity_to_story(dashboard: Watched, web_corpus, screenshots: Path) -> None:
    dashboard.open(f"#/article/{web_corpus.gold_article}", lang="en")
    page = dashboard.page
    page.locator(".article-body a.mention", has_text="إبراهيم قالن").click()
    dashboard.wait()
    assert page.locator(".entity-head .name-en").inner_text() == "Ibrahim Kalin"
    assert page.locator(".entity-head .name-ar").inner_text() == "إبراهيم قالن"
    assert "TURGOVSPY" in page.locator(".entity-head").inner_text()
    assert page.locator(".partners a", has_text="Khalil al-Hayya").count() == 1
    assert page.locator(".timeline-svg rect.bar").count() >= 1
    page.screenshot(path=str(screenshots / "entity-kalin.png"), full_page=True)
    page.locator(".article-item a.art-title").first.click()
    dashboard.wait()
    page.locator("a.story-link").first.click()
    dashboard.wait()
    reports = page.locator("ol.reports li")
    assert reports.count() == 2
    assert {"العربية", "نسخة-اختبار"} == {reports.nth(i).locator(".outlet").inner_text() for i in range(2)}
    page.screenshot(path=str(screenshots / "story.png"), full_page=True)
    dashboard.clean()


def test_search_box(dashboard: Watched, web_corpus) -> None:
    dashboard.open("", lang="ar")
    page = dashboard.page
    page.fill("#search-input", "قالن")
    page.press("#search-input", "Enter")
    page.wait_for_url("**/#/search?q=*")
    dashboard.wait()
    hits = page.locator("#search-articles a.art-title")
    assert hits.count() >= 2
    assert page.locator("#search-entities a", has_text="إبراهيم قالن").count() == 1
    page.locator(f'#search-articles a[href="#/article/{web_corpus.gold_article}"]').click()
    dashboard.wait()
    assert page.locator(".article-body").count() == 1
    dashboard.clean()


def test_event_filters_and_csv(dashboard: Watched, screenshots: Path) -> None:
    dashboard.open("#/events", lang="en")
    page = dashboard.page
    all_rows = page.locator("#events-table tbody tr").count()
    page.select_option("#f-root", "04")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url("**/#/events?root=04")
    dashboard.wait()
    rows = page.locator("#events-table tbody tr")
    assert 0 < rows.count() < all_rows
    cameos = [rows.nth(i).locator("td").nth(1).inner_text().strip() for i in range(rows.count())]
    assert all(c.startswith("04") for c in cameos), cameos
    href = page.locator("#csv-download").get_attribute("href")
    assert href is not None and "root=04" in href and "format=csv" in href
    resp = page.request.get(dashboard.base + href)
    assert resp.ok and "attachment" in resp.headers["content-disposition"]
    assert len(resp.text().strip().splitlines()) == rows.count() + 1
    page.fill("#f-actor", "Witkoff")
    page.click("#event-filters button[type=submit]")
    dashboard.wait()
    assert "Miami" in page.locator("#events-table").inner_text()
    page.screenshot(path=str(screenshots / "events-filtered.png"), full_page=True)
    dashboard.clean()


def test_map_timeline_network_draw(dashboard: Watched) -> None:
    dashboard.open("#/map", lang="en")
    page = dashboard.page
    assert page.locator(".map-svg .land path").count() > 100
    assert page.locator(".map-svg circle.dot").count() >= 2
    page.locator(".place-list button", has_text="Istanbul").click()
    assert "Ibrahim Kalin" in page.locator(".map-events").inner_text()
    dashboard.open("#/timeline")
    assert page.locator(".timeline-svg rect.bar[data-day='2025-12-19']").count() >= 1
    assert page.locator(".timeline-svg rect.bar[data-day='2025-12-20']").count() >= 1
    dashboard.open("#/timeline?by=plover")
    assert "Consult" in page.locator(".legend").inner_text()
    dashboard.open("#/timeline?root=04")
    legend = page.locator(".legend").inner_text()
    assert "04 Consult" in legend and "01 " not in legend
    assert page.locator("#f-root").input_value() == "04"
    dashboard.open("#/network?actor=Witkoff")
    names = page.locator(".network-svg .node text").evaluate_all("els => els.map((e) => e.textContent)")
    assert "Steve Witkoff" in names and "Hamas" not in names
    dashboard.open("#/network")
    assert page.locator(".network-svg .node").count() >= 4
    assert page.locator(".network-svg line.link").count() >= 3
    dashboard.clean()


def test_hostile_article_renders_inert(dashboard: Watched, web_corpus, screenshots: Path) -> None:
    dashboard.open(f"#/article/{web_corpus.xss_article}", lang="ar")
    page = dashboard.page
    page.wait_for_timeout(300)
    body = page.locator(".article-body").inner_text()
    assert '<script>alert("x1")</script>' in body and 'onerror="alert(2)"' in body
    view = page.locator("#view")
    assert view.locator("script, img, iframe, object").count() == 0
    assert view.locator("[onerror], [onmouseover], [onclick]").count() == 0
    assert view.locator("a[href^='javascript' i]").count() == 0
    # the same data in the lists, the search results and the title
    for frag in ("", "#/search?q=%D8%A7%D9%84%D8%B1%D8%A7%D8%A8%D8%B7", "#/events", "#/entities"):
        dashboard.open(frag)
        assert view.locator("script, img, iframe").count() == 0
        assert view.locator("[onerror], [onmouseover]").count() == 0
    dashboard.open("")
    for i in range(page.locator(".article-item .outlet").count()):
        page.locator(".article-item .outlet").nth(i).hover()  # onmouseover in the outlet name must not fire
    page.screenshot(path=str(screenshots / "hostile-article.png"), full_page=True)
    dashboard.clean()


def test_docs_page_is_offline(dashboard: Watched) -> None:
    dashboard.page.goto(dashboard.base + "/docs")
    dashboard.page.wait_for_selector(".swagger-ui .info", timeout=20000)
    assert "marsad API" in dashboard.page.locator(".swagger-ui .info").inner_text()
    dashboard.clean()


def test_analyze_page_runs_the_pipeline_with_the_write_token(dashboard: Watched, seed_text: str) -> None:
    from tests.conftest import WRITE_TOKEN

    dashboard.open("#/analyze", lang="en")
    page = dashboard.page
    page.fill("#analyze-text", seed_text)
    page.fill("#analyze-published", "2025-12-20")
    page.click(".analyze-form button[type=submit]")
    page.wait_for_selector("#analyze-result[data-ready]")
    assert "write token" in page.locator("#analyze-result .error-box").inner_text()
    dashboard.errors = [
        e for e in dashboard.errors if "401" not in e
    ]  # the browser logs the refused request itself
    page.evaluate("document.getElementById('analyze-result').removeAttribute('data-ready')")
    page.fill("#analyze-token", WRITE_TOKEN)
    page.click(".analyze-form button[type=submit]")
    page.wait_for_selector("#analyze-result[data-ready]")
    body = page.locator("#analyze-result .article-body")
    assert body.count() == 1
    assert body.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert "إبراهيم قالن" in body.inner_text()
    dashboard.clean()


def test_event_card_opens_every_report_of_the_event(dashboard: Watched, web_corpus) -> None:
    dashboard.open(f"#/article/{web_corpus.gold_article}", lang="en")
    page = dashboard.page
    card = page.locator(".reader-side .event-card").filter(has_text="in Istanbul on 2025-12-20")
    card.locator("a.ev-link").click()
    dashboard.wait()
    assert page.url.split("#/")[1].startswith("event/ev-")
    assert "met Khalil al-Hayya" in page.locator(".event-page .ev-summary").inner_text()
    reports = page.locator(".event-page ol.reports li")
    assert reports.count() == 2
    assert "عقد لقاءً" in reports.first.locator("mark.trigger").inner_text()
    dashboard.clean()


def test_closed_reads_ask_for_the_token_then_work(chromium, web_corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from marsad.api.app import create_app
    from tests.webcorpus import LiveServer, Watched

    with LiveServer(create_app(db=web_corpus.url, write_token="w", read_token="reader")) as server:
        context = chromium.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
        web = Watched(context.new_page(), server.base)
        web.open("", lang="en")
        page = web.page
        assert page.locator(".error-box").count() == 1
        page.fill("#token-input", "reader")
        page.click(".token-form button[type=submit]")
        web.wait()
        assert page.locator(".stats .stat").count() == 5
        web.open("#/events?root=04")
        with page.expect_download() as dl:
            page.click("#csv-download")
        saved = tmp_path / "events.csv"
        dl.value.save_as(saved)
        lines = saved.read_text(encoding="utf-8-sig").strip().splitlines()
        assert lines[0].startswith("id,") and len(lines) == page.locator("#events-table tbody tr").count() + 1
        # the first load was refused with 401, which the browser itself logs
        web.errors = [e for e in web.errors if "401" not in e]
        web.clean()
        context.close()


def test_analyze_and_store_adds_the_article(chromium, seed_text: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from marsad.api.app import create_app
    from tests.webcorpus import LiveServer, Watched

    with LiveServer(
        create_app(db=f"sqlite:///{tmp_path / 'w.db'}", write_token="w", read_token="")
    ) as server:
        context = chromium.new_context(viewport={"width": 1200, "height": 900})
        web = Watched(context.new_page(), server.base)
        web.open("", lang="ar")
        page = web.page
        assert page.locator("#empty-corpus").count() == 1  # a fresh corpus says how to fill it
        page.locator("#empty-corpus a").click()
        web.wait()
        page.fill("#analyze-text", seed_text)
        page.fill("#analyze-published", "2025-12-20")
        page.fill("#analyze-outlet", "العربية")
        page.fill("#analyze-token", "w")
        page.click("#analyze-store")
        page.wait_for_selector("#analyze-result[data-ready]", timeout=60000)
        page.locator("#analyze-stored a").click()
        web.wait()
        assert page.locator(".article-body").evaluate("el => getComputedStyle(el).direction") == "rtl"
        assert "العربية" in page.locator(".article-head .outlet").inner_text()
        web.open("")
        assert page.locator(".article-item").count() == 1
        assert page.locator("#empty-corpus").count() == 0
        web.clean()
        context.close()


def test_english_article_reads_left_to_right(chromium, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An English report kept for stories (not analysed) is shown in its own direction and
    language, in the reader and in the article list, while Arabic articles stay right to left."""
    import json

    from marsad.api.app import create_app
    from marsad.ingest.runner import Ingest
    from marsad.store import Store
    from tests.webcorpus import LiveServer, Watched

    root = Path(__file__).resolve().parents[2]
    first = (root / "samples" / "demo-articles-en.jsonl").read_text(encoding="utf-8").splitlines()[0]
    src = tmp_path / "en.jsonl"
    src.write_text(first + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'en.db'}"
    store = Store(url)
    try:
        Ingest(store=store).run([str(src)])
    finally:
        store.close()
    title = json.loads(first)["title"]
    with LiveServer(create_app(db=url, write_token="w", read_token="")) as server:
        context = chromium.new_context(viewport={"width": 1200, "height": 900})
        web = Watched(context.new_page(), server.base)
        web.open("", lang="ar")
        page = web.page
        link = page.locator(".article-item a", has_text=title).first
        assert link.evaluate("el => getComputedStyle(el).direction") == "ltr"  # dir=auto on English text
        link.click()
        web.wait()
        body = page.locator(".article-body")
        assert body.get_attribute("lang") == "en"
        assert body.evaluate("el => getComputedStyle(el).direction") == "ltr"
        web.clean()
        context.close()
