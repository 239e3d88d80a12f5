"""One commune's year: typed input rows, the evaluation, the result blocks (pure)."""
