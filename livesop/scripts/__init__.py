"""The 话术 desk behind ``livesop scripts``: list, look up, search and render scripts."""
