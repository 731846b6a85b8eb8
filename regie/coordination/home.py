"""Home-page sections for coordination work (registered in apps.ready).

Each area registers its sections in its own `home_<area>.py`.
"""

from . import (  # noqa: F401  (importing registers the sections)
    home_matching,
    home_outreach,
    home_quality,
    home_sessions,
    home_workload,
)
