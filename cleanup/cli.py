"""The command line: options in, one library call, errors translated. Nothing else.

The library (pandas, openpyxl, the gazetteer, ...) is imported inside each command, so that
`--help`, `--version` and a mistyped option answer at once.
"""

from __future__ import annotations

import contextlib
import shlex
import sys
import traceback
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cleanup._version import __version__
from cleanup.errors import CleanupError, utf8_safe

if TYPE_CHECKING:
    from cleanup import starter
    from cleanup.model import Result
    from cleanup.writers.runsummary import RunSummary

#: A click command function, as a decorator takes and returns it.
F = TypeVar("F", bound=Callable[..., Any])


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-25.") from None


class _Reporter:
    """Progress lines on stderr, silenced by --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def __call__(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"... {message}", err=True)


#: How the library's hints (the Python API's names for things) read on the command line.
HINT_FLAGS = {"rules": "--rules FILE", "out": "--out DIR", "previous": "--previous XLSX",
              "enrich": "--enrich FILE", "force": "--force; or --output FILE",
              "output": "--output FILE"}


def describe(exc: BaseException) -> str:
    """The message of a refused run as the command line shows it: the option the message
    speaks of is named by its flag, in brackets before the final full stop."""
    text = str(exc)
    flag = HINT_FLAGS.get(getattr(exc, "hint", ""))
    if not flag:
        return text
    end = len(text) - 1 if text.endswith(".") else len(text)
    return f"{text[:end]} ({flag}){text[end:]}"


def _fail(exc: BaseException, debug: bool) -> None:
    if debug:
        traceback.print_exception(exc)
    click.echo(utf8_safe(f"Error: {describe(exc)}"), err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="linkedin-cleanup")
@click.option("--debug", is_flag=True, help="Show the Python traceback when a run fails.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Keep your LinkedIn network focused: tag every connection and get a keep/remove list.

    \b
    Start with:   linkedin-cleanup init Basic_LinkedInDataExport_11-25-2026.zip
    Then monthly: linkedin-cleanup run Basic_LinkedInDataExport_11-25-2026.zip
    Decide:       linkedin-cleanup decide Basic_LinkedInDataExport_11-25-2026.zip
    """
    ctx.obj = {"debug": debug}


@contextlib.contextmanager
def _failures(ctx: click.Context, interrupted: str) -> Iterator[None]:
    """A refused run, Ctrl-C or a bug, each said in one line (a traceback only with --debug);
    `interrupted` says what Ctrl-C left as it was."""
    try:
        yield
    except CleanupError as exc:
        _fail(exc, ctx.obj["debug"])
    except KeyboardInterrupt:
        _fail(RuntimeError(interrupted), False)
    except Exception as exc:  # a bug: still one clear line; the traceback only with --debug
        if ctx.obj["debug"]:
            raise
        _fail(RuntimeError(f"unexpected failure ({type(exc).__name__}: {exc}); nothing was "
                           "changed in the output folder. Run again with --debug and report "
                           "the traceback."), False)


def _archive_options(out_help: str) -> Callable[[F], F]:
    """The archive and the options `run` and `decide` share: the same inputs, read alike."""
    def apply(command: F) -> F:
        for option in reversed([
            click.argument("export", type=click.Path(path_type=Path)),
            click.option("--rules", "rules_path", type=click.Path(path_type=Path),
                         default=Path("rules.toml"), show_default=True,
                         help="Your rules file."),
            click.option("--out", type=click.Path(path_type=Path), default=Path("reports"),
                         show_default=True, help=out_help),
            click.option("--enrich", multiple=True, type=click.Path(path_type=Path),
                         help="CSV with a profile-URL column and Location/Industry/Headline. "
                         "Repeatable."),
            click.option("--previous", type=click.Path(path_type=Path),
                         help="Last month's workbook with your decisions (default: newest in "
                         "--out)."),
            click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD",
                         help="Treat this date as today (default: the archive's date)."),
            click.option("--new-history", is_flag=True,
                         help="Start afresh in --out, without the note that this network's "
                         "decisions are in another folder.")]):
            command = option(command)
        return command
    return apply


@main.command()
@_archive_options("Folder for the workbook, the report and decisions.csv.")
@click.option("--show-emails", is_flag=True, help="Include email addresses in the HTML report.")
@click.option("--quiet", is_flag=True, help="Print only errors.")
@click.option("--debug", "debug_here", is_flag=True,
              help="Show the Python traceback when a run fails.")
@click.pass_context
def run(ctx: click.Context, export: Path, rules_path: Path, out: Path, enrich: tuple[Path, ...],
        previous: Path | None, as_of: date | None, show_emails: bool, new_history: bool,
        quiet: bool, debug_here: bool) -> None:
    """Tag every connection in EXPORT and write the workbook and HTML report.

    EXPORT is LinkedIn's archive (.zip), the folder it was unzipped into, or Connections.csv.

    \b
    Example:
      linkedin-cleanup run Basic_LinkedInDataExport_11-25-2026.zip --rules rules.toml
    """
    ctx.obj["debug"] = ctx.obj["debug"] or debug_here
    from cleanup import pipeline
    from cleanup.session import record

    report = _Reporter(quiet)
    # Ctrl-C: the staged files were removed on the way out.
    with _failures(ctx, f"interrupted; nothing in {out} was changed: the earlier reports and "
                   "decisions.csv are as they were. Run again to finish."):
        # A decide session's answer saved while the run works would be written over by the
        # run's ledger: no run while a session is open on the folder.
        record.refuse_if_open(out)
        result = pipeline.run(export, rules_path, out, enrich=enrich, previous=previous,
                              as_of=as_of, show_emails=show_emails,
                              new_history=new_history, progress=report)
    if not quiet:
        click.echo(utf8_safe(summary(result)))  # a path may hold bytes that are not UTF-8


@main.command()
@_archive_options("Folder of decisions.csv and phrases.csv.")
@click.option("--no-browser", is_flag=True, help="Print the page's address; open no browser.")
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port on 127.0.0.1 (default: any free one).")
@click.option("--debug", "debug_here", is_flag=True,
              help="Show the Python traceback when the session fails.")
@click.pass_context
def decide(ctx: click.Context, export: Path, rules_path: Path, out: Path,
           enrich: tuple[Path, ...], previous: Path | None, as_of: date | None,
           new_history: bool, no_browser: bool, port: int, debug_here: bool) -> None:
    """Decide your network question by question on a page in your browser.

    One question at a time (a phrase, a group of removals sharing a reason, a person), a key
    for each answer; every answer is saved at once in --out's decisions.csv and phrases.csv.
    The page is served on 127.0.0.1 only; Ctrl-C or "d" on the page ends the session.

    \b
    Example:
      linkedin-cleanup decide Basic_LinkedInDataExport_11-25-2026.zip --rules rules.toml
    """
    ctx.obj["debug"] = ctx.obj["debug"] or debug_here
    from cleanup.session import Session, web

    with _failures(ctx, "interrupted before the session started; nothing was changed."):
        session = Session.open(export, rules_path, out, enrich=enrich, previous=previous,
                               as_of=as_of, new_history=new_history, progress=_Reporter(False))
    with session:
        def ready(url: str) -> None:
            click.echo(f"The decide page: {url}")
            click.echo("Answer by keyboard there; press d on the page (or Ctrl-C here) when "
                       "you are done.", err=True)

        try:
            web.serve(session, open_browser=not no_browser, port=port, ready=ready)
        except OSError as exc:
            _fail(RuntimeError(f"cannot listen on 127.0.0.1 port {port} ({exc.strerror}); "
                               "choose another --port."), False)
        left = session.left()
        answered = session.answered
    click.echo(utf8_safe(
        f"{_count(answered, 'answer')} this session, each saved in {out / 'decisions.csv'} or "
        f"{out / 'phrases.csv'}. Left: {left['review']:,} to review, {left['to_confirm']:,} "
        f"removals to confirm (about {left['undecided_minutes']} minutes).\n"
        f"Next: linkedin-cleanup run {shlex.quote(str(export))}"
        + ("" if rules_path == Path("rules.toml") else f" --rules {shlex.quote(str(rules_path))}")
        + ("" if out == Path("reports") else f" --out {shlex.quote(str(out))}")
        + "".join(f" --enrich {shlex.quote(str(e))}" for e in enrich)
        + ("" if as_of is None else f" --as-of {as_of.isoformat()}")
        + " writes the workbook with your answers."))


@main.command()
@click.argument("export", required=False, type=click.Path(path_type=Path))
@click.option("--profile", "profile_path", type=click.Path(path_type=Path),
              help="Your Profile.csv from the LinkedIn archive, instead of EXPORT.")
@click.option("--output", type=click.Path(path_type=Path), default=Path("rules.toml"),
              show_default=True, help="Where to write the rules file.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@click.option("--debug", "debug_here", is_flag=True,
              help="Show the Python traceback when init fails.")
@click.pass_context
def init(ctx: click.Context, export: Path | None, profile_path: Path | None, output: Path,
         force: bool, debug_here: bool) -> None:
    """Write a commented starter rules file, prefilled from your own Profile.csv.

    EXPORT (the archive .zip or its folder) is searched for Profile.csv; or give the file with
    --profile. With neither, the plain template is written. An existing file is never replaced
    without --force.

    \b
    Example:
      linkedin-cleanup init Basic_LinkedInDataExport_11-25-2026.zip
    """
    ctx.obj["debug"] = ctx.obj["debug"] or debug_here
    if export is not None and profile_path is not None:
        raise click.UsageError("give EXPORT or --profile, not both.")
    from cleanup import starter

    try:
        written = starter.write(output, export=export, profile_path=profile_path, force=force)
    except CleanupError as exc:
        _fail(exc, ctx.obj["debug"])
    except Exception as exc:  # a bug: still one clear line; the traceback only with --debug
        if ctx.obj["debug"]:
            raise
        _fail(RuntimeError(f"unexpected failure ({type(exc).__name__}: {exc}); no rules file "
                           "was written. Run again with --debug and report the traceback."),
              False)
    click.echo(init_summary(written, export, output))


def init_summary(written: starter.Starter, export: Path | None, output: Path) -> str:
    """What `init` wrote, what it proposed, and the command to run next."""
    source = f" from {written.profile}" if written.profile else ""
    lines = [f"Wrote {written.path}{source}."]
    lines += [f"  {note}" for note in written.notes]
    rules = "" if output == Path("rules.toml") else f" --rules {shlex.quote(str(output))}"
    target = shlex.quote(str(export)) if export is not None else "EXPORT"
    from cleanup.terms import KEYWORD_TAGS, OWN_TRADE, listed

    if written.has_keywords:
        others = listed([t for t in KEYWORD_TAGS if t != OWN_TRADE])
        lines += ["", f"Check it, add your {others} keywords, then run:"]
    else:
        tables = listed([f"[{t}]" for t in KEYWORD_TAGS], "or")
        lines += ["", f"Add keywords to {tables} (the run needs at least one), then run:"]
    lines.append(f"  linkedin-cleanup run {target}{rules}")
    return "\n".join(lines)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def decision_lines(result: Result) -> list[str]:
    """The user's decisions in words, only what is not zero; the parts add up to the whole."""
    from cleanup.writers.runsummary import summarise  # loaded already: the run is over

    return _decision_lines(summarise(result))


def _decision_lines(s: RunSummary) -> list[str]:
    lines = []
    if s.in_force:
        earlier = s.carried_over
        new = s.in_force - earlier
        parts = [p for n, p in ((earlier, f"{earlier:,} from earlier runs"),
                                (new, f"{new:,} new this run")) if n]
        lines.append(f"{_count(s.in_force, 'decision')} in force: " + ", ".join(parts))
    if s.cleared:
        lines.append(f"{_count(s.cleared, 'decision')} cleared this run: the rules decide "
                     "again")
    if s.unclear:
        lines.append(f"{_count(s.unclear, 'Decision cell')} not understood (see the notes)")
    if s.removals_confirmed:
        lines.append(f"{_count(s.removals_confirmed, 'removal')} confirmed since "
                     f"{s.since}: gone from your network")
    if lines and s.read_from:
        lines.append("read from " + ", ".join(p.name for p in s.read_from))
    return lines


def next_steps(result: Result) -> list[str]:
    """What to do after a run."""
    from cleanup.writers.runsummary import summarise  # loaded already: the run is over

    return _steps(summarise(result), result.paths.get("xlsx"))


def _steps(s: RunSummary, book: Path | None) -> list[str]:
    said = []
    for step in s.steps:
        if step.kind == "remove":
            said.append(f"  1. Open {book if book else 'the workbook'}.")
            said.append(f"  2. Work through the Remove sheet ({step.count:,}), then Review "
                        f"({s.counts.get('review', 0):,}): type keep or remove in the Decision "
                        "column, and save.")
        elif step.kind == "by phrase":
            said.append(f"     Or decide by phrase: {_count(step.count, 'connection')} to "
                        f"review hold one of the {_count(step.phrases, 'phrase')} on the "
                        "Phrases sheet; one answer per phrase decides all who hold it.")
        elif step.kind == "decide":
            said.append("     Or answer question by question in your browser: linkedin-cleanup "
                        "decide, with the same archive and options; then run again to see the "
                        "answers here.")
        elif step.kind == "next month":
            said.append("  3. Next month, run again with the new archive into the same "
                        "folder: the decisions and answers you save are kept in "
                        f"{book.parent if book else 'the output folder'}.")
    return said


#: How a notice's remedy reads on the command line, by its hint: the option's flag.
HINT_FIXES = {"enrich": "add --enrich FILE", "out": "run again with --out and that folder"}


def summary(result: Result) -> str:
    """The one-screen summary printed at the end of a run."""
    from cleanup.writers.runsummary import summarise  # loaded already: the run is over

    s = summarise(result)
    total = s.total
    lines = [f"{result.rules.name or 'Your network'}: {total:,} connections as of "
             f"{result.as_of.isoformat()}", ""]
    width = max(len(t) for t in s.by_tag)
    for t, n in s.by_tag.items():
        lines.append(f"  {t:<{width}}  {n:>7,}  {100 * n / total if total else 0:5.1f} %")
    lines.append("")
    for r, n in s.counts.items():
        lines.append(f"  {r:<{width}}  {n:>7,}")
    said = _decision_lines(s)
    if said:
        lines += ["", "Your decisions:"] + [f"  {line}" for line in said]
    phrased = [f"{label}: {value:,}" if isinstance(value, int) else f"{label}: {value}"
               for label, value in s.phrase_figures if value]
    if phrased:
        lines += ["", "Your phrase answers:"] + [f"  {line}" for line in phrased]
    if s.notices or result.said_only:
        notes = dict.fromkeys(n.said(fix=HINT_FIXES.get(n.hint))
                              for n in [*result.said_only, *s.notices])
        lines += ["", "Notes:"] + [f"  - {note}" for note in notes]
    lines += ["", "Written:"] + [f"  {p}" for p in result.paths.values()]
    lines += ["", "Next:", *_steps(s, result.paths.get("xlsx"))]
    return "\n".join(lines)
