"""`bellpath grade` (not yet implemented)."""
