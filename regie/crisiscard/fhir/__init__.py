"""FHIR R4 export of an established crisis plan version (docs/api.md, "FHIR export")."""

from .bundle import CONTENT_TYPE, export_bundle, filename

__all__ = ["CONTENT_TYPE", "export_bundle", "filename"]
