"""Warden's benchmark: generated tables, accuracy and speed against baselines in one run."""
