"""Qt user interface (PySide6); the only place Qt may be imported."""
