"""One exception hierarchy for rlct.

Every failure a user can cause is an :class:`InputError` whose message is one line naming the
problem; the CLI prints it as ``rlct: error: <message>`` and exits with status 2.

Examples
--------
>>> issubclass(InputError, RlctError) and issubclass(BudgetExceeded, RlctError)
True
>>> str(InputError("K does not vanish at the point: K(w*) = 1"))
'K does not vanish at the point: K(w*) = 1'
"""


class RlctError(Exception):
    """Base class of every error rlct raises on purpose."""


class InputError(RlctError, ValueError):
    """The input is not something rlct can work on (message names the problem)."""


class BudgetExceeded(RlctError):
    """A size or time budget was exceeded before a certified answer was reached."""


class NotApplicable(RlctError):
    """A strategy does not apply to this input; the engine moves on to the next one."""
