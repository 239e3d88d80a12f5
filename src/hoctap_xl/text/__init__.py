"""Text as officials type it: typed values, Vietnamese text, legacy 8-bit encodings, ASCII file names (pure)."""
