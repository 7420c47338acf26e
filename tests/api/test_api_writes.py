"""Writes, tokens and limits: POST /api/analyze runs the real pipeline behind the write token."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.api.app import create_app
from marsad.api.security import TokenPolicy
from marsad.document import Document


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'm.db'}"


def test_analyze_needs_the_write_token(tmp_path: Path, seed_text: str) -> None:
    with TestClient(create_app(db=_db(tmp_path), write_token="s3cret", read_token="")) as c:
        body = {"text": seed_text, "published": "2025-12-20", "outlet": "العربية"}
        r = c.post("/api/analyze", json=body)
        assert r.status_code == 401 and r.json()["error"]["code"] == "E601"
        assert r.headers["www-authenticate"] == "Bearer"
        assert c.post("/api/analyze", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.post("/api/analyze", json=body, headers={"Authorization": "Basic s3cret"}).status_code == 401
        r = c.post("/api/analyze", json=body, headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 200, r.text
        doc = Document.from_dict(r.json())
        assert doc.text == seed_text and doc.published == "2025-12-20" and doc.outlet == "العربية"
        assert doc.check_spans() == []
        assert doc.stages and doc.stages[0].startswith("arabic@")
        assert doc.paragraphs and doc.sentences
        # reads stay open
        assert c.get("/api/stats").status_code == 200


def test_analyze_rejects_bad_input_with_json_errors(tmp_path: Path) -> None:
    with TestClient(create_app(db=_db(tmp_path), write_token="", read_token="")) as c:
        r = c.post("/api/analyze", json={"text": "نص", "published": "not a date"})
        assert r.status_code == 422 and r.json()["error"]["code"] == "E104"
        r = c.post("/api/analyze", json={"text": ""})
        assert r.status_code == 422 and r.json()["error"]["code"] == "E105"
        r = c.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"})
        assert r.status_code == 422 and "Traceback" not in r.text


def test_the_write_token_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_WRITE_TOKEN", "from-env")
    with TestClient(create_app(db=_db(tmp_path))) as c:
        assert c.post("/api/analyze", json={"text": "قال الوزير"}).status_code == 401
        ok = c.post("/api/analyze", json={"text": "قال الوزير"}, headers={"Authorization": "Bearer from-env"})
        assert ok.status_code == 200


def test_read_token_closes_reads_but_not_the_schema(tmp_path: Path) -> None:
    with TestClient(create_app(db=_db(tmp_path), write_token="w", read_token="r")) as c:
        assert c.get("/api/events").status_code == 401
        assert c.get("/api/events", headers={"Authorization": "Bearer nope"}).status_code == 401
        assert c.get("/api/events", headers={"Authorization": "Bearer r"}).status_code == 200
        assert c.get("/api/events", headers={"Authorization": "Bearer w"}).status_code == 200
        # the read token does not write
        r = c.post("/api/analyze", json={"text": "قال"}, headers={"Authorization": "Bearer r"})
        assert r.status_code == 401
        assert c.get("/openapi.json").status_code == 200
        assert c.get("/").status_code == 200


def test_only_hashes_of_tokens_are_kept(tmp_path: Path) -> None:
    app = create_app(db=_db(tmp_path), write_token="plain-write-token", read_token="plain-read-token")
    policy = app.state.tokens
    assert isinstance(policy, TokenPolicy)
    kept = repr(policy) + repr(vars(app.state))
    assert "plain-write-token" not in kept and "plain-read-token" not in kept
    assert policy.allow_write("plain-write-token") and not policy.allow_write("plain-read-token")


def test_request_size_limit(tmp_path: Path) -> None:
    with TestClient(create_app(db=_db(tmp_path), write_token="", read_token="", max_body=2000)) as c:
        r = c.post("/api/analyze", json={"text": "ا" * 5000})
        assert r.status_code == 413 and r.json()["error"]["code"] == "E106"

        def chunks():  # no Content-Length: the limit applies while the body streams in
            for _ in range(10):
                yield b'{"text": "' + b"a" * 500

        r = c.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413


def test_request_time_limit(tmp_path: Path, seed_text: str) -> None:
    with TestClient(
        create_app(db=_db(tmp_path), write_token="", read_token="", timeout=0.01, max_body=10**7)
    ) as c:
        r = c.post("/api/analyze", json={"text": "\n\n".join([seed_text] * 20)})
        assert r.status_code == 503 and r.json()["error"]["code"] == "E603"


def test_security_headers_on_pages_and_api(tmp_path: Path) -> None:
    with TestClient(create_app(db=_db(tmp_path), write_token="", read_token="")) as c:
        for path in ("/", "/api/stats", "/docs"):
            csp = c.get(path).headers["content-security-policy"]
            assert "script-src 'self'" in csp and "unsafe-eval" not in csp


def test_post_article_ingests_into_the_corpus(tmp_path: Path, seed_text: str) -> None:
    url = f"sqlite:///{tmp_path / 'ingest.db'}"
    with TestClient(create_app(db=url, write_token="w", read_token="")) as c:
        body = {
            "text": seed_text,
            "published": "2025-12-20",
            "outlet": "العربية",
            "url": "https://example.org/a",
        }
        assert c.post("/api/articles", json=body).status_code == 401
        r = c.post("/api/articles", json=body, headers={"Authorization": "Bearer w"})
        assert r.status_code == 201, r.text
        first = r.json()
        assert first["status"] == "analysed" and first["summary"]["new"] == 1
        stored = c.get(f"/api/articles/{first['id']}").json()
        assert stored["text"] == seed_text and stored["outlet"] == "العربية"
        assert c.get("/api/stats").json()["articles"] == 1
        # the same text from another outlet: an exact duplicate, linked to the first
        again = dict(body, outlet="الجزيرة", url="https://example.org/b")
        dup = c.post("/api/articles", json=again, headers={"Authorization": "Bearer w"}).json()
        assert dup["status"] == "duplicate" and dup["duplicate_of"] == first["id"]
        bad = c.post(
            "/api/articles", json=dict(body, published="20/12/2025"), headers={"Authorization": "Bearer w"}
        )
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "E104"


def test_405_allow_lists_every_method_of_the_path(tmp_path: Path) -> None:
    # GET /api/articles (read router) and POST /api/articles (write router) are two routes; the 405
    # of a third method must name both, as the schema does (schemathesis ST205)
    with TestClient(create_app(db=_db(tmp_path), write_token="w", read_token="")) as c:
        schema = c.get("/openapi.json").json()
        for path in ("/api/articles", "/api/events", "/api/analyze"):
            documented = {m.upper() for m in schema["paths"][path]}
            r = c.request("PUT", path)
            assert r.status_code == 405 and r.json()["error"]["code"] == "E600", (path, r.text)
            allowed = {m.strip() for m in r.headers["allow"].split(",")}
            assert documented <= allowed and "PUT" not in allowed, (path, allowed, documented)
        assert {"GET", "POST"} <= {m.strip() for m in c.request("DELETE", "/api/articles").headers["allow"].split(",")}
