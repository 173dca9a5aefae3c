"""The toolkit's version (kept apart so any module may import it without cycles)."""

__version__ = "0.1.0"
