"""Serves the web interface: `/` redirects to `/ui/`, files come from this folder.

Only the listed file types are served and the path must stay inside the folder, so no
Python source or anything outside `api/web/` can be read through it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, RedirectResponse

WEB_ROOT = Path(__file__).resolve().parent
NOT_FOUND_PAGE = WEB_ROOT / "not-found.html"  # api/app.py answers a browser's 404 with it
FAVICON = WEB_ROOT / "favicon.svg"
SERVED_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml",
                ".png": "image/png", ".ico": "image/x-icon"}

router = APIRouter(tags=["web"], include_in_schema=False)


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui/")


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico on every site, even pages that link `favicon.svg`
    (the API's own pages do not): the same icon, not a 404 in every log."""
    return FileResponse(FAVICON, media_type=SERVED_TYPES[".svg"],
                        headers={"Cache-Control": "public, max-age=86400"})


@router.get("/ui/{path:path}")
def web_file(path: str) -> FileResponse:
    target = (WEB_ROOT / (path or "index.html")).resolve()
    if target.is_dir():
        target = target / "index.html"
    if (not target.is_relative_to(WEB_ROOT) or target.suffix not in SERVED_TYPES
            or not target.is_file()):
        raise HTTPException(404, "Страница не найдена")
    # The pages change with each deployment and carry no secrets: revalidate every time.
    return FileResponse(target, media_type=SERVED_TYPES[target.suffix],
                        headers={"Cache-Control": "no-cache"})
