"""Staff pages under /office/: workqueues, search, the file, intake, registries, journal.

Every view gets applications through the gate and changes them only through the services
(the workflow's, and paperwork's `paperwork_issue` for the PDFs); the screens' reads are in
`screens.py`. A refused action is shown on the page as an error naming the field, never as a
crash. One module per screen; `urls.py` names them.
"""
