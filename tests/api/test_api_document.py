"""The API's own document says what each answer is: its content type, and what a call ends."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sample_congress import make_congress
from smolny.service.app import Smolny
from smolny.web.app import create_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_files_and_the_stream_are_documented_as_what_they_answer(
    sqlite_service: Smolny,
) -> None:
    make_congress(sqlite_service)
    app = create_app(sqlite_service)
    paths = app.openapi()["paths"]

    def documented(path: str) -> set[str]:
        return set(paths[path]["get"]["responses"]["200"]["content"])

    with TestClient(app) as client:
        for path, media in (
            ("/api/v1/bodies/{slug}/delegates.csv", "text/csv"),
            ("/api/v1/bodies/{slug}/delegates.xlsx", XLSX),
        ):
            assert documented(path) == {media}, path
            answer = client.get(path.replace("{slug}", "congress"))
            assert answer.status_code == 200
            assert answer.headers["content-type"].split(";")[0] == media
    assert documented("/api/v1/stream") == {"text/event-stream"}


def test_logging_out_is_documented_as_ending_the_callers_token(sqlite_service: Smolny) -> None:
    # a client exploring the API learns from the document that this call logs it out
    operation = create_app(sqlite_service).openapi()["paths"]["/api/v1/logout"]["post"]
    said = operation["description"] + operation["responses"]["204"]["description"]
    assert "token" in said and "no longer works" in said
