"""Property-based tests (hypothesis) of the web app's inputs: random JSON bodies, query strings,
ids, pasted text, uploads and form fields. No input may produce a 500; every 4xx has the one
JSON error shape (issue 14). The app is the real one over a real SQLite file, in fast mode."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings, strategies as st

from newsfuse.settings import Settings
from newsfuse.web.app import create_app

from ..readers.test_properties import JSON_VALUES, TEXTS, feeds, html_documents

FAST = Settings(fast=True, max_articles=8, max_upload_bytes=200_000)
PROPS = settings(max_examples=60, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
STORY = ("A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night, the fictional "
         "harbour board said. Firefighters fought the blaze for twelve hours before it was under control.")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("props") / "props.db"
    with TestClient(create_app(FAST, db, warm_models=False), base_url="http://localhost",
                    raise_server_exceptions=False) as c:
        r = c.post("/api/stories", json={"articles": [{"text": STORY, "outlet": "Harbour Courier"}]})
        assert r.status_code == 201, r.text
        c.story_id = r.json()["story"]["id"]
        yield c


def answered(r) -> None:
    """No 500; a 4xx is the JSON error (or the HTML error page for a browser); 2xx/3xx as usual."""
    assert r.status_code < 500, (r.status_code, r.text[:400])
    if r.status_code >= 400 and r.headers.get("content-type", "").startswith("application/json"):
        err = r.json()["error"]
        assert set(err) == {"code", "message", "status"} and err["status"] == r.status_code
        assert err["code"].startswith("NF") and "\n" not in err["message"]


ARTICLE = st.fixed_dictionaries({"text": st.one_of(TEXTS, st.just(STORY), TEXTS.map(lambda t: STORY + " " + t))},
                                optional={"title": TEXTS, "outlet": TEXTS, "date": TEXTS, "url": TEXTS,
                                          "credit": TEXTS, "byline": st.one_of(TEXTS, st.integers())})
BODIES = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries({}, optional={"articles": st.lists(ARTICLE, max_size=3), "title": TEXTS,
                                        "urls": st.lists(TEXTS, max_size=2)}),
)


@PROPS
@given(BODIES)
def test_any_json_body_to_create_and_add(client, body):
    text = json.dumps(body)
    for path in ("/api/stories", f"/api/stories/{client.story_id}/articles"):
        answered(client.post(path, content=text, headers={"content-type": "application/json"}))


@PROPS
@given(st.binary(max_size=2000), st.sampled_from(["application/json", "text/plain", "multipart/form-data",
                                                  "application/x-www-form-urlencoded", ""]))
def test_any_bytes_body(client, data, ctype):
    for path in ("/api/stories", "/stories", f"/stories/{client.story_id}/articles", f"/stories/{client.story_id}/delete"):
        answered(client.post(path, content=data, headers={"content-type": ctype} if ctype else {}))


QUERY_VALUES = st.one_of(TEXTS, st.integers().map(str), st.just("9" * 30), st.just("-1"), st.just(""))


@PROPS
@given(st.dictionaries(st.sampled_from(["q", "limit", "offset", "x"]), QUERY_VALUES, max_size=4))
def test_any_query_string(client, params):
    params = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in params.items()}
    answered(client.get("/api/stories", params=params))
    answered(client.get("/", params=params))


@PROPS
@given(st.one_of(st.integers().map(str), st.text(st.characters(codec="ascii", exclude_characters="/?#"), min_size=1,
                                                   max_size=30)))
def test_any_story_id(client, sid):
    sid = quote(sid, safe="")
    for path in (f"/api/stories/{sid}", f"/api/stories/{sid}/brief", f"/stories/{sid}", f"/stories/{sid}/delete"):
        answered(client.get(path))


@PROPS
@given(st.one_of(TEXTS, html_documents(), feeds(), JSON_VALUES.map(json.dumps)), TEXTS)
def test_any_pasted_text_and_title(client, pasted, title):
    pasted = pasted.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    title = title.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    answered(client.post("/stories", data={"text": pasted, "title": title}, follow_redirects=False))
    answered(client.post("/api/stories", json={"articles": [{"text": pasted}]}))


@PROPS
@given(st.one_of(st.binary(max_size=3000), html_documents().map(lambda d: d.encode("utf-8", "surrogatepass")), feeds().map(
    lambda d: d.encode("utf-8", "replace"))), st.sampled_from(["a.txt", "a.json", "a.html", "a.rss", "a.xyz", "a", ""]))
def test_any_upload(client, data, name):
    answered(client.post("/stories", files=[("files", (name, data, "application/octet-stream"))],
                         follow_redirects=False))
