"""The catalog DB: what was scanned, when, what it holds, and the history of every object."""
