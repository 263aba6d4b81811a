"""The `decide` page: a Flask app over a `Session`, served on 127.0.0.1 only, for deciding by
keyboard in the user's own browser.

Who may talk to it: the page is opened with a random per-session token in its address; the
first request trades it for a cookie (HttpOnly, SameSite=Strict) and drops it from the address.
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
import re
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

COOKIE = "decide_session"
HEADER = "X-Decide-Token"
#: The only links the page may show.
PROFILE = re.compile(r"https://www\.linkedin\.com/in/[^/?#\s\"'<>\\]+/?")


def _policy(nonce: str) -> str:
    return (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'")


def create_app(session: Session, token: str, hosts: set[str],
               done: Callable[[], None] = lambda: None) -> Flask:
    """The app: `hosts` are the Host values it answers to ("127.0.0.1:8123"), `done` is called
    when the page says it is done."""
    app = Flask(__name__, static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=64 * 1024)
    origins = {f"http://{h}" for h in hosts}
    lock = threading.Lock()

    def authorised() -> bool:
        return hmac.compare_digest(request.cookies.get(COOKIE, ""), token)

    @app.before_request
    def check() -> Response | None:
        if request.host not in hosts:
            abort(400)  # a name that is not this machine's: DNS rebinding, or a proxy
        if request.method == "POST":
            origin = request.headers.get("Origin", "")
            if origin not in origins or not hmac.compare_digest(
                    request.headers.get(HEADER, ""), token) or not authorised():
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
            if not hmac.compare_digest(given, token):
                abort(403)
            response = redirect("/", code=303)
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
            return response
        if not authorised():
            abort(403)
        return render_template("decide.html", nonce=g.nonce, token=token,
                               keys=KEYS)

    def state(extra: dict[str, Any] | None = None) -> Response:
        questions = session.questions(limit=1)
        q = asdict(questions[0]) if questions else None
        if q is not None:
            q["link"] = q["link"] if PROFILE.fullmatch(q["link"] or "") else ""
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
        return jsonify({"links": [x for x in links if PROFILE.fullmatch(x)]})

    @app.post("/api/answer")
    def answer() -> Response:
        body = request.get_json(silent=True)
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
          ready: Callable[[str], None] = lambda _: None) -> None:
    """Serve the page on 127.0.0.1 until it says done or Ctrl-C is pressed; `ready` gets the
    address to open (with its token) once the server listens."""
    token = secrets.token_urlsafe(32)
    finished = threading.Event()
    # One line per request on the terminal helps no one deciding: only errors are shown.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", port, Flask(__name__))
    bound = server.server_port
    server.app = create_app(session, token, {f"127.0.0.1:{bound}", f"localhost:{bound}"},
                            done=finished.set)
    url = f"http://127.0.0.1:{bound}/?token={token}"
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
