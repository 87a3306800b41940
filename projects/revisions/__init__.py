"""Reviewed changes to published projects (« modifications en attente »).

An editor's change to a published project is made on a *twin*: a Project row with
``revision_of`` pointing to the published one and the never-public status « revision »,
edited in the ordinary admin page with all its lines and photos. A moderator reads the
difference (``diff``) and approves it (``services.approve``: the twin's content replaces
the published content in one transaction, then the twin is deleted) or rejects it with a
reason (the twin stays for the editor to correct). Which lines belong to a project's
content is declared once, in ``registry``. Design and reasons: docs/revisions.md.
"""
