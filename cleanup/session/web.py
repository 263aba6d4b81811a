"""The `decide` page: a Flask app over a `Session`, served on 127.0.0.1 only, for deciding by
keyboard in the user's own browser.

Who may talk to it: the page is opened with a random one-time ticket in its address; the
first request trades it for a cookie (HttpOnly, SameSite=Strict) holding another secret, the
token, and drops it from the address. The address is good once: read off a browser's command
line or the terminal afterwards, it opens nothing.
Every API call needs the cookie; every POST also needs the token in a header, which no other
site's page can set without the browser asking this server first (and it never allows it), and
an Origin of this very server. A Host that is not 127.0.0.1 or localhost at this port (a
DNS-rebinding name) is refused. There is one page and a small JSON API: no static folder, no
file is ever served from a path, and the page loads nothing from anywhere (inline CSS and
script under a nonce-based Content-Security-Policy). Every stranger's text reaches the page as
JSON and is shown with textContent; a link is only ever a vetted LinkedIn profile address.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from flask import (
    Flask,
    Response,
    abort,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
)
from werkzeug.serving import make_server

from cleanup.errors import CleanupError
from cleanup.session.engine import Session
from cleanup.terms import KEYWORD_TAGS, TAG_BY_NAME
from cleanup.text import vetted_link

#: The cookie's name, followed by the port: a browser sends a host's cookies to every port, and
#: two sessions (two folders) open side by side must not overwrite each other's.
COOKIE = "decide_session"
HEADER = "X-Decide-Token"
TICKET_USED = ("This address opens the page once, and it was used already (or it is not this "
               "session's). End the session and start it again for a new address.\n")


def _policy(nonce: str) -> str:
    return (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'")


def _same(given: str | None, expected: str) -> bool:
    """`given` is `expected`, compared in constant time; any text a request carries (non-ASCII
    too, which `hmac.compare_digest` refuses as str) is simply not it."""
    return given is not None and hmac.compare_digest(given.encode("utf-8", "replace"),
                                                     expected.encode("utf-8"))


def create_app(session: Session, token: str, hosts: set[str],
               done: Callable[[], None] = lambda: None, *, ticket: str | None = None) -> Flask:
    """The app: `hosts` are the Host values it answers to ("127.0.0.1:8123"), `done` is called
    when the page says it is done; `ticket` (by default `token`) opens the page once."""
    app = Flask(__name__, static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=64 * 1024)
    origins = {f"http://{h}" for h in hosts}
    cookie = f"{COOKIE}_{min(hosts).rpartition(':')[2]}"
    lock = threading.Lock()
    spent = threading.Event()  # the ticket was traded: it opens nothing any more

    def authorised() -> bool:
        return _same(request.cookies.get(cookie), token)

    @app.before_request
    def check() -> Response | None:
        if request.host not in hosts:
            abort(400)  # a name that is not this machine's: DNS rebinding, or a proxy
        if request.method == "POST":
            origin = request.headers.get("Origin", "")
            if origin not in origins or not _same(request.headers.get(HEADER), token) \
                    or not authorised():
                abort(403)
        g.nonce = secrets.token_urlsafe(16)
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = _policy(getattr(g, "nonce", "none"))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/")
    def page() -> Any:
        given = request.args.get("token")
        if given is not None:
            if not authorised():  # the same browser reloading its first address is let in
                with lock:
                    if spent.is_set() or not _same(given, ticket or token):
                        abort(make_response(TICKET_USED, 403, {"Content-Type": "text/plain"}))
                    spent.set()
            response = redirect("/", code=303)
            response.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/")
            return response
        if not authorised():
            abort(403)
        return render_template("decide.html", nonce=g.nonce, token=token,
                               keys=KEYS)

    def state(extra: dict[str, Any] | None = None) -> Response:
        questions = session.questions(limit=1)
        q = asdict(questions[0]) if questions else None
        if q is not None:
            q["link"] = vetted_link(q["link"])  # the only links the page may show
        return jsonify({"question": q, "left": session.left(), "answered": session.answered,
                        **(extra or {})})

    @app.get("/api/state")
    def current() -> Response:
        if not authorised():
            abort(403)
        with lock:
            return state()

    @app.get("/api/members")
    def members() -> Response:
        if not authorised():
            abort(403)
        with lock:
            try:
                links = session.members(request.args.get("key", ""))
            except ValueError:
                abort(404)
        return jsonify({"links": [x for x in links if vetted_link(x)]})

    @app.post("/api/answer")
    def answer() -> Response:
        try:  # a body nested past the parser's depth raises RecursionError, not ValueError
            body = request.get_json(silent=True)
        except RecursionError:
            body = None
        if not isinstance(body, dict):
            abort(400)
        with lock:
            try:
                done_ = session.answer(str(body.get("key", "")), str(body.get("answer", "")),
                                       confirm=body.get("confirm") is True)
            except ValueError as exc:
                return make_response(jsonify({"error": str(exc)}), 400)
            except CleanupError as exc:  # the ledger could not be written: nothing changed
                return make_response(jsonify({"error": str(exc)}), 500)
            return state({"result": asdict(done_)})

    @app.post("/api/undo")
    def undo() -> Response:
        with lock:
            try:
                return state({"undone": session.undo()})
            except CleanupError as exc:
                return make_response(jsonify({"error": str(exc)}), 500)

    @app.post("/api/done")
    def finish() -> Response:
        with lock:
            left = session.left()
        done()
        return jsonify({"left": left, "answered": session.answered})

    return app


#: The keys of each answer, as the page shows them.
KEYS = {"phrase": [*((TAG_BY_NAME[t].key, t) for t in KEYWORD_TAGS),
                   ("n", "not my audience"), ("s", "skip")],
        "group": [("k", "keep"), ("r", "remove"), ("s", "skip")],
        "person": [("k", "keep"), ("r", "remove"), ("s", "skip")]}


def serve(session: Session, *, open_browser: bool = True, port: int = 0,
          ready: Callable[[str], None] = lambda _: None,
          stop: threading.Event | None = None) -> None:
    """Serve the page on 127.0.0.1 until it says done, Ctrl-C is pressed or `stop` is set;
    `ready` gets the address to open (with its one-time ticket) once the server listens."""
    token, ticket = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    finished = stop or threading.Event()
    # One line per request on the terminal helps no one deciding: only errors are shown.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", port, Flask(__name__))
    bound = server.server_port
    server.app = create_app(session, token, {f"127.0.0.1:{bound}", f"localhost:{bound}"},
                            done=finished.set, ticket=ticket)
    url = f"http://127.0.0.1:{bound}/?token={ticket}"
    thread = threading.Thread(target=server.serve_forever, name="decide", daemon=True)
    thread.start()
    try:
        ready(url)
        if open_browser:
            webbrowser.open(url)
        while not finished.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
