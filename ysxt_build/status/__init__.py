"""Compute: the status of every obligation for every subject and period, as of a date.

Takes the checked dataset and ``as_of``; hands on a :class:`~.model.StatusReport`
(:mod:`.engine`, which hands each kind of duty to a module of its own), its published form
status.json (:mod:`.serialize`) and the terminal view.
Pure: nothing here reads the clock, prints or exits.
"""
