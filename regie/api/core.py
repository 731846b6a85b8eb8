"""The one NinjaAPI behind /api/v1/.

Routes live in each app next to its views (regie/<app>/api.py) and are
mounted here; every operation authenticates by token or session (auth.py),
answers errors in one shape (errors.py) and has a `url_name`, so the
permission matrix walks it like a page.
"""

from __future__ import annotations

from ninja import NinjaAPI

from regie.crisiscard.api import router as crisiscard_router
from regie.people.api import router as people_router
from regie.recovery.api import router as recovery_router

from . import errors
from .auth import AUTH
from .docs import PlainDocs

api = NinjaAPI(
    title="Regie API",
    version="1",
    description="Crisis cards and recovery plans; see docs/api.md.",
    urls_namespace="api",
    auth=AUTH,
    docs=PlainDocs(),
    docs_url="/docs/",
)
errors.install(api)

api.add_router("", people_router, tags=["people"])
api.add_router("", crisiscard_router, tags=["crisis card"])
api.add_router("", recovery_router, tags=["recovery"])
