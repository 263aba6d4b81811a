"""Deciding a network in one sitting: `Session` (questions answered one at a time, each applied
at once and written to the ledgers) and the `decide` page over it (`web`)."""

from cleanup.session.asking import Question
from cleanup.session.engine import Answered, Session

__all__ = ["Answered", "Question", "Session"]
