"""The few errors a user can cause, each with a message that says what to do next.

The library raises these and never prints or exits; the CLI turns any ``QAError`` into one red line and exit 1.
Anything else that escapes is our bug and keeps its traceback.
"""


class QAError(Exception):
    """Base class: something about the input, the corpus or the index that the user can fix."""


class ReportError(QAError):
    """A report file cannot be read as text (missing, empty, binary, not UTF-8)."""


class CorpusError(QAError):
    """The corpus directory is missing or holds no readable reports."""


class IndexNotFoundError(QAError):
    """There is no qa index where one was asked for, and building one was not allowed."""


class IndexCorruptError(QAError):
    """The index on disk is damaged (missing or edited file, wrong dimension) and could not be rebuilt."""


class ModelError(QAError):
    """The embedding model cannot be loaded from the name or path given."""


class QuestionError(QAError):
    """The question or a retrieval option is not usable (empty question, k < 1, unknown mode or report)."""



class IndexAccessError(QAError):
    """The index folder cannot be read or written (permission denied, disk full): the message says which, and
    that the previous index is unchanged."""
