"""The command-line shell: click commands that parse arguments, call the core, pick an output."""
