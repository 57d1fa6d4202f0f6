"""`bellpath fhir` (not yet implemented)."""
