"""An evaluation corpus Warden was never tuned on: generated tables, their labels, a scorer."""
