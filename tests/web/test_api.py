"""The JSON API and the pages against the real app and a real SQLite file (fast mode)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsfuse.readers import read_articles
from newsfuse.schema import validate_brief
from newsfuse.settings import Settings
from newsfuse.web.app import create_app

from .conftest import article_payload

FAST = Settings(fast=True)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web") / "news.db"


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    with TestClient(create_app(FAST, db), base_url="http://localhost") as c:
        yield c


@pytest.fixture(scope="module")
def example_story(client, example_payload) -> dict:
    r = client.post("/api/stories", json={"articles": example_payload})
    assert r.status_code == 201, r.text
    return r.json()


def story_count(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("select count(*) from stories").fetchone()[0]


def assert_error(r, status: int, code: str | None = None) -> dict:
    """Every error has one shape: {"error": {"code", "message", "status"}}."""
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert set(err) == {"code", "message", "status"}, err
    assert err["status"] == status and re.fullmatch(r"NF\d{3}", err["code"]) and err["message"]
    if code:
        assert err["code"] == code, err
    return err


def test_create_story_returns_a_valid_brief(example_story):
    story, brief = example_story["story"], example_story["brief"]
    assert story["article_count"] == 5
    assert set(story["outlets"]) >= {"Harbour Courier", "Valley Ledger", "Elling Daily News"}
    validate_brief(brief)
    assert brief["schema"] == "newsfuse.brief/1"
    assert len(brief["sources"]) == 5 and brief["summary"]
    assert brief["meta"]["mode"] == "fast"


def test_brief_endpoint_serves_the_stored_brief(client, example_story):
    sid = example_story["story"]["id"]
    r = client.get(f"/api/stories/{sid}/brief")
    assert r.status_code == 200
    assert r.json()["summary"] == example_story["brief"]["summary"]
    r = client.get(f"/api/stories/{sid}")
    assert r.status_code == 200
    assert [a["outlet"] for a in r.json()["articles"]] == [s["outlet"] for s in example_story["brief"]["sources"]]


def test_list_is_newest_first_and_search_uses_article_text(client, example_story, example_payload):
    second = client.post("/api/stories", json={"title": "Second story", "articles": example_payload[:2]})
    assert second.status_code == 201
    ids = [s["id"] for s in client.get("/api/stories").json()["stories"]]
    assert ids.index(second.json()["story"]["id"]) < ids.index(example_story["story"]["id"])
    found = client.get("/api/stories", params={"q": "vigil"}).json()["stories"]
    assert example_story["story"]["id"] in [s["id"] for s in found]
    assert client.get("/api/stories", params={"q": "zeppelin"}).json()["stories"] == []
    for hostile in ['a" OR', "*", "NEAR(", "grain AND", "'; drop table stories; --"]:
        r = client.get("/api/stories", params={"q": hostile})
        assert r.status_code == 200, (hostile, r.text)


def test_adding_articles_rebuilds_the_brief(client, example_payload, web_fixtures):
    created = client.post("/api/stories", json={"articles": example_payload[:3]}).json()
    sid = created["story"]["id"]
    extra = {"text": (web_fixtures / "bayside_gazette.txt").read_text(), "outlet": "Bayside Gazette"}
    r = client.post(f"/api/stories/{sid}/articles", json={"articles": [extra]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["added"] == 1 and body["story"]["article_count"] == 4
    assert "Bayside Gazette" in [s["outlet"] for s in body["brief"]["sources"]]
    assert len(created["brief"]["sources"]) == 3
    assert client.get(f"/api/stories/{sid}/brief").json()["sources"] == body["brief"]["sources"]
    again = client.post(f"/api/stories/{sid}/articles", json={"articles": [extra]}).json()
    assert again["added"] == 0 and again["story"]["article_count"] == 4


def test_delete_story(client, example_payload):
    sid = client.post("/api/stories", json={"articles": example_payload[:2]}).json()["story"]["id"]
    assert client.delete(f"/api/stories/{sid}").status_code == 204
    assert_error(client.get(f"/api/stories/{sid}/brief"), 404, "NF404")
    assert_error(client.delete(f"/api/stories/{sid}"), 404, "NF404")
    assert sid not in [s["id"] for s in client.get("/api/stories").json()["stories"]]


@pytest.mark.parametrize(
    "body",
    [
        {"articles": [{"text": "   "}]},
        {"articles": [{"text": "Too short."}]},
        {"articles": []},
        {"articles": [{"title": "no text"}]},
        {"articles": [{"text": "x" * 200, "colour": "red"}]},
        {"urls": ["file:///etc/passwd"]},
        {"urls": ["javascript:alert(1)"]},
    ],
)
def test_bad_input_is_422_and_stores_nothing(client, db, body):
    before = story_count(db)
    assert_error(client.post("/api/stories", json=body), 422)
    assert story_count(db) == before


def test_malformed_json_is_422(client, db):
    before = story_count(db)
    r = client.post("/api/stories", content=b'{"articles": [', headers={"content-type": "application/json"})
    assert_error(r, 422, "NF102")
    assert story_count(db) == before


def test_unknown_story_and_route_are_404(client):
    assert_error(client.get("/api/stories/999999/brief"), 404, "NF404")
    assert_error(client.post("/api/stories/999999/articles", json={"articles": [{"text": "y" * 300}]}), 404, "NF404")
    assert_error(client.get("/api/nothing-here"), 404)


def test_limits_are_413_and_store_nothing(tmp_path, example_payload):
    db = tmp_path / "limits.db"
    settings = FAST.with_(max_articles=3, max_upload_bytes=20_000)
    with TestClient(create_app(settings, db, warm_models=False), base_url="http://localhost") as c:
        assert_error(c.post("/api/stories", json={"articles": example_payload[:4]}), 413, "NF105")
        big = {"articles": [{"text": "The fictional harbour board met again. " * 1000}]}
        assert_error(c.post("/api/stories", json=big), 413, "NF105")

        def chunks():  # no Content-Length: counted while it streams
            yield b'{"articles": [{"text": "'
            for _ in range(100):
                yield b"y" * 1000
            yield b'"}]}'

        r = c.post("/api/stories", content=chunks(), headers={"content-type": "application/json"})
        assert_error(r, 413, "NF105")
        files = [("files", (f"a{i}.txt", f"Story {i}. " + "The board met again on Monday. " * 10, "text/plain")) for i in range(4)]
        assert_error(c.post("/stories", files=files), 413, "NF105")
        sid = c.post("/api/stories", json={"articles": example_payload[:3]}).json()["story"]["id"]
        assert_error(c.post(f"/api/stories/{sid}/articles", json={"articles": example_payload[3:4]}), 413, "NF105")
        assert c.get(f"/api/stories/{sid}").json()["story"]["article_count"] == 3
    assert story_count(db) == 1


def test_page_flow_without_javascript(client, example_dir):
    home = client.get("/")
    assert home.status_code == 200 and 'action="/stories"' in home.text and 'name="q"' in home.text
    texts = [(example_dir / n).read_text() for n in ("harbour_courier.txt", "northshore_radio.txt")]
    pasted = texts[0] + "\n---\nOutlet: Valley Ledger\n" + (example_dir / "valley_ledger.txt").read_text()
    files = [("files", ("coastal_times.html", (example_dir / "coastal_times.html").read_bytes(), "text/html")),
             ("files", ("northshore_radio.txt", texts[1].encode(), "text/plain"))]
    r = client.post("/stories", data={"text": pasted, "title": "Pier 4 fire"}, files=files, follow_redirects=False)
    assert r.status_code == 303, r.text
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    html = page.text
    assert "<h1>Pier 4 fire</h1>" in html  # the title given in the form
    assert 'id="summary"' in html and "Valley Ledger" in html and "Northshore Radio" in html
    links = set(re.findall(r'href="#(s\d+-s\d+)"', html))
    anchors = set(re.findall(r'id="(s\d+-s\d+)"', html))
    assert links and links <= anchors, links - anchors
    listed = client.get("/")
    assert r.headers["location"] in listed.text


def test_binary_upload_is_422_page(client, db):
    before = story_count(db)
    r = client.post("/stories", files=[("files", ("photo.txt", bytes(range(256)) * 40, "text/plain"))],
                    headers={"accept": "text/html"})
    assert r.status_code == 422
    assert "Nothing was stored" in r.text and "photo.txt" in r.text
    assert story_count(db) == before


def test_article_text_is_escaped_everywhere(client, web_fixtures):
    raw = (web_fixtures / "hostile.txt").read_text()
    r = client.post("/stories", data={"text": raw}, follow_redirects=False)
    assert r.status_code == 303, r.text
    sid = int(r.headers["location"].rsplit("/", 1)[1])
    pages = {
        "story": client.get(f"/stories/{sid}").text,
        "home": client.get("/").text,
        "search": client.get("/", params={"q": "Lowmere"}).text,
        "search-query": client.get("/", params={"q": '<script>alert(1)</script> "x" &amp;'}).text,
    }
    for name, html in pages.items():
        assert "<script>alert(1)" not in html, name
        assert "<b>stop</b>" not in html and "<Weekly>" not in html, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["story"]
    assert "&amp;amp;" in pages["story"]  # the literal text "&amp;" shown as typed
    assert "&#34;" in pages["story"] or "&quot;" in pages["story"]
    assert "Tag &amp; Test &lt;Weekly&gt;" in pages["home"]
    assert "&lt;script&gt;" in pages["search-query"]
    data = client.get(f"/api/stories/{sid}").json()
    text = data["articles"][0]["text"]
    assert "<script>alert(1)</script>" in text and "&amp;" in text and '"old"' in text
    assert data["articles"][0]["outlet"] == "Tag & Test <Weekly>"
    brief = client.get(f"/api/stories/{sid}/brief")
    assert brief.headers["content-type"].startswith("application/json")
    assert json.loads(brief.text)["sources"][0]["outlet"] == "Tag & Test <Weekly>"


def test_openapi_documents_the_api(client):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    assert {"post", "get"} <= set(paths["/api/stories"])
    assert "delete" in paths["/api/stories/{story_id}"]
    assert "get" in paths["/api/stories/{story_id}/brief"]
    assert "post" in paths["/api/stories/{story_id}/articles"]
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static/swagger-ui/swagger-ui-bundle.js" in page.text and "cdn" not in page.text.lower()
    script = client.get("/static/swagger-ui/swagger-ui-bundle.js")  # served locally: /docs works offline
    assert script.status_code == 200 and len(script.content) > 100_000


def test_issue_16_the_bundled_swagger_ui_reads_the_schema_version_served(client):
    """Swagger UI reads OpenAPI 3.1 from version 5 on; the 4.x of swagger-ui-bundle said "Unable to render"."""
    from swagger_ui_bundle import swagger_ui_path

    served = client.get("/openapi.json").json()["openapi"]
    ui_major = int(Path(swagger_ui_path).name.removeprefix("swagger-ui-").split(".")[0])
    assert served.startswith("3.1") and ui_major >= 5
    assert client.get("/static/swagger-ui/swagger-ui.css").status_code == 200


def test_default_mode_brief_with_the_embedding_model(tmp_path, example_payload):
    """One story through the full pipeline (MiniLM embeddings), models loaded at start-up."""
    with TestClient(create_app(Settings(), tmp_path / "default.db"), base_url="http://localhost") as c:
        r = c.post("/api/stories", json={"articles": example_payload})
        assert r.status_code == 201, r.text
        brief = r.json()["brief"]
        validate_brief(brief)
        assert brief["meta"]["mode"] == "default"
        assert any(len(s["sources"]) >= 2 for s in brief["summary"])
        assert any(len(q["sources"]) >= 2 for q in brief["quotes"])


@pytest.fixture(scope="module")
def article_server(example_dir):
    """A local HTTP server on 127.0.0.1 serving the example's HTML page."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = (example_dir / "coastal_times.html").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/coastal.html":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_story_from_a_url(tmp_path, article_server, example_payload):
    url = article_server + "/coastal.html"
    with TestClient(create_app(FAST.with_(allow_private_urls=True), tmp_path / "urls.db", warm_models=False), base_url="http://localhost") as c:
        r = c.post("/api/stories", json={"urls": [url], "articles": example_payload[1:3]})
        assert r.status_code == 201, r.text
        sources = r.json()["brief"]["sources"]
        assert len(sources) == 3 and "The Coastal Times" in [s["outlet"] for s in sources]
    db = tmp_path / "private.db"
    with TestClient(create_app(FAST, db, warm_models=False), base_url="http://localhost") as c:  # loopback refused by default
        assert_error(c.post("/api/stories", json={"urls": [url], "articles": example_payload[1:3]}), 422, "NF104")
        assert c.get("/api/stories").json()["stories"] == []


def test_issue_16_search_shows_a_snippet_escaped_with_the_words_marked(client, example_story):
    found = client.get("/api/stories", params={"q": "vigil"}).json()["stories"]
    (story,) = [s for s in found if s["id"] == example_story["story"]["id"]]
    assert "vigil" in story["snippet"].lower()
    assert client.get("/api/stories").json()["stories"][0]["snippet"] is None
    hostile = {"title": "Hostile", "articles": [{"outlet": "Sly Post", "text": (
        "The zanzibarine <script>alert(1)</script> council met on Tuesday night in the fictional harbour town "
        "and voted to rebuild the pier that burned, the mayor said after the meeting closed.")}]}
    assert client.post("/api/stories", json=hostile).status_code == 201
    page = client.get("/", params={"q": "zanzibarine"}).text
    assert '<p class="snippet">' in page and "<mark>zanzibarine</mark>" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_issue_16_story_page_shows_figures_and_weeks_as_the_writers_do(client):
    bridge = Path(__file__).resolve().parents[1] / "fixtures" / "content" / "bridge"
    articles = [article_payload(a) for a in read_articles([str(bridge)], settings=FAST)]
    r = client.post("/api/stories", json={"articles": articles})
    assert r.status_code == 201, r.text
    page = client.get(f"/stories/{r.json()['story']['id']}").text
    assert "<strong>20-25 tonnes</strong>" in page and "<strong>$4.5 million</strong>" in page
    assert '<time datetime="2026-W11">the week of 9 March 2026</time>' in page
    assert "unknown outlet" in page and "7f3a9c01d2e4b5a6" not in page  # a file's id is no outlet


def test_story_page_marks_partial_citations(client, example_story):
    story, brief = example_story["story"], example_story["brief"]
    partial = [(c["source"], c["sentence"]) for s in brief["summary"] for c in s["citations"] if c["support"] == "partial"]
    assert partial, "the example's summary cites some outlets only in part"
    html = client.get(f"/stories/{story['id']}").text
    for sid, sentence in partial:
        assert re.search(rf'<a class="cite partial" href="#{sid}-s{sentence}"[^>]*>[^<]+ \(partly\)</a>', html), (sid, sentence)


def test_story_page_says_the_disagreement_in_the_summary_with_each_value_cited(client, example_story):
    story, brief = example_story["story"], example_story["brief"]
    (x,) = brief["disagreements"]
    html = client.get(f"/stories/{story['id']}").text
    summary = html.split('<section id="summary">', 1)[1].split("</section>", 1)[0]
    assert "The reports disagree on the number of firefighters injured:" in summary
    for v in x["values"]:
        (c,) = v["citations"]
        assert re.search(rf'<strong>{v["display"]}</strong> <span class="cites"><a class="cite" href="#{c["source"]}-s{c["sentence"]}"', summary), v
    assert re.search(r"</a></span> against <strong>3 firefighters</strong>", summary)
