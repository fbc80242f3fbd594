"""livesop: versioned live-room SOP playbooks for livestream-commerce teams."""

__version__ = "0.1.0"

# Before any module of the package defines a dataclass: their generated code is compiled once
# per Python and kept beside the package's bytecode (livesop.dataclass_code).
from livesop import dataclass_code as _dataclass_code  # noqa: E402

_dataclass_code.install()
