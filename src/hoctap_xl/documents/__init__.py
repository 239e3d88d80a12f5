"""What each document says and when it may be written (pure; the Word edge renders it)."""
