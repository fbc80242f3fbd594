"""Entry point for ``python -m livesop``."""

from livesop.cli.main import main

if __name__ == "__main__":
    main()
