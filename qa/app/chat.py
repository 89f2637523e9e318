"""``qa chat``: a question loop over one loaded ``Assistant``, with a few slash commands.

Reads with ``input()`` so it works the same on a terminal (with readline history in ~/.qa_history) and on a
pipe (``printf 'question\\n/quit\\n' | qa chat``). Ctrl-C drops the current line, Ctrl-D leaves.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from qa.app import render
from qa.app.sources import Sources
from qa.config import MODES
from qa.errors import QAError, QuestionError
from qa.text import normalise

HISTORY = Path("~/.qa_history")
HELP = """\
Ask a question about the reports, or:
  /k N          passages to retrieve (now {k})
  /mode M       {modes} (now {mode})
  /report ID    limit questions to one report, /report all to lift it (now {report})
  /scores       quality statement scores of the report(s)
  /sources      full text of the passages the last answer cited
  /help         this help
  /quit         leave (or Ctrl-D)"""


class Chat:
    def __init__(self, assistant, k: int = 5, mode: str = "hybrid", report: str | None = None) -> None:
        self.assistant = assistant
        self.k, self.mode, self.report = k, mode, report
        self.last = None  # the last Answer, for /sources
        self.asked: str | None = None  # the last question, for "And what about Brindle?"
        self.sources = Sources.of(assistant)
        self.commands = {"/help": self.help, "/k": self.set_k, "/mode": self.set_mode, "/report": self.set_report,
                         "/scores": self.scores, "/sources": self.show_sources}

    def run(self) -> None:
        _tolerant_stdin()
        tty = sys.stdin.isatty()
        history = _start_history() if tty else None
        render.chat_banner(self.assistant.reports(), self.assistant.summary, self.assistant.settings.index)
        try:
            while True:
                try:
                    line = input("qa> " if tty else "").strip()
                except KeyboardInterrupt:
                    print()
                    continue
                except EOFError:
                    if tty:
                        print()
                    return
                if not tty and line:
                    render.echo(f"qa> {line}")
                if line in ("/quit", "/exit", "/q"):
                    return
                if line:
                    self.handle(line)
        finally:
            _save_history(history)

    def handle(self, line: str) -> None:
        """One line: a slash command or a question. A QAError is reported and the loop goes on."""
        try:
            if line.startswith("/"):
                name, _, arg = line.partition(" ")
                if name not in self.commands:
                    raise QuestionError(f"unknown command {name}: type /help for the list")
                self.commands[name](arg.strip())
            else:
                question = follow_up(self.asked, line, self.assistant.councils)
                if question != line:
                    render.note(f"asking: {question}")
                self.last = self.assistant.ask(question, k=self.k, report=self.report, mode=self.mode)
                self.asked = question
                render.answer(self.last, self.sources)
        except QAError as exc:
            render.error(str(exc))
        except KeyboardInterrupt:
            render.note("cancelled")

    def help(self, _: str = "") -> None:
        render.chat_help(HELP.format(k=self.k, mode=self.mode, modes=", ".join(MODES), report=self.report or "all"))

    def set_k(self, arg: str) -> None:
        if not arg.isdigit() or int(arg) < 1:
            raise QuestionError(f"/k needs a whole number of at least 1, e.g. /k 10; got '{arg}'")
        self.k = int(arg)
        render.note(f"k = {self.k}")

    def set_mode(self, arg: str) -> None:
        if arg not in MODES:
            raise QuestionError(f"unknown mode '{arg}': use one of {', '.join(MODES)}")
        self.mode = arg
        render.note(f"mode = {self.mode}")

    def set_report(self, arg: str) -> None:
        if not arg:
            raise QuestionError("/report needs a report id or 'all', e.g. /report " + self.assistant.reports()[0].id)
        self.report = None if arg == "all" else self.assistant.report(arg).id
        render.note(f"report = {self.report or 'all'}")

    def scores(self, _: str = "") -> None:

        cards = [self.assistant.report(self.report)] if self.report else self.assistant.reports()
        for card in cards:
            render.scores(card, self.assistant.statement_scores(card.id), self.sources)

    def show_sources(self, _: str = "") -> None:
        render.sources_of(self.last, self.sources)


# "And what about Brindle?", "What about Kelby?", "and for Eastvale?": the last question, of another council
_FOLLOW_UP = re.compile(r"^\s*(?:and\s+)?(?:(?:what|how)\s+about|what\s+of|and\s+(?:for|in)|and)\s+"
                        r"(?P<who>[^?]+?)\s*\??\s*$", re.I)  # ("And Corrow?")


def follow_up(previous: str | None, line: str, councils) -> str:
    """The question ``line`` stands for: the previous one asked of the council it names, when it only names a
    council ("And what about Brindle?"); else ``line`` itself. The council the previous question named is replaced;
    a previous question naming none is asked "in" the new one."""
    m = _FOLLOW_UP.match(line)
    if previous is None or m is None or not councils.every(normalise(m.group("who")), m.group("who")):
        return line
    who = m.group("who").strip()
    named = councils.every(normalise(re.sub(r"['’]s\b", "", previous)), previous)
    if named:
        alias = named[0][1]
        pattern = r"[\W_]+".join(map(re.escape, alias.split()))
        return re.sub(rf"\b{pattern}\b", who, previous, count=1, flags=re.I)
    return re.sub(r"\s*\?*\s*$", f" in {who}?", previous, count=1)


def _tolerant_stdin() -> None:
    """Undecodable bytes on standard input arrive as surrogates (cleaned by ``clean_question``) rather than a
    UnicodeDecodeError that would end the whole session."""
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="surrogateescape")
        except (OSError, ValueError):
            pass  # a stream that cannot be reconfigured (already read from in binary, or closed): leave it


def _start_history() -> Path | None:
    try:
        import readline
    except ImportError:
        return None
    path = HISTORY.expanduser()
    try:
        readline.read_history_file(path)
    except OSError:
        pass  # no history yet, or not readable: start afresh
    return path


def _save_history(path: Path | None) -> None:
    if path is None:
        return
    try:
        import readline

        readline.write_history_file(path)
    except (ImportError, OSError):
        pass
