"""A district's queue spreadsheet: reading its cells, checking every row, loading big lists in bulk.

The act itself (locks, all-or-nothing, the audit record) is `services.imports.queue_import`.
"""
