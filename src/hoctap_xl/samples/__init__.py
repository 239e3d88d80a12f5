"""Realistic sample communes for the demo, benchmarks and tests (pure)."""
