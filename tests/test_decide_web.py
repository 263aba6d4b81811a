"""The `decide` page's HTTP layer, through Flask's test client: the token traded for a cookie,
Host and Origin checks, the token header on every POST, nothing served from a path, the
security headers, hostile text kept out of the page, and the CLI command around it."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import SLUG, Page, decide_network, invoke

from cleanup.session import Session, record, web

AS_OF = date(2026, 11, 25)
TOKEN = "t0ken-for-the-tests"
HOST = "127.0.0.1:5123"
BASE = f"http://{HOST}"
COOKIE = f"{web.COOKIE}_5123"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "x",
           "javascript:alert(3)", "=HYPERLINK(\"http://evil\")", "<b>Boss</b>", "01 Jan 2020"]


@pytest.fixture()
def session(tmp_path: Path) -> Iterator[Session]:
    export, rules, out = decide_network(tmp_path, [HOSTILE, [*HOSTILE[:2], "y", *HOSTILE[3:]]])
    with Session.open(export, rules, out, as_of=AS_OF) as s:
        yield s


@pytest.fixture()
def app(session: Session) -> Any:
    done = threading.Event()
    flask_app = web.create_app(session, TOKEN, {HOST, "localhost:5123"}, done=done.set)
    flask_app.config["done"] = done
    return flask_app


def client(app: Any, authorised: bool = True) -> Any:
    c = app.test_client()
    if authorised:
        c.set_cookie(COOKIE, TOKEN, domain="127.0.0.1")
    return c


def post(c: Any, path: str, body: dict[str, Any] | None = None, *, origin: str | None = BASE,
         token: str | None = TOKEN, host: str = HOST) -> Any:
    headers = {"Host": host}
    if origin is not None:
        headers["Origin"] = origin
    if token is not None:
        headers[web.HEADER] = token
    return c.post(path, base_url=f"http://{host}", headers=headers,
                  data=json.dumps(body or {}), content_type="application/json")


def test_the_token_in_the_address_is_traded_for_a_strict_cookie(app: Any) -> None:
    c = client(app, authorised=False)
    assert c.get("/", base_url=BASE).status_code == 403
    assert c.get("/?token=wrong", base_url=BASE).status_code == 403
    assert c.get("/api/state", base_url=BASE).status_code == 403
    r = c.get(f"/?token={TOKEN}", base_url=BASE)
    assert r.status_code == 303 and r.headers["Location"] == "/"  # the token leaves the address
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = c.get("/", base_url=BASE)
    assert page.status_code == 200
    assert c.get("/api/state", base_url=BASE).status_code == 200


def test_the_page_loads_nothing_from_anywhere_under_a_strict_policy(app: Any) -> None:
    r = client(app).get("/", base_url=BASE)
    html = r.get_data(as_text=True)
    policy = r.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)  # type: ignore[union-attr]
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert html.count(f'nonce="{nonce}"') == 2  # the one style and the one script
    parsed = Page(html)
    assert not [(t, a) for t, a in parsed.elements if {"src", "href"} & set(a)]  # no asset
    assert [t for t, _ in parsed.elements if t in ("script", "style")] == ["style", "script"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    # Each page gets its own nonce.
    again = client(app).get("/", base_url=BASE).headers["Content-Security-Policy"]
    assert again != policy


@pytest.mark.parametrize("host", ["evil.example", "evil.example:5123", "127.0.0.1:9999",
                                  "127.0.0.1.nip.io:5123", "[::1]:5123"])
def test_a_host_that_is_not_this_server_is_refused(app: Any, host: str) -> None:
    c = client(app)
    assert c.get("/api/state", base_url=f"http://{host}", headers={"Host": host}
                 ).status_code == 400
    assert post(c, "/api/undo", host=host).status_code == 400


def test_localhost_at_the_same_port_is_this_server(app: Any) -> None:
    c = client(app)
    c.set_cookie(COOKIE, TOKEN, domain="localhost")
    assert c.get("/api/state", base_url="http://localhost:5123").status_code == 200


@pytest.mark.parametrize("origin, token", [
    (None, TOKEN),  # no Origin
    ("http://evil.example", TOKEN),  # another site's page
    ("null", TOKEN),
    ("http://127.0.0.1:9999", TOKEN),  # another port is another origin
    (BASE, None),  # no token header: a plain form post from anywhere
    (BASE, "wrong"),
])
def test_a_post_needs_this_origin_and_the_token_header(app: Any, origin: str | None,
                                                       token: str | None) -> None:
    c = client(app)
    q = c.get("/api/state", base_url=BASE).get_json()["question"]
    r = post(c, "/api/answer", {"key": q["key"], "answer": "skip"}, origin=origin, token=token)
    assert r.status_code == 403
    assert c.get("/api/state", base_url=BASE).get_json()["answered"] == 0


def test_a_post_without_the_cookie_is_refused(app: Any) -> None:
    assert post(client(app, authorised=False), "/api/undo").status_code == 403


@pytest.mark.parametrize("path", ["/static/app.js", "/templates/decide.html", "/../etc/passwd",
                                  "/%2e%2e/%2e%2e/etc/passwd", "/api/", "/api/state/../../x",
                                  "/favicon.ico", "/cleanup/session/web.py", "/.."])
def test_nothing_is_served_from_a_path(app: Any, path: str) -> None:
    r = client(app).get(path, base_url=BASE)
    assert r.status_code == 404
    assert b"def create_app" not in r.data and b"root:" not in r.data


def test_answer_undo_members_and_done_over_http(app: Any) -> None:
    c = client(app)
    state = c.get("/api/state", base_url=BASE).get_json()
    q = state["question"]
    assert q["kind"] == "phrase" and q["people"] == 4
    links = c.get(f"/api/members?key={q['key']}", base_url=BASE).get_json()["links"]
    assert len(links) == 4 and all(x.startswith(SLUG) for x in links)
    assert c.get("/api/members?key=nonsense", base_url=BASE).status_code == 404
    bad = post(c, "/api/answer", {"key": q["key"], "answer": "remove"})
    assert bad.status_code == 400 and "not an answer" in bad.get_json()["error"]
    assert post(c, "/api/answer", "not a dict").status_code == 400  # type: ignore[arg-type]
    r = post(c, "/api/answer", {"key": q["key"], "answer": "prospect"}).get_json()
    assert r["result"]["applied"] and r["result"]["decided"] == 4 and r["answered"] == 1
    assert r["left"]["review"] == state["left"]["review"] - 4
    r = post(c, "/api/undo").get_json()
    assert r["undone"] == q["key"] and r["left"] == state["left"]
    assert not app.config["done"].is_set()
    assert post(c, "/api/done").status_code == 200
    assert app.config["done"].is_set()


def test_hostile_text_reaches_the_page_only_as_data(app: Any, session: Session) -> None:
    c = client(app)
    person = next(q for q in session.questions() if q.kind == "person"
                  and "script" in q.text)
    assert person.link == ""  # javascript:... is no profile link
    page = c.get("/", base_url=BASE).get_data(as_text=True)
    assert "alert(" not in page
    r = c.get("/api/state", base_url=BASE)
    assert r.mimetype == "application/json"


def test_decide_command_serves_until_done_and_prints_a_summary(tmp_path: Path,
                                                               monkeypatch: Any) -> None:
    export, rules, out = decide_network(tmp_path)
    seen: list[str] = []

    def fake_serve(session: Session, *, open_browser: bool, port: int, ready: Any) -> None:
        assert not open_browser and port == 0
        ready("http://127.0.0.1:1/?token=x")
        q = session.questions(limit=1)[0]
        session.answer(q.key, "prospect")
        seen.append(q.key)

    monkeypatch.setattr(web, "serve", fake_serve)
    r = invoke("decide", export, "--rules", rules, "--out", out, "--as-of", "2026-11-25",
               "--no-browser")
    assert r.code == 0, r.output
    assert "The decide page: http://127.0.0.1:1/?token=x" in r.output
    assert "1 answer this session" in r.output and "Next: linkedin-cleanup run" in r.output
    assert (out / "phrases.csv").is_file() and seen


def test_decide_command_suggests_the_run_with_the_same_inputs(tmp_path: Path,
                                                              monkeypatch: Any) -> None:
    """The run it suggests reads the same enrichment and date: without them the next run
    would lose every location and judge by another day."""
    export, rules, out = decide_network(tmp_path)
    enrich = tmp_path / "leads.csv"
    enrich.write_text("LinkedIn URL,Location\n", encoding="utf-8")
    monkeypatch.setattr(web, "serve", lambda session, **_: None)
    r = invoke("decide", export, "--rules", rules, "--out", out, "--as-of", "2026-11-25",
               "--enrich", enrich, "--no-browser")
    assert r.code == 0, r.output
    [suggested] = [line for line in r.output.splitlines() if line.startswith("Next:")]
    assert f"--enrich {enrich}" in suggested and "--as-of 2026-11-25" in suggested


def test_decide_command_refuses_bad_rules_with_one_message(tmp_path: Path) -> None:
    export, _, out = decide_network(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text("[prospect]\nkeywordz = ['x']\n", encoding="utf-8")
    r = invoke("decide", str(export), "--rules", str(bad), "--out", str(out), "--no-browser")
    assert r.code == 1 and "Traceback" not in r.output and "keywordz" in r.output


def test_serve_stops_when_the_page_says_done(tmp_path: Path) -> None:
    """The real server on a free port, driven over loopback HTTP by the stdlib client."""
    import http.client
    from urllib.parse import urlsplit

    export, rules, out = decide_network(tmp_path)
    urls: list[str] = []
    got = threading.Event()

    with Session.open(export, rules, out, as_of=AS_OF) as s:
        def ready(url: str) -> None:
            urls.append(url)
            got.set()

        thread = threading.Thread(target=web.serve, args=(s,),
                                  kwargs={"open_browser": False, "ready": ready})
        thread.start()
        assert got.wait(10)
        parts = urlsplit(urls[0])
        assert parts.hostname == "127.0.0.1"
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        conn.request("GET", f"/?{parts.query}")
        r = conn.getresponse()
        cookie = r.getheader("Set-Cookie", "").split(";")[0]
        r.read()
        token = cookie.partition("=")[2]  # the page's secret, not the address's ticket
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        conn.request("POST", "/api/done", body="{}", headers={
            "Cookie": cookie, "Origin": f"http://{parts.netloc}", web.HEADER: token,
            "Content-Type": "application/json"})
        assert conn.getresponse().status == 200
        thread.join(10)
        assert not thread.is_alive()


@pytest.mark.slow
def test_ctrl_c_ends_the_command_cleanly_with_its_summary(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    export, rules, out = decide_network(tmp_path)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleanup", "decide", str(export), "--rules", str(rules),
         "--out", str(out), "--as-of", "2026-11-25", "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("The decide page: http://127.0.0.1:"), line
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "0 answers this session" in rest and "Traceback" not in err
    assert not (out / record.LOCK).exists()  # the folder is free again


def test_a_runs_next_steps_offer_the_decide_session(tmp_path: Path) -> None:
    from cleanup import cli, pipeline

    export, rules, out = decide_network(tmp_path)
    result = pipeline.run(export, rules, out, as_of=AS_OF)
    assert any("linkedin-cleanup decide" in line for line in cli.next_steps(result))


def test_a_ledger_that_cannot_be_written_is_said_on_the_page(app: Any, monkeypatch: Any) -> None:
    from cleanup.errors import OutputError

    def full(*_a: object, **_k: object) -> None:
        raise OutputError("phrases.csv: cannot be written (No space left on device).")

    monkeypatch.setattr(record.Recorder, "answers", full)
    c = client(app)
    q = c.get("/api/state", base_url=BASE).get_json()["question"]
    r = post(c, "/api/answer", {"key": q["key"], "answer": "prospect"})
    assert r.status_code == 500 and "No space left" in r.get_json()["error"]
    assert c.get("/api/state", base_url=BASE).get_json()["answered"] == 0


@pytest.mark.parametrize("where", ["address", "cookie", "header"])
def test_a_token_in_any_script_is_only_wrong(app: Any, where: str,
                                            caplog: pytest.LogCaptureFixture) -> None:
    # hmac.compare_digest refuses non-ASCII str: the request failed with a 500 and a traceback
    c = client(app, authorised=where != "address")
    if where == "address":
        r = c.get("/?token=t%C3%B6ken", base_url=BASE)
    elif where == "cookie":
        c.set_cookie(COOKIE, "t\u00f6ken", domain="127.0.0.1")
        r = c.get("/api/state", base_url=BASE)
    else:
        r = post(c, "/api/undo", token="t\u00f6ken")
    assert r.status_code == 403
    assert "Traceback" not in caplog.text and "Exception on" not in caplog.text


@pytest.mark.parametrize("body", ["[" * 50_000, '{"k":' * 9_000 + "1" + "}" * 9_000])
def test_a_body_nested_too_deep_is_a_bad_request(app: Any, body: str,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    c = client(app)
    r = c.post("/api/answer", base_url=BASE, data=body, content_type="application/json",
               headers={"Origin": BASE, web.HEADER: TOKEN})
    assert r.status_code == 400
    assert "Traceback" not in caplog.text and "Exception on" not in caplog.text
    assert c.get("/api/state", base_url=BASE).get_json()["answered"] == 0


def test_the_first_address_opens_the_page_once(session: Session) -> None:
    # The address is on the terminal and on the browser's command line (which other users of
    # the machine can read): once the browser has used it, it must open nothing.
    import http.client
    from urllib.parse import urlsplit

    urls: list[str] = []
    ready, stop = threading.Event(), threading.Event()
    server = threading.Thread(target=web.serve, args=(session,), kwargs={
        "open_browser": False, "ready": lambda u: (urls.append(u), ready.set()), "stop": stop})
    server.start()
    try:
        assert ready.wait(10)
        parts = urlsplit(urls[0])

        def get(cookie: str = "") -> http.client.HTTPResponse:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            conn.request("GET", f"/?{parts.query}", headers={"Cookie": cookie} if cookie else {})
            return conn.getresponse()

        first = get()
        assert first.status == 303
        cookie = first.headers["Set-Cookie"].split(";")[0]
        ticket = parts.query.removeprefix("token=")
        assert ticket not in cookie  # the cookie's secret is not the one in the address
        assert get(cookie).status == 303  # the same browser reloading the address: let in
        again = get()  # anyone else with the address: refused
        assert again.status == 403 and b"used already" in again.read()
    finally:
        stop.set()
        server.join(10)
    assert not server.is_alive()


def test_two_sessions_side_by_side_keep_their_own_cookie(session: Session,
                                                         tmp_path: Path) -> None:
    # A browser sends 127.0.0.1's cookies to every port: the second session's page replaced
    # the first one's cookie, and every answer on the first page was refused from then on.
    export, rules, out = decide_network(tmp_path / "other")
    with Session.open(export, rules, out, as_of=AS_OF) as second:
        first_app = web.create_app(session, TOKEN, {HOST})
        second_app = web.create_app(second, "another-token", {"127.0.0.1:5124"})
        browser = first_app.test_client()
        assert browser.get(f"/?token={TOKEN}", base_url=BASE).status_code == 303
        cookies = list(browser._cookies.values())  # the jar, handed to the other server
        other = second_app.test_client()
        for c in cookies:
            other.set_cookie(c.key, c.value, domain="127.0.0.1")
        assert other.get("/?token=another-token", base_url="http://127.0.0.1:5124"
                         ).status_code == 303
        for c in other._cookies.values():  # what the browser holds now for 127.0.0.1
            browser.set_cookie(c.key, c.value, domain="127.0.0.1")
        assert browser.get("/api/state", base_url=BASE).status_code == 200


@pytest.mark.parametrize("link", [f"{SLUG}../feed/", f"{SLUG}%2e%2e", f"{SLUG}\u202eevil",
                                  f"{SLUG}x/../../m/logout"])
def test_the_page_links_only_what_the_reports_link(app: Any, session: Session,
                                                   link: str) -> None:
    # The page had its own, looser check: /in/.. and a right-to-left override passed it.
    c = client(app)
    q = c.get("/api/state", base_url=BASE).get_json()["question"]
    session._people["link"] = link  # whatever an earlier stage let through
    assert c.get(f"/api/members?key={q['key']}", base_url=BASE).get_json()["links"] == []
    while c.get("/api/state", base_url=BASE).get_json()["question"]["kind"] != "person":
        key = c.get("/api/state", base_url=BASE).get_json()["question"]["key"]
        assert post(c, "/api/answer", {"key": key, "answer": "skip"}).status_code == 200
    assert c.get("/api/state", base_url=BASE).get_json()["question"]["link"] == ""


def test_a_run_into_a_folder_a_session_has_open_is_refused(tmp_path: Path) -> None:
    # The run read decisions.csv, the page saved an answer, the run wrote its own ledger over
    # it: the answer was gone without a word.
    export, rules, out = decide_network(tmp_path)
    invoke("run", export, "--rules", rules, "--out", out, "--as-of", "2026-11-25")
    before = {p.name for p in out.iterdir()}
    with Session.open(export, rules, out, as_of=AS_OF) as s:
        q = next(q for q in s.questions() if q.kind == "person")
        s.answer(q.key, "remove")
        saved = (out / "decisions.csv").read_bytes()
        r = invoke("run", export, "--rules", rules, "--out", out, "--as-of", "2026-11-25")
        assert r.code == 1 and "another decide session" in r.output
        assert "Traceback" not in r.output
        assert (out / "decisions.csv").read_bytes() == saved
        assert {p.name for p in out.iterdir()} == {*before, "decisions.csv", record.LOCK}
    r = invoke("run", export, "--rules", rules, "--out", out, "--as-of", "2026-11-25")
    assert r.code == 0, r.output  # the session closed: the folder is free
    assert not (out / record.LOCK).exists()
