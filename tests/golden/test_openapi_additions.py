"""The API's OpenAPI document changes only by additions (tests/golden/openapi.json).

Every operation of the golden document is still there, taking and answering what it did:
compared with every `$ref` resolved (a schema may be renamed), ignoring prose (titles,
descriptions, summaries), allowing new keys, new operations, new enum values and new
alternatives appended to a `oneOf`. A change
that is meant (a correction) is made to the golden file in the same commit, with why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from smolny.service.app import Smolny
from smolny.web.app import create_app

GOLDEN = Path(__file__).with_name("openapi.json")
PROSE = {"title", "description", "summary", "operationId", "examples", "example"}


def resolve(node: Any, document: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """`node` with every `$ref` replaced by what it names (a cycle left as its name)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in seen:
                return {"$cycle": ref.rsplit("/", 1)[-1]}
            target: Any = document
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            return resolve(target, document, (*seen, ref))
        return {k: resolve(v, document, seen) for k, v in node.items() if k not in PROSE}
    if isinstance(node, list):
        return [resolve(v, document, seen) for v in node]
    return node


def missing(old: Any, new: Any, where: str) -> list[str]:
    """Where `new` lacks or changes what `old` has (additions to `new` are fine)."""
    if isinstance(old, dict) and isinstance(new, dict):
        if "$cycle" in old or "$cycle" in new:
            return []
        out: list[str] = []
        for key, value in old.items():
            if key not in new:
                out.append(f"{where}/{key}: gone")
            else:
                out.extend(missing(value, new[key], f"{where}/{key}"))
        return out
    if isinstance(old, list) and isinstance(new, list):
        if where.endswith("/enum"):
            gone = [v for v in old if v not in new]
            return [f"{where}: {gone} gone"] if gone else []
        if where.endswith("/oneOf") and len(new) > len(old):
            new = new[: len(old)]  # alternatives appended (a new kind of act) are additions
        if len(old) != len(new):
            return [f"{where}: {old!r} -> {new!r}"]
        pairs = enumerate(zip(old, new, strict=True))
        return [p for i, (a, b) in pairs for p in missing(a, b, f"{where}/{i}")]
    return [] if old == new else [f"{where}: {old!r} -> {new!r}"]


def test_the_api_document_changes_only_by_additions(tmp_path: Path) -> None:
    service = Smolny.open(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        document = create_app(service).openapi()
    finally:
        service.close()
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    problems: list[str] = []
    for path, operations in golden["paths"].items():
        for method, operation in operations.items():
            now = document["paths"].get(path, {}).get(method)
            if now is None:
                problems.append(f"{method.upper()} {path}: gone")
                continue
            problems.extend(
                missing(
                    resolve(operation, golden),
                    resolve(now, document),
                    f"{method.upper()} {path}",
                )
            )
    assert not problems, "\n".join(problems[:40])
