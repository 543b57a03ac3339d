"""Refusals on a Russian screen are in Russian: every refusal's rule (its code) raised in
the source has Russian words in the catalogue (words.po, context "refusal"), the words of
a refusal that names what it is about (a deadline, the number present) name it, and an
English screen keeps the reason as the engine wrote it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from smolny import i18n
from smolny.i18n import words

SRC = Path(i18n.__file__).resolve().parent.parent
# what raises a refusal with its rule first (the domain's errors, the engine's NotInOrder,
# a ballot's VoteError), and a row of a file refused with its code fourth (RowProblem)
REFUSALS = {
    "Refusal",
    "NotFound",
    "Invalid",
    "OutOfOrder",
    "Unauthenticated",
    "Forbidden",
    "Unavailable",
    "TooLarge",
    "NotInOrder",
    "VoteError",
}


def raised_codes() -> dict[str, str]:
    """Every refusal code written in the source -> where (cli and record have their own)."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        if {"cli", "record"} & set(path.relative_to(SRC).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            position = 0 if name in REFUSALS else 3 if name == "RowProblem" else None
            if position is None or len(node.args) <= position:
                continue
            code = node.args[position]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                found.setdefault(code.value, f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_the_source_raises_many_refusals() -> None:
    codes = raised_codes()
    assert len(codes) > 250  # the scan itself works
    assert {"submission-deadline", "quorum", "debate-not-finished", "row-name-missing"} <= set(
        codes
    )


@pytest.mark.parametrize("code", sorted(raised_codes()))
def test_every_refusal_raised_has_russian_words(code: str) -> None:
    with i18n.active("ru"):
        assert words.known_refusal(code), f"{code} ({raised_codes()[code]}): no Russian words"
        said = words.refusal(code, "the English reason")
    assert said != "the English reason"
    assert any("а" <= ch <= "я" for ch in said.lower()), said


def test_a_refusal_names_what_it_is_about_in_russian() -> None:
    deadline = {"body": "Съезд печатников", "when": "2026-11-01T12:00:00Z"}
    english = "the deadline for motions to printers was 2026-11-01T12:00:00Z: ..."
    with i18n.active("ru"):
        said = words.refusal("submission-deadline", english, deadline)
        assert said.startswith("Срок подачи предложений в «Съезд печатников» истёк 1 ноября 2026")
        assert words.refusal("quorum", "no quorum", {"present": 3, "needed": 4}) == (
            "Нет кворума: присутствуют 3, нужно 4."
        )
        # without its values, the rule's own words; a reason already Russian stays
        assert words.refusal("quorum", "no quorum") == "Нет кворума."
        assert words.refusal("action", "Выберите, что сделать.") == "Выберите, что сделать."
        assert words.refusal("some-future-rule", "as written") == "as written"
    with i18n.active("en"):
        assert words.refusal("submission-deadline", english, deadline) == english
