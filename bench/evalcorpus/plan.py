"""The corpus plan: which tables exist, in which locale, format, library and naming habit."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.evalcorpus.headers import HABITS
from bench.evalcorpus.themes import FORMATS, LOCALES, THEMES, Theme

SEED = 14_2026
# Column names in the locale's language most of the time, else in English.
HEADER_LANGUAGE = {
    "no": "en", "hi": "en", "ar": "en", "el": "en", "uk": "en", "hu": "en",
}  # fmt: skip
NEUTRAL_FOLDERS = ("exports", "landing", "tmp", "share")


@dataclass(frozen=True)
class TablePlan:
    """One table of the corpus, before its values are drawn."""

    name: str  # path under the corpus root, e.g. customers/customers_de_DE_3.csv
    theme: Theme
    locale: str
    library: str  # "faker" or "mimesis"
    fmt: str
    lang: str  # language of the column names
    habit: str
    seed: int


def _language(locale: str, rng: random.Random) -> str:
    lang = locale.split("_")[0]
    lang = HEADER_LANGUAGE.get(lang, lang)
    return lang if rng.random() < 0.75 else "en"


def plan(seed: int = SEED) -> list[TablePlan]:
    """Every table, in a fixed order; the same seed gives the same plan."""
    rng = random.Random(seed)
    tables, counter = [], 0
    for theme in THEMES:
        for copy in range(theme.copies):
            locale = LOCALES[(counter * 7 + copy) % len(LOCALES)]
            if theme.locales:
                locale = theme.locales[copy % len(theme.locales)]
            fmt = FORMATS[counter % len(FORMATS)]
            counter += 1
            habit = rng.choice((*HABITS, "abbrev"))
            stem = f"{theme.name}_{locale}_{copy + 1}"
            folder = theme.name
            if rng.random() < 0.2:  # some tables say nothing of what they hold
                folder, stem = rng.choice(NEUTRAL_FOLDERS), f"extract_{counter:03d}"
            tables.append(
                TablePlan(
                    name=f"{folder}/{stem}.{fmt}",
                    theme=theme,
                    locale=locale,
                    library=("faker", "mimesis")[counter % 2],
                    fmt=fmt,
                    lang=_language(locale, rng),
                    habit=habit,
                    seed=rng.randrange(2**31),
                )
            )
    return tables
