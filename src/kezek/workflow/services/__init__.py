"""Writes of the service workflow, one module per stage; callers import from the stage's module.

- `intake`: the PSC window and the AB desk accept a complete application and give the receipt;
- `dispatch`: the PSC back office collects and sends files in a registry, the AB accepts a batch;
- `checking`: the executor takes, checks, asks for documents, drafts; withdrawal;
- `results`: the head signs or returns, the result is registered, received at the PSC, issued;
- `notifications`: e-mail to staff and applicants after commit.

Every transition runs through `_transition.transition_step`: lock the file, authorize the actor
(scope first, then the role, then the state), change, move through one row of the transition
table (kezek.workflow.transitions) with its audit record, all in one transaction.
"""
