"""Printing: the run-of-show sheet and each role's checklist as data, and their renderers."""
