"""The rlct command: outputs, JSON contract, and one-line errors with exit status 2."""
import json
import subprocess
import sys

import pytest

from rlct.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_human_output(capsys):
    code, out, err = run(capsys, "lc", "x**2*y**2 + x**4 + y**6")
    assert code == 0 and err == ""
    assert "λ = 1/2" in out and "m = 2" in out and "status: exact" in out and "method: newton" in out
    assert "principal face" in out


def test_json_contract(capsys):
    code, out, _ = run(capsys, "lc", "--sos", "a*b, c*d", "--json")
    d = json.loads(out)
    assert code == 0
    assert (d["lambda"], d["m"], d["status"], d["upper"], d["lower"]) == ("1", 3, "exact", "1", "1")
    assert d["variables"] == ["a", "b", "c", "d"] and isinstance(d["certificate"], dict)


def test_at_and_prior(capsys):
    _, out, _ = run(capsys, "lc", "x**2*y**2", "--at", "x=1,y=0", "--json")
    assert json.loads(out)["lambda"] == "1/2" and json.loads(out)["m"] == 1
    _, out, _ = run(capsys, "lc", "a**2*b**2", "--prior", "a=1,b=1", "--json")
    assert (json.loads(out)["lambda"], json.loads(out)["m"]) == ("1", 2)


def test_vars_order(capsys):
    _, out, _ = run(capsys, "lc", "x**2 + y**4", "--vars", "y,x", "--json")
    assert json.loads(out)["variables"] == ["y", "x"]


def test_rationalize(capsys):
    code, out, err = run(capsys, "lc", "0.5*x**2", "--rationalize", "--json")
    assert code == 0 and json.loads(out)["lambda"] == "1/2"


BAD = [
    (["lc", "x**2 +"], "cannot parse"),
    (["lc", "sin(x)**2"], "not a polynomial"),
    (["lc", "sqrt(x)"], "not a polynomial"),
    (["lc", "1/x**2"], "not a polynomial"),
    (["lc", "x**2 + 1"], "K does not vanish at the point: K(w*) = 1"),
    (["lc", "x**2", "--at", "x=1"], "K does not vanish at the point: K(w*) = 1"),
    (["lc", "x**3"], "K is negative near the point"),
    (["lc", "x**2 - y**2"], "K is negative near the point"),
    (["lc", "--", "-x**2"], "K is negative near the point"),
    (["lc", "x**2", "--at", "z=1"], "unknown variable in the point: z"),
    (["lc", "x**2", "--prior", "q=1"], "unknown variable in the prior: q"),
    (["lc", "x**2", "--prior", "x=1/2"], "nonnegative integer"),
    (["lc", "x**2", "--at", "x=0.5"], "exact rational"),
    (["lc", "0.1*x**2"], "float coefficients"),
    (["lc", "x**2*y", "--vars", "x"], "not among the given variables: y"),
    (["lc", "x**2", "--at", "x"], "name=value"),
    (["lc", "0"], "identically zero"),
    (["lc", "x**2.5"], "non-integer exponent"),
    (["lc", "x**4 - 6*x**2*y**2 + 17/2*y**4"], "K is negative near the point"),
    (["lc", "--sos", "x, y + 1"], "K does not vanish"),
    (["lc", "x**2 + E**2 + I**4"], None),   # E and I are variable names here, not constants
    (["frobnicate"], "invalid choice"),
    ([], "a command is required"),
]


@pytest.mark.parametrize("argv,message", BAD)
def test_bad_input_one_line_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    if message is None:
        assert code == 0
        return
    assert code == 2 and out == ""
    assert err.startswith("rlct: error: ") and err.count("\n") == 1
    assert message in err


def test_console_script_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "rlct.cli", "lc", "x**2 + 1"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "rlct: error: K does not vanish at the point: K(w*) = 1\n"


def test_size_budget(capsys, monkeypatch):
    import rlct.inputs
    monkeypatch.setattr(rlct.inputs, "MAX_TERMS", 3)
    code, _, err = run(capsys, "lc", "x**2 + y**2 + z**2 + w**2")
    assert code == 2 and "size beyond budget" in err
