"""`bellpath assess` (not yet implemented)."""
