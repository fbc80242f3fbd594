"""Planning a dated session from a template playbook and tonight's lineup (``livesop new``)."""
