"""`smolny count` and `smolny apportion` past a bound of `counting.bounds`: one line naming the
bound and its value, exit status 2, no traceback (issue 16, item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from smolny.cli import main


def _refused(args: list[str], *needles: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, (result.output, result.exception)
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output


@pytest.mark.parametrize("method", ["meek", "scottish-stv", "irv", "schulze", "borda"])
def test_a_weight_of_5000_digits(tmp_path: Path, method: str) -> None:
    path = tmp_path / "big.blt"
    path.write_text(f'3 1\n1{"0" * 4999} 1 2 0\n0\n"a"\n"b"\n"c"\n"t"\n')
    _refused(["count", "--method", method, str(path)], "line 2", "max-digits", "5,000", "(24)")


def test_a_ballot_file_past_its_size_and_candidates(tmp_path: Path) -> None:
    path = tmp_path / "many.blt"
    names = "".join(f'"c{i}"\n' for i in range(1, 502))
    path.write_text(f'501 1\n1 1 0\n0\n{names}"t"\n')
    _refused(["count", str(path)], "max-candidates", "501", "(500)")
    path.write_text("1 1\n" + "1 1 0\n" * 900_000 + '0\n"a"\n"t"\n')
    _refused(["count", str(path)], "max-blt-chars", "(5,000,000)")
    _refused(["count", "--seats", "9" * 5000, str(path)], "--seats")


def test_apportionments_past_their_bounds() -> None:
    huge = "1" + "0" * 4000
    _refused(
        ["apportion", "--method", "huntington-hill", "--seats", "100000", f"a={huge}", "b=3"],
        "max-digits",
    )
    _refused(
        ["apportion", "--method", "huntington-hill", "--seats", "100000", "a=5", "b=3"],
        "max-work-divisor",
        "(600,000)",
    )
    _refused(["apportion", "--method", "dhondt", "--seats", "9" * 5000, "a=5"], "--seats")
