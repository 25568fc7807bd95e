"""rlct: exact learning coefficients (real log canonical thresholds) with certificates.

Examples
--------
>>> import rlct
>>> r = rlct.learning_coefficient("x**2*y**2 + x**4 + y**6")
>>> print(r)
λ = 1/2, m = 2 (exact, method newton)
"""
from .engine import learning_coefficient
from .errors import BudgetExceeded, InputError, NotApplicable, RlctError
from .poly import Polynomial, SumOfSquares, parse
from .result import LC, lin_less
from .verify import verify

__version__ = "0.1.0"

__all__ = ["learning_coefficient", "verify", "LC", "lin_less", "SumOfSquares", "Polynomial", "parse",
           "RlctError", "InputError", "BudgetExceeded", "NotApplicable", "__version__"]
