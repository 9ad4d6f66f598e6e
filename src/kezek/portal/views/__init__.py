"""Pages of the citizen portal: EDS sign-in, the application in steps, the personal cabinet.

Views parse input, call a gate, a service or a selector, and render. Every step works without
JavaScript; only the EDS signature needs NCALayer (static/portal/ncalayer.js).

- ``sign_in``: sign-in and sign-out (reg:2);
- ``cabinet``: the personal cabinet, an application, its issued documents (reg:16.2, reg:18);
- ``apply``: the start and the step dispatcher of the application (reg:15.2), with one module
  per kind of step: ``sections`` (1–5), ``documents`` (6), ``summary`` (7), ``sign`` (8).
"""
