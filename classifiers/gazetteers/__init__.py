"""Gazetteers: given and family names, places and nationality/religion/political words."""
