"""The window: the only package that imports PySide6. Holds no business rules."""
