"""Playbook format 1: reading YAML, the format table, the model, time, placeholders, the scripts library."""
