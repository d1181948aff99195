"""Issue 14, items 5 and 7, on the command line: hostile files and arguments get one line on
stderr and exit 2 (bad input), never a traceback; and the small wrongs of item 7 are righted."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsfuse.readers import read_articles, read_bytes
from newsfuse.settings import Settings

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "src" / "newsfuse" / "examples" / "harbour-fire"
FAST = Settings(fast=True)
TEXT = ("A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night, the fictional "
        "harbour board said. Firefighters fought the blaze for twelve hours before it was under control.")


def run(*args: str, stdin: bytes | None = None, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsfuse", *args], capture_output=True, input=stdin, cwd=cwd,
                          timeout=300, env={**os.environ, **(env or {})})


def one_line_error(r: subprocess.CompletedProcess, code: int = 2, *words: str) -> str:
    err = r.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert r.returncode == code, (r.returncode, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("newsfuse: error: [NF"), lines[0]
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


DEEP = ("[" * 1000 + "]" * 1000).encode()


def test_issue_14_json_nested_1000_deep_in_a_file(tmp_path):
    path = tmp_path / "d.json"
    path.write_bytes(DEEP)
    one_line_error(run("brief", str(path), "--fast"), 2, "d.json", "nested")
    deep_object = tmp_path / "o.json"
    deep_object.write_text('{"text": ' + '{"a": ' * 1000 + "1" + "}" * 1000 + "}")
    one_line_error(run("brief", str(deep_object), "--fast"), 2, "o.json", "nested")
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps({"text": TEXT, "outlet": "A"}) + "\n" + DEEP.decode() + "\n")
    one_line_error(run("brief", str(lines), "--fast"), 2, "lines.jsonl", "nested")


def test_issue_14_json_nested_1000_deep_on_stdin():
    one_line_error(run("brief", "-", "--fast", stdin=DEEP), 2, "nested")


def test_issue_14_lone_surrogate_escape_in_json_text(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"text": "\\udc80 " + TEXT, "outlet": "Harbour \\udc80 Courier"}).replace("\\\\", "\\"))
    assert "\\udc80" in path.read_text()
    (article,) = read_articles([str(path)], settings=FAST)
    assert "\ufffd" in article.text and "\ufffd" in article.outlet
    article.text.encode("utf-8")  # no lone surrogate is left
    r = run("brief", str(path), "--fast", "--format", "json")
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout)["sources"][0]["outlet"] == "Harbour \ufffd Courier"


@pytest.fixture(scope="module")
def redirecting_server():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            port = self.server.server_address[1]
            self.send_response(302)
            self.send_header("Location", {"/a": f"http:localhost:{port}/b", "/c": "http://[::1", "/d": "http://%zz/"}
                             .get(self.path, "/a"))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("path", ["/a", "/c", "/d"])
def test_issue_14_redirect_to_a_malformed_location(redirecting_server, path):
    r = run("brief", redirecting_server + path, "--fast", "--set", "allow_private_urls=true")
    one_line_error(r, 2, "NF104")


def test_issue_14_output_into_a_missing_folder_or_naming_a_folder(tmp_path):
    one_line_error(run("brief", str(EXAMPLE), "--fast", "-o", str(tmp_path / "nope" / "brief.md")), 2,
                   "folder does not exist")
    one_line_error(run("brief", str(EXAMPLE), "--fast", "-o", str(tmp_path)), 2, "is a folder")
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_issue_14_serve_on_an_unusable_store_file(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("this is not a database\n" * 100)
    r = run("serve", "--db", str(bad), "--fast", "--port", "0")
    line = one_line_error(r, 2, "bad.db")
    assert "serving" not in r.stderr.decode()
    assert "not a" in line and "database" in line
    r = run("serve", "--db", str(tmp_path), "--fast", "--port", "0")
    one_line_error(r, 2, "is a folder")
    r = run("serve", "--db", str(tmp_path / "missing" / "x.db"), "--fast", "--port", "0")
    one_line_error(r, 2, "folder does not exist")


def test_issue_14_utf16_with_bom_is_read(tmp_path):
    for codec, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(bom + TEXT.encode(codec))
        (article,) = read_articles([str(path)], settings=FAST)
        assert article.text.startswith("A fire broke out")
    (article,) = read_bytes(b"\xff\xfe" + json.dumps({"text": TEXT}).encode("utf-16-le"), name="x.json", settings=FAST)
    assert article.text.startswith("A fire")
    r = run("brief", str(tmp_path / "utf-16-le.txt"), "--fast", "--format", "json")
    assert r.returncode == 0, r.stderr.decode()


def test_issue_14_output_file_mode_follows_the_umask(tmp_path):
    out = tmp_path / "brief.md"
    r = subprocess.run(f"umask 022 && {sys.executable} -m newsfuse brief {EXAMPLE} --fast -o {out}", shell=True,
                       capture_output=True, cwd=REPO, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    r = subprocess.run(f"umask 077 && {sys.executable} -m newsfuse brief {EXAMPLE} --fast -o {tmp_path / 'private.md'}",
                       shell=True, capture_output=True, cwd=REPO, timeout=300)
    assert stat.S_IMODE((tmp_path / "private.md").stat().st_mode) == 0o600
    out.chmod(0o664)  # an existing file keeps its mode, as with any editor's save
    r = subprocess.run(f"umask 022 && {sys.executable} -m newsfuse brief {EXAMPLE} --fast -o {out}", shell=True,
                       capture_output=True, cwd=REPO, timeout=300)
    assert r.returncode == 0 and stat.S_IMODE(out.stat().st_mode) == 0o664


def test_issue_14_markdown_does_not_pass_article_html_through(tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("Outlet: Tag <img src=x onerror=alert(1)> Weekly\nTitle: Fire <script>alert(1)</script> [x](javascript:alert(2))\n\n"
                       "The fictional <script>alert(1)</script> harbour board met on Monday and voted to rebuild "
                       "the <b>old</b> pier, a spokesperson said [click](javascript:alert(3)) on Tuesday.\n")
    r = run("brief", str(hostile), str(EXAMPLE / "valley_ledger.txt"), "--fast", "--format", "markdown")
    assert r.returncode == 0, r.stderr.decode()
    md = r.stdout.decode()
    assert "<script>" not in md and "<img" not in md and "<b>" not in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # every "](" is escaped: no link
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(md)
    assert "<script>" not in html and "<img" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, as written


def test_cli_error_for_a_missing_input_is_one_line():
    one_line_error(run("brief", "no-such-file.txt", "--fast"), 2, "no-such-file.txt")



STREAM = REPO / "tests" / "fixtures" / "stream" / "stream.jsonl"


def _stream_with(bad_line: bytes, tmp_path: Path) -> tuple[Path, int, set[str]]:
    """stream.jsonl with ``bad_line`` put in as line 3; returns the file, that line number and the good ids."""
    lines = STREAM.read_bytes().splitlines()
    ids = {json.loads(x)["id"] for x in lines if x.strip()}
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join([*lines[:2], bad_line, *lines[2:]]) + b"\n")
    return path, 3, ids


def _clustered_ids(stdout: bytes) -> set[str]:
    """The ids of the article records (``{"id", "story", ...}``) in ``cluster``'s output."""
    return {rec["id"] for rec in map(json.loads, stdout.decode().splitlines()) if "story" in rec and "id" in rec}


@pytest.mark.parametrize("bad", [
    b'{"id": "latin", "text": "Caf\xe9 owners on the quay said the strike had closed the road", "source": "X"}',
    b'{"id": "deep", "text": ' + b"[" * 1000 + b"]" * 1000 + b"}",
    b"[" * 1000 + b"]" * 1000,
])
def test_issue_14_cluster_skips_one_bad_line_unless_strict(tmp_path, bad):
    path, line, ids = _stream_with(bad, tmp_path)
    for args, stdin in (([str(path)], None), (["-"], path.read_bytes())):
        r = run("cluster", *args, "--fast", stdin=stdin)
        err = r.stderr.decode()
        assert r.returncode == 0, err
        assert "Traceback" not in err and err.count("newsfuse: warning:") == 1 and f"line {line}" in err
        assert _clustered_ids(r.stdout) == ids
        r = run("cluster", *args, "--fast", "--strict", stdin=stdin)
        one_line_error(r, 2, f"line {line}")
