"""`bellpath export` (not yet implemented)."""
