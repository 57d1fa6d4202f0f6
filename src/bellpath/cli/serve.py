"""`bellpath serve` (not yet implemented)."""
