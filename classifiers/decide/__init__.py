"""Decide: from a column's evidence to its findings, then the table pass.

`column` decides one column (patterns, checksums, dates); `people` reads names, places and
NRP from gazetteers, the column name and NER; `ids` weighs mixed identity documents; `text`
and `documents` handle free text; `kinds` reports Warden's kinds as Presidio's types with a
subtype; `table` weighs each column against the rest of its dataset; `rules` and `words` hold
the vocabularies and thresholds they share. The level then comes from `classifiers.policy`.
"""
