"""The server names plotly's chunk in the page's head (ui/preload.py): which chunks, where in
the document, and that no other response changes."""

from __future__ import annotations

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor

from ui import preload

INDEX = b"""<html><head>
<script type="module" crossorigin src="./static/js/index.E1.js"></script>
<link rel="modulepreload" crossorigin href="./static/js/b.B2.js">
</head><body><div id="root"></div></body></html>"""


def write_chunks(js, chunks: dict[str, str]) -> None:
    js.mkdir()
    for name, text in chunks.items():
        (js / name).write_text(text)


def test_the_links_name_plotly_and_what_it_imports_that_the_page_does_not_already_fetch(tmp_path):
    js = tmp_path / "js"
    write_chunks(
        js,
        {
            "PlotlyChart.P1.js": 'import{a}from"./a.A1.js";import"./b.B2.js";var x=1;',
            "a.A1.js": 'import{c}from"./c.C1.js";import{d}from"./index.E1.js";',
            "b.B2.js": 'import{c}from"./c.C1.js";',
            "c.C1.js": "export const c=3;",
            "index.E1.js": 'const f=()=>import("./Other.O1.js");',
            "Other.O1.js": "",
        },
    )
    # b is preloaded and index is the entry already; c is reached through a first, once
    assert preload.preload_links(INDEX, js) == (
        b'<link rel="modulepreload" crossorigin href="./static/js/PlotlyChart.P1.js">'
        b'<link rel="modulepreload" crossorigin href="./static/js/a.A1.js">'
        b'<link rel="modulepreload" crossorigin href="./static/js/c.C1.js">'
    )


def test_without_exactly_one_plotly_chunk_nothing_is_named(tmp_path):
    js = tmp_path / "js"
    write_chunks(js, {"index.E1.js": ""})
    assert preload.preload_links(INDEX, js) == b""
    (js / "PlotlyChart.P1.js").write_text("")
    (js / "PlotlyChart.P2.js").write_text("")
    assert preload.preload_links(INDEX, js) == b""


def test_the_links_go_just_before_the_end_of_the_head_and_nowhere_without_one():
    page = preload.with_links(INDEX, b"<link>")
    assert page.count(b"<link>") == 1
    assert page.index(b"<link>") == INDEX.index(b"</head>")
    assert preload.with_links(b"<p>no head</p>", b"<link>") == b"<p>no head</p>"
    assert preload.with_links(INDEX, b"") == INDEX


def respond(
    headers: list[tuple[bytes, bytes]], chunks: list[bytes], method: str = "GET", path: str = "/"
):
    """What `Preload` sends for an app answering with `headers` and the body in `chunks`."""

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for i, chunk in enumerate(chunks):
            more = i < len(chunks) - 1
            await send({"type": "http.response.body", "body": chunk, "more_body": more})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": method, "path": path, "headers": []}
    # in a thread of its own: a browser test before this one in the same process may have left
    # an event loop running in this one (Playwright's sync API)
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, preload.Preload(app)(scope, receive, send)).result()
    return sent


def test_the_html_document_gains_the_links_uncompressed_with_its_length(monkeypatch):
    monkeypatch.setattr(preload, "links", lambda: b"<LINKS>")
    zipped = gzip.compress(INDEX)
    sent = respond(
        [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(zipped)).encode()),
            (b"etag", b'"x"'),
        ],
        [zipped[:10], zipped[10:]],
    )
    expected = INDEX.replace(b"</head>", b"<LINKS></head>")
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[1]["body"] == expected
    assert dict(sent[0]["headers"]) == {
        b"content-type": b"text/html; charset=utf-8",
        b"content-length": str(len(expected)).encode(),
        b"etag": b'"x"',
    }


def test_every_other_response_passes_through_untouched(monkeypatch):
    monkeypatch.setattr(preload, "links", lambda: b"<LINKS>")
    script = [(b"content-type", b"application/javascript"), (b"content-length", b"3")]
    assert respond(script, [b"a=1", b""]) == [
        {"type": "http.response.start", "status": 200, "headers": script},
        {"type": "http.response.body", "body": b"a=1", "more_body": True},
        {"type": "http.response.body", "body": b"", "more_body": False},
    ]
    brotli = [(b"content-type", b"text/html"), (b"content-encoding", b"br")]
    assert respond(brotli, [b"\x00"])[1]["body"] == b"\x00"
    html = [(b"content-type", b"text/html")]
    assert respond(html, [INDEX], method="HEAD")[1]["body"] == INDEX
    # a page without charts; a page with them, by its own address
    assert respond(html, [INDEX], path="/learnings")[1]["body"] == INDEX
    assert b"<LINKS>" in respond(html, [INDEX], path="/regions/")[1]["body"]


def test_the_chunk_is_run_once_the_script_started_only_where_it_is_named(monkeypatch):
    monkeypatch.setattr(preload, "preload_links", lambda index, js: b"<LINK>")
    assert preload.links.__wrapped__() == b"<LINK>" + preload.RUN_WHEN_STARTED
    monkeypatch.setattr(preload, "preload_links", lambda index, js: b"")
    assert preload.links.__wrapped__() == b""
    # it runs the chunk the head names, once the sidebar's page list or a heading is there
    script = preload.RUN_WHEN_STARTED.decode()
    assert 'link[rel="modulepreload"][href*="/PlotlyChart."]' in script
    assert "import(chunk.href)" in script
    assert '[data-testid="stSidebarNav"]' in script
