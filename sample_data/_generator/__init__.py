"""Code that builds the sample data estate; run it through ../generate.py."""
