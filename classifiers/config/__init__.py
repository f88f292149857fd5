"""Warden's config (sources, scan, thresholds, recognizers, policy) loaded from YAML."""

from __future__ import annotations

import glob
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PositiveFloat,
    PositiveInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from classifiers.config.errors import ConfigError, compiles, matching, unique_names, validate_yaml
from classifiers.config.purview import PurviewConfig  # Purview issue (#19)
from classifiers.config.workloads import (
    AlertsConfig,
    ArtifactPolicyConfig,
    BoundaryConfig,
    WorkloadConfig,
)
from classifiers.model import Sensitivity
from classifiers.sanitize.settings import SanitizeConfig  # sanitize issue (#17)

DEFAULT_CONFIG_NAME = "warden.yaml"
# sqlite:///relative.db, but not sqlite:////absolute.db, :memory: or a file: URI
_RELATIVE_SQLITE = re.compile(r"(sqlite(?:\+\w+)?:///)(?!/|:memory:|file:)([^?]+)(.*)")


def _resolved(path: Path, info: ValidationInfo) -> Path:
    """Against the config file's folder while loading a file, else the working directory."""
    base = (info.context or {}).get("base_dir") or Path.cwd()
    return (Path(base) / path.expanduser()).resolve()


def _catalog_url(url: str, info: ValidationInfo) -> str:
    relative = _RELATIVE_SQLITE.fullmatch(url)
    if relative is None:
        return url
    return f"{relative[1]}{_resolved(Path(relative[2]), info)}{relative[3]}"


_UPPER_SNAKE = r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*"
EntityType = Annotated[str, matching(_UPPER_SNAKE, "UPPER_SNAKE, e.g. EMAIL_ADDRESS")]
# Policy keys may name a subtype: LOCATION/STREET_ADDRESS.
PolicyKey = Annotated[
    str,
    matching(f"{_UPPER_SNAKE}(/{_UPPER_SNAKE})?", "ENTITY or ENTITY/SUBTYPE: LOCATION/POSTCODE"),
]
Owner = Annotated[str, matching(r"team:\S+|\S+@\S+\.\S+", "an email or team:NAME")]  # Dagster's
Country = Annotated[str, matching(r"[a-z]{2}", "a lowercase ISO 3166 alpha-2 code such as 'gb'")]


def _phone_region(code: str) -> str:
    """A region phonenumbers has a numbering plan for, upper case as phonenumbers spells it."""
    import phonenumbers  # only when the setting is given: it is not needed to load a config

    region = code.upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        hint = " (the United Kingdom is 'GB')" if region == "UK" else ""
        raise ValueError(f"{code!r} is not an ISO 3166 alpha-2 code of a numbering plan{hint}")
    return region


def _some_regions(regions: list[str]) -> list[str]:
    if not regions:
        raise ValueError("name at least one region, or leave phone_regions out for all plans")
    return list(dict.fromkeys(regions))


def _not_a_boolean(value: object) -> object:
    if isinstance(value, bool):  # YAML reads an unquoted NO (Norway) as false
        raise ValueError("read by YAML as a boolean: quote the region ('NO' for Norway)")
    return value


PhoneRegion = Annotated[str, BeforeValidator(_not_a_boolean), AfterValidator(_phone_region)]
Level = Annotated[  # accepts "Highly Confidential", "highly_confidential", ...; writes the label
    Sensitivity,
    BeforeValidator(lambda value: Sensitivity.parse(value) if isinstance(value, str) else value),
    PlainSerializer(lambda level: level.label, return_type=str, when_used="json"),
]
Name = Annotated[str, Field(min_length=1)]
Ratio = Annotated[float, Field(ge=0, le=1)]


class _ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _SourceBase(_ConfigModel):
    """What every kind of source has: a name, which objects to scan, who owns them."""

    name: Name
    include: list[str] = ["**/*"]
    exclude: list[str] = []
    public: bool = False  # readable by anyone: a clean dataset here is at the public level
    owners: list[Owner] = []
    description: str = ""


class LocalSourceConfig(_SourceBase):
    """A folder on local disk or a mounted share."""

    kind: Literal["local"] = "local"
    path: Annotated[Path, AfterValidator(_resolved)]


# --- Azure Blob Storage / ADLS Gen2 sources (issue #5) -------------------------------------
ContainerName = Annotated[
    str, matching(r"\$root|\$web|(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]", "a container name")
]
EnvName = Annotated[str, matching(r"[A-Za-z_][A-Za-z0-9_]*", "an environment variable name")]


def _account_url(url: str) -> str:
    from classifiers.sources.azure_location import parse_endpoint  # the package loads readers

    parse_endpoint(url)  # a LocationError (a ValueError) says what is wrong
    return url.rstrip("/")


class AzureBlobSourceConfig(_ConfigModel):
    """Containers of a storage account (Blob Storage or ADLS Gen2).

    Credentials never go in this file: name the environment variable holding a connection
    string, or give the account URL and let the environment supply a SAS token, an account
    key or an Azure AD identity. Whether objects are public comes from each container's
    access level, so there is no `public` flag.
    """

    kind: Literal["azure_blob"]
    name: Name
    account_url: Annotated[str, AfterValidator(_account_url)] | None = None
    connection_string_env: Annotated[EnvName | None, Field(validate_default=True)] = None
    containers: list[ContainerName] | None = None  # None: every container of the account
    prefix: str = ""  # blob names start with this (listed server-side)
    include: list[str] = ["**/*"]  # globs on blob names within each container
    exclude: list[str] = []
    owners: list[Owner] = []
    description: str = ""
    max_blob_bytes: PositiveInt | None = 64 * 1024 * 1024  # sample mode: bytes read per blob
    concurrency: Annotated[int, Field(ge=1, le=64)] = 4

    @field_validator("connection_string_env")
    @classmethod
    def _one_way_in(cls, env: str | None, info: ValidationInfo) -> str | None:
        """Checked on this field (always: validate_default) so the error names a field."""
        if "account_url" not in info.data:  # it failed its own check: one error is enough
            return env
        if (info.data["account_url"] is None) == (env is None):
            raise ValueError("give exactly one of account_url and connection_string_env")
        return env


SourceConfig = Annotated[LocalSourceConfig | AzureBlobSourceConfig, Field(discriminator="kind")]
# --- end of Azure sources --------------------------------------------------------------------


class ScanConfig(_ConfigModel):
    """How much of each object to read, and with which engine."""

    mode: Literal["sample", "full"] = "sample"
    sample_rows: PositiveInt = 10_000
    sample_windows: PositiveInt = 8
    batch_rows: PositiveInt = 1_000_000
    # Per column and recognizer: up to max_distinct_candidates flagged values (full mode) are
    # all confirmed; from more, sample_confirm of them are and the counts are scaled up.
    max_distinct_candidates: PositiveInt = 2_000
    sample_confirm: PositiveInt = 300
    ner_sample: PositiveInt = 200  # distinct values per text-like column sent to NER
    engine: Literal["polars", "spark"] = "polars"
    # Bounds per object: one over them is stopped and recorded as an error; the scan goes on.
    object_time_budget: PositiveFloat = 120.0  # seconds
    object_memory_budget_mb: PositiveInt = 4096  # growth of the process while reading it
    # A gzip stream expanding beyond max(gzip_bomb_mb, gzip_bomb_ratio x its size) is refused.
    gzip_bomb_mb: PositiveInt = 1024
    gzip_bomb_ratio: PositiveInt = 200


# --- Spark engine (issue #6) -------------------------------------------------------------------
class SparkConfig(_ConfigModel):
    """The Spark engine's session: master URL and extra Spark settings (scan.engine: spark)."""

    master: str = "local[2]"  # or spark://host:7077, yarn, k8s://...
    conf: dict[str, str] = {}  # e.g. fs.azure.account.key.ACCOUNT.dfs.core.windows.net: ...
    app_name: str = "warden"


# --- end of Spark engine -------------------------------------------------------------------------


class Thresholds(_ConfigModel):
    """When evidence is enough to say that a column holds an entity type."""

    min_values: Annotated[int, Field(ge=0)] = 10  # fewer non-null values: undetermined
    min_ratio: Ratio = 0.6  # structured column: share of values that must match
    min_free_text_ratio: Ratio = 0.02  # free text: share of rows that must match
    min_free_text_rows: Annotated[int, Field(ge=1)] = 2
    min_score: Ratio = 0.5


class CustomPattern(_ConfigModel):
    """One regular expression of a custom recognizer and the score a match earns."""

    name: Name
    regex: Annotated[str, AfterValidator(compiles)]
    score: Annotated[float, Field(gt=0, le=1)]


class CustomRecognizer(_ConfigModel):
    """A recognizer declared in the config: patterns and/or a deny list, Presidio style."""

    name: Name
    entity: EntityType
    patterns: list[CustomPattern] = []
    context: list[str] = []
    deny_list: list[str] = []
    level: Level | None = None  # the entity type's level unless policy.levels says otherwise

    @model_validator(mode="after")
    def _matches_something(self) -> CustomRecognizer:
        if not self.patterns and not self.deny_list:
            raise ValueError("a custom recognizer needs at least one pattern or a deny_list")
        return self


class RecognizerConfig(_ConfigModel):
    """Which recognizers run: countries, exclusions, an allow-list, and our own."""

    countries: list[Country] | None = None  # None: every country's recognizers
    exclude: list[str] = []  # recognizer class names or entity types
    entities: list[EntityType] | None = None  # None: every entity type
    custom: Annotated[list[CustomRecognizer], AfterValidator(unique_names)] = []
    # Numbering plans national spellings of phone numbers are read in (`GB`, `DE`); None: the
    # 54 most used. A number written with its country code (`+44 ...`) is read in any case.
    phone_regions: Annotated[list[PhoneRegion], AfterValidator(_some_regions)] | None = None


class CombinationRule(_ConfigModel):
    """Entity types that together weigh more than each alone (name + birth date + postcode)."""

    name: Name
    all_of: list[PolicyKey]
    any_of: list[PolicyKey] = []
    min_any: Annotated[int, Field(ge=0)] = 0  # how many of any_of must also be present
    level: Level
    reason: str

    @model_validator(mode="after")
    def _satisfiable(self) -> CombinationRule:
        if self.min_any > len(self.any_of):
            raise ValueError(f"min_any is {self.min_any} but any_of lists {len(self.any_of)}")
        if not self.all_of and not self.min_any:
            raise ValueError("the rule would match every dataset: give all_of or min_any")
        return self


class PolicyConfig(_ConfigModel):
    """Levels of entity types and combinations, and of datasets where nothing is found."""

    levels: dict[PolicyKey, Level] = {}
    combinations: Annotated[list[CombinationRule], AfterValidator(unique_names)] = []
    default_level: Level = Sensitivity.GENERAL
    public_level: Level = Sensitivity.PUBLIC  # a clean dataset in a public source


class DagsterConfig(_ConfigModel):
    """How the Dagster code location represents the catalog."""

    # Up to this many datasets each has its own `classified_and_current` check; above it one
    # check per source (on the `classification` asset) judges all of the source's datasets,
    # which keeps the code location's load within its limit at 100,000 datasets.
    dataset_checks_up_to: Annotated[int, Field(ge=0)] = 20_000


class WardenConfig(_ConfigModel):
    """The whole config: where the data is and how to judge it."""

    catalog: Annotated[str, AfterValidator(_catalog_url)] | None = None  # SQLAlchemy URL
    sources: Annotated[list[SourceConfig], AfterValidator(unique_names)] = []
    scan: ScanConfig = Field(default_factory=ScanConfig)
    spark: SparkConfig = SparkConfig()  # used when scan.engine is spark
    thresholds: Thresholds = Field(default_factory=Thresholds)
    recognizers: RecognizerConfig = Field(default_factory=RecognizerConfig)
    policy: PolicyConfig = Field(default_factory=PolicyConfig)
    workloads: Annotated[list[WorkloadConfig], AfterValidator(unique_names)] = []
    boundaries: BoundaryConfig = BoundaryConfig()
    artifacts: ArtifactPolicyConfig = ArtifactPolicyConfig()  # where model files may live
    alerts: AlertsConfig | None = None  # where drift and boundary alerts go; off when unset
    sanitize: SanitizeConfig = Field(default_factory=SanitizeConfig)  # sanitized copies
    purview: PurviewConfig | None = None  # publish to Microsoft Purview; off when unset
    dagster: DagsterConfig = Field(default_factory=DagsterConfig)  # the code location's shape
    config_path: Path | None = Field(default=None, exclude=True)  # set by the loader

    @classmethod
    def default(cls) -> WardenConfig:
        """Settings without sources, for an ad-hoc scan of paths given on the command line."""
        return cls()


def config_from_text(text: str, path: Path) -> WardenConfig:
    """Validate YAML text as if read from `path`; relative paths resolve against its folder."""
    location = path.resolve()
    loaded = {"config_path": location}  # refused if the file sets it
    return validate_yaml(WardenConfig, text, str(path), {"base_dir": location.parent}, loaded)


def load_config(path: Path) -> WardenConfig:
    """Read and validate a config file; every problem is a ConfigError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError.single(str(path), f"cannot read the config: {error}") from None
    return config_from_text(text, path)


def default_config_path(folder: Path | None = None) -> Path | None:
    """`warden.yaml` in `folder` (the working directory by default), if there is one."""
    candidate = (folder or Path.cwd()) / DEFAULT_CONFIG_NAME
    return candidate if candidate.is_file() else None


def ad_hoc_source(path: Path) -> LocalSourceConfig:
    """A local source for a folder or file given on the command line (callers make names unique)."""
    resolved = path.expanduser().resolve()
    if not resolved.exists():
        raise FileNotFoundError(f"nothing to scan at {path}")
    # A file becomes its folder with only that file included, so dataset paths stay relative.
    root, include = (resolved, ["**/*"]) if resolved.is_dir() else (resolved.parent, [])
    return LocalSourceConfig(
        name=resolved.name or "root",
        path=root,
        include=include or [glob.escape(resolved.name)],
        description=f"ad-hoc scan of {path}",
    )
