"""Backups, restores and the restore drill (decisions/0042).

`database` names a database from Django's settings or a URL; `postgres` and
`sqlite` dump and restore one; `compare` fingerprints every table so two
databases can be compared; `drill` puts them together.
"""
