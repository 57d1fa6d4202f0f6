"""`bellpath video` (not yet implemented)."""
