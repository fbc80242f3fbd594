"""livesop: versioned live-room SOP playbooks for livestream-commerce teams."""

__version__ = "0.1.0"
