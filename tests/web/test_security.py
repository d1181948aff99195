"""Issue 14, item 1: cross-site request forgery, deletion without confirmation, missing
security headers, and an unchecked ``Host`` header, against the real app over a real SQLite file."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from newsfuse.readers import read_articles
from newsfuse.settings import Settings
from newsfuse.store import Store
from newsfuse.web.app import create_app

FAST = Settings(fast=True)
BASE = "http://localhost"


@pytest.fixture(scope="module")
def articles(example_dir):
    return read_articles([str(example_dir)], settings=FAST)


@pytest.fixture()
def db(tmp_path):
    return tmp_path / "csrf.db"


@pytest.fixture()
def client(db):
    with TestClient(create_app(FAST, db, warm_models=False), base_url=BASE) as c:
        yield c


def new_story(db, articles, n: int = 2) -> int:
    with Store(db) as store:
        return store.create_story(articles[:n], title="Pier 4 fire")


def story_ids(db) -> list[int]:
    with Store(db) as store:
        return [r.id for r in store.list_stories(limit=500)]


CROSS_SITE = [
    {"origin": "http://evil.example"},
    {"origin": "null"},
    {"origin": "http://localhost.evil.example"},
    {"origin": "http://localhost:9999"},  # another port is another origin
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site"},
    {"sec-fetch-site": "cross-site", "origin": "http://localhost"},  # Sec-Fetch-Site wins
]


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_issue_14_cross_site_delete_is_refused(client, db, articles, headers):
    sid = new_story(db, articles)
    r = client.post(f"/stories/{sid}/delete", data={"confirm": "yes"}, headers=headers, follow_redirects=False)
    assert r.status_code == 403, r.text
    assert r.json()["error"]["code"] == "NF106" and "cross-site" in r.json()["error"]["message"]
    assert sid in story_ids(db)


def test_issue_14_a_loop_of_forged_deletes_deletes_nothing(client, db, articles):
    ids = [new_story(db, articles) for _ in range(3)]
    for sid in ids:
        client.post(f"/stories/{sid}/delete", headers={"origin": "http://evil.example"}, data={"confirm": "yes"})
        client.delete(f"/api/stories/{sid}", headers={"origin": "http://evil.example"})
    assert story_ids(db) == sorted(ids, reverse=True)


@pytest.mark.parametrize("path", ["/stories", "/api/stories"])
def test_issue_14_cross_site_create_is_refused(client, db, path):
    body = {"text": "A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night, "
                    "the fictional harbour board said."}
    kwargs = {"data": body} if path == "/stories" else {"json": {"articles": [body]}}
    r = client.post(path, headers={"origin": "http://evil.example", "sec-fetch-site": "cross-site"}, **kwargs)
    assert r.status_code == 403
    assert story_ids(db) == []


def test_issue_14_add_articles_cross_site_is_refused(client, db, articles):
    sid = new_story(db, articles)
    r = client.post(f"/stories/{sid}/articles", data={"text": articles[3].text},
                    headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    with Store(db) as store:
        assert store.get_story(sid).article_count == 2


def test_same_origin_form_posts_work(client, db, articles):
    sid = new_story(db, articles)
    for headers in ({"origin": BASE}, {"sec-fetch-site": "same-origin"}, {"sec-fetch-site": "none"}, {}):
        page = client.get(f"/stories/{sid}/delete", headers=headers)
        assert page.status_code == 200
    r = client.post(f"/stories/{sid}/delete", data={"confirm": "yes"},
                    headers={"origin": BASE, "sec-fetch-site": "same-origin"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert story_ids(db) == []


def test_issue_14_deletion_asks_for_confirmation(client, db, articles):
    sid = new_story(db, articles)
    story = client.get(f"/stories/{sid}").text
    assert f'href="/stories/{sid}/delete"' in story  # the story page links to the confirmation
    assert f'action="/stories/{sid}/delete"' not in story  # ... and has no one-click delete form
    # A POST without the confirmation field deletes nothing: it shows the confirmation.
    r = client.post(f"/stories/{sid}/delete", headers={"origin": BASE}, follow_redirects=False)
    assert r.status_code == 200 and "Delete this story?" in r.text
    assert sid in story_ids(db)
    page = client.get(f"/stories/{sid}/delete")
    assert page.status_code == 200 and "Pier 4 fire" in page.text and "2 articles" in page.text
    assert re.search(rf'<form method="post" action="/stories/{sid}/delete"', page.text)
    assert 'name="confirm" value="yes"' in page.text and f'href="/stories/{sid}"' in page.text  # cancel
    r = client.post(f"/stories/{sid}/delete", data={"confirm": "yes"}, headers={"origin": BASE}, follow_redirects=False)
    assert r.status_code == 303
    assert story_ids(db) == []
    assert client.get(f"/stories/{sid}/delete").status_code == 404


def test_scripts_without_origin_use_the_api(client, db, articles):
    """curl, httpx and requests send no Origin or Sec-Fetch-Site header: the API is theirs."""
    sid = new_story(db, articles)
    assert client.get("/api/stories").status_code == 200
    assert client.delete(f"/api/stories/{sid}").status_code == 204
    assert story_ids(db) == []


def test_safe_methods_are_never_refused(client, db, articles):
    sid = new_story(db, articles)
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
        assert client.get("/api/stories", headers=headers).status_code == 200
        assert client.get(f"/stories/{sid}", headers=headers).status_code == 200


@pytest.mark.parametrize("path", ["/", "/api/stories", "/docs", "/static/style.css", "/api/stories/999"])
def test_issue_14_security_headers_on_every_response(client, path):
    r = client.get(path)
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "form-action 'self'" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]


def test_pages_have_no_inline_script(client, db, articles):
    """The CSP forbids inline script, so the pages must not need any."""
    sid = new_story(db, articles)
    for path in ("/", f"/stories/{sid}", f"/stories/{sid}/delete", "/docs"):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+=", html), path


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "127.0.0.2", "[::2]:8000", ""])
def test_issue_14_host_header_is_checked(db, host):
    with TestClient(create_app(FAST, db, warm_models=False), base_url=BASE) as c:
        r = c.get("/api/stories", headers={"host": host})
        assert r.status_code == 400, host
        err = r.json()["error"]
        assert err["code"] == "NF107" and "allowed_hosts" in err["message"]


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1", "127.0.0.1:80", "[::1]:8000", "LOCALHOST"])
def test_localhost_is_allowed_by_default(db, host):
    with TestClient(create_app(FAST, db, warm_models=False), base_url=BASE) as c:
        assert c.get("/api/stories", headers={"host": host}).status_code == 200


def test_allowed_hosts_setting_and_bound_address(db):
    settings = FAST.with_(allowed_hosts="news.example.org, .example.net")
    with TestClient(create_app(settings, db, warm_models=False), base_url=BASE) as c:
        for host, status in (("news.example.org", 200), ("a.example.net", 200), ("example.net:8080", 200),
                             ("evil.example.org", 400), ("localhost", 400)):
            assert c.get("/api/stories", headers={"host": host}).status_code == status, host
    with TestClient(create_app(FAST, db, warm_models=False, host="192.168.7.3"), base_url=BASE) as c:
        assert c.get("/api/stories", headers={"host": "192.168.7.3:8000"}).status_code == 200
        assert c.get("/api/stories", headers={"host": "localhost"}).status_code == 200
        assert c.get("/api/stories", headers={"host": "192.168.7.4"}).status_code == 400
    with TestClient(create_app(FAST.with_(allowed_hosts="*"), db, warm_models=False), base_url=BASE) as c:
        assert c.get("/api/stories", headers={"host": "anything.example"}).status_code == 200
