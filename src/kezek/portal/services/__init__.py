"""Writes of the citizen portal: EDS sign-in, the draft and its scans, the signed submission.

Each function locks the draft it changes, writes the audit record in the same transaction and
leaves side effects to ``transaction.on_commit``. The citizen is named by the IIN from their
certificate; they are not a staff user, so audit records carry ``actor=None`` and a label.

- ``sign_in``: the one-time code and the EDS sign-in (reg:2);
- ``draft``: the draft and the answers of the steps (reg:15.2);
- ``scans``: the scans of the documents, checked before they are kept (reg:15.2.b);
- ``submission``: the filled-in form, the bytes to sign and the signed submission (reg:15.2).
"""
