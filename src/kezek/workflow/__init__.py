"""The service workflow (issue 4): three channels, four roles, statutory time limits, workqueues.

- `transitions.py`: the one transition table; `services/`: intake with the receipt and one
  function per transition; `portal.py`: the signed portal request (reg:15.2, reg:16.2);
  `deadlines.py`: the limit of each step (Annex 3) on top of `kezek.core.calendar`;
  `selectors.py`: the decision case of a file, deadlines, workqueues, search;
  `reminders.py` (`kezek remind`, run from cron): reminders before and after a limit.
- Pages under /office/, JSON under /api/v1/workflow/ (session auth; the portal endpoints are
  authenticated by the citizen's signature, the cabinet by request number + IIN).
"""
