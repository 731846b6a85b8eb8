"""Home-page sections for coordination work (registered in apps.ready).

Each area registers its sections in its own `<area>/home.py`.
"""

from .matching import home as matching_home  # noqa: F401  (importing registers the sections)
from .outreach import home as outreach_home  # noqa: F401
from .quality import home as quality_home  # noqa: F401
from .sessions import home as sessions_home  # noqa: F401
from .workload import home as workload_home  # noqa: F401
