"""Rules as data: rule sets, targets, and the recognition rules that score a row (pure)."""
