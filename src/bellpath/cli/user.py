"""`bellpath user` (not yet implemented)."""
