"""Simulators of the third parties the platform talks to, written from their public references.

They import nothing from the product (no `listings`, `budgets`, `network`, no Django models):
each module states the documentation it follows, keeps its data in the provider's own format
and validates requests the way the provider documents. A bug in a connector's mapping therefore
shows up as a refused request or as a native document that reads differently, never hides behind
code the connector and its simulator share.

- `simulators.google`: Google Business Profile (Business Information API v1, My Business API v4
  for reviews and media, Business Profile Performance API v1), each under its own host prefix.
- `simulators.facebook`: the Facebook Graph API's Page node and the edges we use.
- `simulators.pagesjaunes`: a small, clearly labelled model (Pages Jaunes has no public API).
- `simulators.server`: the WSGI process serving them with the control API (`/_sim/...`).
"""
