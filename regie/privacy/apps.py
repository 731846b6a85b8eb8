from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The participant's and client's AVG rights: access, portability,
    rectification, restriction, erasure, and retention of what the law keeps."""

    name = "regie.privacy"
    label = "privacy"
    verbose_name = _("Privacy rights")

    def ready(self) -> None:
        from regie.core.daily import register_daily_job
        from regie.core.ratelimit import remove_expired_counts

        from .erasure import home  # noqa: F401  (registers home-page sections)
        from .retention.purge import retention_job

        register_daily_job("privacy_retention", retention_job)
        # Rate-limit counts hold client addresses: kept only while their window lasts.
        register_daily_job("privacy.rate_limit_counts", remove_expired_counts)
