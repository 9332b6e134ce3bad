"""Editing the project's YAML in the app, safely: nothing invalid or stale is ever written.

The steps, one module each:

- ``draft``: open a project file as a :class:`~app.editing.draft.Draft` (its text and the
  content version it was opened at);
- ``validate``: build the whole project in memory with the draft substituted, reusing the
  loaders, so the editor reports exactly what ``askbi validate`` would;
- ``review``: what the draft would do before it is saved: the diff, the compiled SQL of each
  changed metric (``compiled``), affected dashboard tiles before and after (``tiles``), the
  affected regression cases and verified queries (``assess_change``);
- ``bump``: a changed metric's ``version`` and ``changelog`` as edits of the YAML text, so the
  owner's comments and layout survive;
- ``save``: atomic, conflict-checked saves that keep the previous version, and rollbacks.
"""
