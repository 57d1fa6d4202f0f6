"""`bellpath photo` (not yet implemented)."""
