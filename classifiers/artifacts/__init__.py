"""AI artifacts (model files) inspected without loading: pickle opcodes and format headers."""
