"""Advertising-law compliance of the words a show will say or show (the LS7xx checks).

``lexicon`` loads the bundled term list and a playbook's team terms, ``matcher`` finds them
in text (folding width and case, seeing through inserted separators, honouring carve-outs),
``check`` turns matches into diagnostics and accepted findings.
"""
