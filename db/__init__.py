"""The database layer: the only code that speaks SQL (schema, writes, reads)."""
from db.connection import DatabaseError, connect

__all__ = ["DatabaseError", "connect"]
