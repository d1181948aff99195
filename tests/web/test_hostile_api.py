"""Issue 14, items 5 and 7, through the web app: every failure is the JSON error with a 4xx,
never a 500, and never a server path in a message."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from newsfuse.settings import Settings
from newsfuse.store import Store
from newsfuse.web.app import create_app

FAST = Settings(fast=True)
TEXT = ("A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night, the fictional "
        "harbour board said. Firefighters fought the blaze for twelve hours before it was under control.")
DEEP = "[" * 1000 + "]" * 1000
MAX_INT64 = 2**63 - 1


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile") / "hostile.db"


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(FAST, db, warm_models=False), base_url="http://localhost",
                    raise_server_exceptions=False) as c:
        yield c


def assert_4xx(r, status: int | None = None) -> dict:
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:500])
    if status:
        assert r.status_code == status, r.text[:500]
    if r.headers.get("content-type", "").startswith("application/json"):
        err = r.json()["error"]
        assert set(err) == {"code", "message", "status"} and err["status"] == r.status_code
        return err
    return {}


def test_issue_14_deep_json_body(client):
    err = assert_4xx(client.post("/api/stories", content=DEEP, headers={"content-type": "application/json"}))
    assert err["code"] == "NF102"
    body = '{"articles": [{"text": ' + '{"a": ' * 1000 + "1" + "}" * 1000 + "}]}"
    assert_4xx(client.post("/api/stories", content=body, headers={"content-type": "application/json"}))


def test_issue_14_deep_json_pasted_uploaded_and_as_article_text(client):
    err = assert_4xx(client.post("/stories", data={"text": DEEP}), 422)
    assert "nested" in err["message"]
    err = assert_4xx(client.post("/stories", files=[("files", ("d.json", DEEP.encode(), "application/json"))]), 422)
    assert "nested" in err["message"] and "d.json" in err["message"]
    err = assert_4xx(client.post("/api/stories", json={"articles": [{"text": DEEP}]}), 422)
    assert "nested" in err["message"]


def test_issue_14_lone_surrogate_in_json_text(client):
    body = '{"articles": [{"text": "\\udc80 ' + TEXT + '", "outlet": "Harbour \\udc80 Courier"}]}'
    r = client.post("/api/stories", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 201, r.text
    assert r.json()["story"]["outlets"] == ["Harbour \ufffd Courier"]
    pasted = "{\"text\": \"\\udc80 " + TEXT + "\"}"
    r = client.post("/stories", data={"text": pasted}, follow_redirects=False)
    assert r.status_code == 303, r.text
    r = client.post("/stories", files=[("files", ("s.json", pasted.encode(), "application/json"))], follow_redirects=False)
    assert r.status_code == 303, r.text


@pytest.mark.parametrize("path", [
    "/api/stories/99999999999999999999999",
    f"/api/stories/{MAX_INT64 + 1}",
    f"/api/stories/{MAX_INT64}",
    "/api/stories/-1",
    "/api/stories/0",
    "/api/stories/99999999999999999999999/brief",
    "/stories/99999999999999999999999",
    "/stories/99999999999999999999999/delete",
])
def test_issue_14_huge_ids_are_404(client, path):
    err = assert_4xx(client.get(path), 404)
    assert err["code"] == "NF404"
    assert_4xx(client.post("/api/stories/99999999999999999999999/articles", json={"articles": [{"text": TEXT}]}), 404)
    assert_4xx(client.delete("/api/stories/99999999999999999999999"), 404)


@pytest.mark.parametrize("query", ["offset=9223372036854775808", "offset=99999999999999999999999", "offset=-1",
                                   "limit=99999999999999999999999", "q=fire&offset=9223372036854775808"])
def test_issue_14_huge_offsets_are_422(client, query):
    err = assert_4xx(client.get("/api/stories?" + query), 422)
    assert err["code"] == "NF102"
    assert_4xx(client.get("/?" + query.replace("limit", "offset")))


def test_issue_14_search_offset_is_honoured(client):
    ids = []
    for n in range(3):
        r = client.post("/api/stories", json={"title": f"Offset {n}", "articles": [
            {"text": f"Zanzibarian ferries ran late {n} times on Monday. " + TEXT, "outlet": f"Offset Outlet {n}"}]})
        assert r.status_code == 201, r.text
        ids.append(r.json()["story"]["id"])
    pages = [[s["id"] for s in client.get("/api/stories", params={"q": "zanzibarian", "limit": 1, "offset": k})
              .json()["stories"]] for k in range(4)]
    assert pages == [[ids[2]], [ids[1]], [ids[0]], []]
    page = client.get("/", params={"q": "zanzibarian", "offset": 1}).text
    assert f'href="/stories/{ids[2]}"' not in page and f'href="/stories/{ids[1]}"' in page


def test_issue_14_404_does_not_reveal_the_store_path(client, db):
    for r in (client.get("/api/stories/99"), client.get("/api/stories/99/brief"), client.delete("/api/stories/99"),
              client.get("/stories/99"), client.get("/stories/99", headers={"accept": "text/html"}),
              client.post("/api/stories/99/articles", json={"articles": [{"text": TEXT}]})):
        assert r.status_code == 404
        assert str(db) not in r.text and db.name not in r.text and str(db.parent) not in r.text
        assert "no story 99" in r.text


def test_issue_14_huge_title_is_refused_or_shortened(client, db):
    big = "T" * 1_000_000
    err = assert_4xx(client.post("/api/stories", json={"title": big, "articles": [{"text": TEXT}]}), 422)
    assert "title" in err["message"]
    err = assert_4xx(client.post("/stories", data={"title": big, "text": TEXT}), 422)
    assert "title" in err["message"]
    # A title that comes from an article (not typed as the story's title) is shortened.
    r = client.post("/api/stories", json={"articles": [{"text": TEXT, "title": "Huge " * 200_000}]})
    assert r.status_code == 201, r.text
    assert len(r.json()["story"]["title"]) <= FAST.max_title_chars
    home = client.get("/")
    assert len(home.content) < 200_000


def test_issue_14_redirect_to_http_colon_localhost(tmp_path):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(302)
            self.send_header("Location", f"http:localhost:{self.server.server_address[1]}/b")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        settings = FAST.with_(allow_private_urls=True)
        with TestClient(create_app(settings, tmp_path / "r.db", warm_models=False), base_url="http://localhost",
                        raise_server_exceptions=False) as c:
            err = assert_4xx(c.post("/api/stories", json={"urls": [f"http://127.0.0.1:{srv.server_address[1]}/a"]}), 422)
            assert err["code"] == "NF104"
    finally:
        srv.shutdown()
        srv.server_close()


def test_issue_14_keep_alive_survives_a_bad_request(client):
    """A 4xx, unlike the 500 of before, leaves the connection usable."""
    for body in (DEEP, '{"articles": [{"text": "\\ud800"}]}', '{"articles": [{"text": ' + json.dumps("x" * 90) + "}]}"):
        assert client.post("/api/stories", content=body, headers={"content-type": "application/json"}).status_code < 500
    assert client.get("/api/stories").status_code == 200


def test_no_stored_title_is_over_the_limit(client, db):
    with Store(db) as store:
        assert all(len(r.title) <= FAST.max_title_chars for r in store.list_stories(limit=500))
