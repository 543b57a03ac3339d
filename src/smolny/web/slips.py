"""Access slips to download: new access codes for a body's delegates, as a PDF (the codes'
only copy); from the API (`POST /api/v1/bodies/{slug}/access-slips`) and the secretary's page."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Response
from fastapi.concurrency import run_in_threadpool

from smolny.service.app import Principal, Smolny


async def slips_download(
    app: Smolny, slug: str, delegates: Sequence[str] | None, base: str, who: Principal
) -> Response:
    """New access codes for `delegates` of the body (None: all), their slips as a PDF to
    download: the codes' only copy."""
    from smolny.service.slips import issue_slips

    pdf, issued = await run_in_threadpool(issue_slips, app, slug, delegates, base, who)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="access-slips-{slug}.pdf"',
            "Cache-Control": "no-store",
            "X-Smolny-Slips": str(len(issued)),
        },
    )
