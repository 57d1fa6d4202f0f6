"""`bellpath demo` (not yet implemented)."""
