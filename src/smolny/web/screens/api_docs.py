"""The API's interactive documentation (`/docs`), served from the package itself.

FastAPI's own page loads Swagger UI from a public CDN and starts it with an inline
script: blank on a hall's offline network, a request to a third party from every reader,
and a policy relaxed for it. Here Swagger UI is vendored (`static/vendor/swagger-ui`,
the npm package swagger-ui-dist, its version in VERSION.txt there) and started by
`static/api-docs.js`, so the page keeps the strict policy of every page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from smolny.web.screens import common as screens

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI on the API's OpenAPI document."""
    return screens.templates.TemplateResponse(
        request,
        "api_docs.html",
        {"title": request.app.title, "openapi_url": request.app.openapi_url},
    )
