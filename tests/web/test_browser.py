"""`newsfuse serve` as a subprocess, driven in headless Debian Chromium through Playwright.

Chromium is /usr/bin/chromium from Debian (scripts/install-browser.sh installs it);
no test tool downloads a browser. With NEWSFUSE_SCREENSHOT=1 the
screenshot of the story page is also copied to docs/screenshot.png (the README shows it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import pytest

from newsfuse.readers import outlet_from_filename

from .conftest import running_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} missing: run scripts/install-browser.sh (Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def pasted_example(example_dir: Path) -> str:
    """The five example articles as one paste: text files as they are, the HTML page and
    JSON record as their raw source, separated by lines of ---."""
    parts = []
    for name in sorted(p.name for p in example_dir.iterdir() if p.suffix in (".txt", ".html", ".json")):
        body = (example_dir / name).read_text()
        if name.endswith(".txt"):  # the outlet the CLI would take from the file name
            body = f"Outlet: {outlet_from_filename(name)}\n" + body
        parts.append(body.strip())
    return "\n---\n".join(parts)


def test_paste_submit_and_follow_a_citation(browser, example_dir, repo_dir, tmp_path):
    log = tmp_path / "serve.log"
    with running_server(tmp_path / "browser.db", "--fast", log=log) as (base, _):
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(base + "/")
        page.fill("#new-text", pasted_example(example_dir))
        page.fill("#title", "Pier 4 warehouse fire")
        page.click("#make-brief")
        page.wait_for_url("**/stories/*", timeout=120_000)

        summary = page.locator("#summary .summary-sentence")
        assert summary.count() >= 2
        assert "Pier 4" in page.locator("#summary").inner_text()
        assert page.locator("#sources article.source").count() == 5
        assert "Harbour Courier" in page.locator("#sources").inner_text()

        # A quote merged across outlets: one figure naming two or more outlets.
        merged = page.locator("#quotes figure.quote.merged")
        assert merged.count() >= 1
        assert merged.first.locator("a.cite").count() >= 2
        assert "Ruiz" in page.locator("#quotes").inner_text()

        # The figures table highlights every conflict the brief found, and only those.
        brief = httpx.get(page.url.replace("/stories/", "/api/stories/") + "/brief").json()
        conflicts = sum(f["status"] == "conflict" for f in brief["figures"])
        assert page.locator("#figures tbody tr").count() == len(brief["figures"]) > 0
        assert page.locator("#figures tr.status-conflict").count() == conflicts

        # A citation link leads to the cited sentence of its article.
        link = page.locator("#summary a.cite[href^='#s']").first
        target = link.get_attribute("href")[1:]
        link.click()
        page.wait_for_function("id => location.hash === '#' + id", arg=target)
        passage = page.locator(f"[id='{target}']")
        assert passage.is_visible()
        assert "cited" in (passage.get_attribute("class") or "")
        assert page.evaluate("() => document.querySelector(':target').id") == target
        assert passage.inner_text().strip()

        page.evaluate("() => window.scrollTo(0, 0)")
        shot = tmp_path / "screenshot.png"
        page.set_viewport_size({"width": 1200, "height": 1500})
        page.screenshot(path=str(shot))  # the top of the page: summary, quotes, figures
        assert shot.stat().st_size > 10_000
        if os.environ.get("NEWSFUSE_SCREENSHOT") == "1":
            shutil.copyfile(shot, repo_dir / "docs" / "screenshot.png")

        # The story is listed on the home page and found by full-text search.
        page.goto(base + "/?q=vigil")
        assert page.locator(".story-list li").count() == 1
        assert "Pier 4 warehouse fire" in page.locator(".story-list").inner_text()
        # Issue 16: the result shows a snippet of the matching article, the word searched for marked.
        assert page.locator(".story-list .snippet mark").first.inner_text().lower() == "vigil"
        assert len(page.locator(".story-list .snippet").inner_text().split()) > 5
        page.close()


def test_issue_14_delete_confirms_csp_holds_and_a_forged_form_fails(browser, tmp_path):
    """In a real browser: the CSP blocks nothing of our own pages (Swagger UI included), deleting
    takes the confirmation step, and another site's auto-submitting form cannot delete."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    text = ("A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night, the fictional "
            "harbour board said. Firefighters fought the blaze for twelve hours before it was under control.")
    with running_server(tmp_path / "csrf.db", "--fast", log=tmp_path / "serve.log") as (base, _):
        sids = [httpx.post(base + "/api/stories", json={"title": f"Story {k}", "articles": [
            {"text": text, "outlet": f"Outlet {k}"}]}, timeout=120).json()["story"]["id"] for k in range(2)]

        class Attacker(BaseHTTPRequestHandler):  # another origin (another port), as evil.example would be
            def do_GET(self):  # noqa: N802
                page = (f'<html><body onload="document.forms[0].submit()"><form method="post" '
                        f'action="{base}/stories/{sids[0]}/delete"><input name="confirm" value="yes"></form>'
                        "</body></html>").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args):
                pass

        evil = ThreadingHTTPServer(("127.0.0.1", 0), Attacker)
        threading.Thread(target=evil.serve_forever, daemon=True).start()
        try:
            page = browser.new_page()
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

            with page.expect_response(lambda r: r.request.method == "POST") as answer:
                page.goto(f"http://127.0.0.1:{evil.server_address[1]}/")
            assert answer.value.status == 403
            # Let the forged form's navigation finish (its 403 page) before navigating again, or
            # the next goto is interrupted by it.
            page.wait_for_url(f"**/stories/{sids[0]}/delete", wait_until="load")
            assert httpx.get(f"{base}/api/stories/{sids[0]}", timeout=30).status_code == 200  # not deleted

            page.goto(f"{base}/docs")
            # Swagger UI's script (a file, no inline script) ran under the CSP and drew the schema
            # (issue 16: the bundled UI must read OpenAPI 3.1; no "Unable to render this definition").
            page.wait_for_selector("#swagger-ui .swagger-ui .info .title", timeout=60_000)
            page.wait_for_selector("#swagger-ui .opblock-summary-path", timeout=60_000)
            shown = page.locator("#swagger-ui").inner_text()
            assert "Unable to render" not in shown and "newsfuse" in shown
            assert page.locator("#swagger-ui .opblock-summary-path").count() >= 5
            assert "/api/stories" in shown

            page.goto(f"{base}/stories/{sids[1]}")
            page.click("p.delete a")
            page.wait_for_url(f"**/stories/{sids[1]}/delete")
            assert "Delete this story?" in page.locator("#confirm-delete").inner_text()
            page.click("#confirm-delete-button")
            page.wait_for_url(base + "/")
            assert f'/stories/{sids[1]}"' not in page.content()
            assert httpx.get(f"{base}/api/stories/{sids[1]}", timeout=30).status_code == 404
            assert violations == []
            page.close()
        finally:
            evil.shutdown()
            evil.server_close()


def test_issue_16_day_page_citation_in_the_second_story_lands_on_its_sentence(browser, tmp_path):
    """`newsfuse cluster --brief -o today.html` in a real browser: no frames, and a citation inside
    the second story scrolls to the cited sentence of that story's own source."""
    import subprocess
    import sys

    from tests.test_day_page import day_stream_lines

    data = tmp_path / "day.jsonl"
    data.write_text("\n".join(day_stream_lines()) + "\n", encoding="utf-8")
    out = tmp_path / "today.html"
    proc = subprocess.run([sys.executable, "-m", "newsfuse", "cluster", str(data), "--brief", "--fast", "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(out.as_uri())
    assert page.locator("iframe").count() == 0
    cards = page.locator("ol.front > li")
    assert cards.count() == 2
    assert "2 reports" in cards.nth(0).inner_text() and "1 report (3 articles)" in cards.nth(1).inner_text()

    cards.nth(1).locator("h2 a").click()  # the card's link goes to its brief
    page.wait_for_function("() => location.hash === '#story-2'")
    second = page.locator("#story-2")
    assert second.locator("h2").first.inner_text() == cards.nth(1).locator("h2").inner_text()

    link = second.locator("[id='story-2-summary'] a.cite").first
    target = link.get_attribute("href")[1:]
    assert target.startswith("story-2-s")
    link.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=target)
    landed = page.evaluate("() => { const t = document.querySelector(':target');"
                           " return {id: t.id, story: t.closest('article.story').id, text: t.textContent}; }")
    assert landed["id"] == target and landed["story"] == "story-2" and landed["text"].strip()
    passage = page.locator(f"[id='{target}']")
    assert passage.is_visible() and passage.evaluate("e => e.getBoundingClientRect().top") < 900
    page.close()
