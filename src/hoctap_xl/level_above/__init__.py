"""The level above's logic: cross-checks, totals, merged communes, anonymising, its tables (pure)."""
