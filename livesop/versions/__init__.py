"""Versions of a playbook: semantic diff, git history, version bumps and their reports."""
