"""`bellpath chart` (not yet implemented)."""
