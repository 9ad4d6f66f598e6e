"""Writes to the housing queue, one module a kind of act. Each locks the list rows it changes (in
id order), writes one history event per changed entry and an audit record in the same transaction.

`actor=None` is the system (management commands, the workflow's automation); a staff actor must
hold the right role in the district of the list, or the entry is "not found" / the act forbidden.
Callers import from the submodules (`registration`, `leaving`, `reinstatement`,
`priority_classes`, `imports`).
"""
