"""`bellpath report` (not yet implemented)."""
