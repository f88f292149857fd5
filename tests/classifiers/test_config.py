"""Tests for the config: loading, path resolution, and errors that name file, line and field."""

from pathlib import Path
from textwrap import dedent

import pytest
import yaml
from pydantic import ValidationError

from classifiers.config import (
    ConfigError,
    LocalSourceConfig,
    ScanConfig,
    WardenConfig,
    ad_hoc_source,
    config_from_text,
    default_config_path,
    load_config,
)
from classifiers.model import Sensitivity

REPO = Path(__file__).resolve().parents[2]

VALID = """\
catalog: sqlite:///catalog/warden.db
sources:
  - kind: local
    name: finance
    path: data/finance
    include: ["**/*.csv"]
    exclude: [tmp/**]
    owners: [team:finance, jane@example.com]
scan: {mode: full, engine: spark, sample_rows: 500}
thresholds: {min_ratio: 0.8}
recognizers:
  countries: [gb, us]
  exclude: [UsBankRecognizer]
  custom:
    - name: employee_id
      entity: EMPLOYEE_ID
      patterns: [{name: employee id, regex: '\\bEMP-\\d{6}\\b', score: 0.85}]
      context: [employee, staff]
      level: Confidential
    - name: codenames
      entity: PROJECT_NAME
      deny_list: [Bluebird, Nightjar]
policy:
  levels: {EMAIL_ADDRESS: Confidential}
  combinations:
    - name: quasi_identifiers
      all_of: [PERSON]
      any_of: [DATE_TIME, POSTCODE]
      min_any: 2
      level: Highly Confidential
      reason: re-identifies a person
workloads:
  - {name: support-bot, kind: rag-index, audience: all_employees, inputs: ["docs:finance/**"]}
"""


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "warden.yaml"
    path.write_text(dedent(text), encoding="utf-8")
    return path


def config_error(text: str, path: Path = Path("warden.yaml")) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        config_from_text(dedent(text), path)
    return caught.value


def test_valid_config_loads_every_section(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID))
    [source] = config.sources
    assert isinstance(source, LocalSourceConfig)
    assert (source.name, source.include, source.public) == ("finance", ["**/*.csv"], False)
    assert (config.scan.mode, config.scan.engine, config.scan.sample_rows) == ("full", "spark", 500)
    assert config.scan.batch_rows == 1_000_000
    assert config.thresholds.min_ratio == 0.8
    assert config.recognizers.countries == ["gb", "us"]
    assert config.recognizers.custom[0].patterns[0].regex == r"\bEMP-\d{6}\b"
    assert config.recognizers.custom[1].deny_list == ["Bluebird", "Nightjar"]
    assert config.policy.levels == {"EMAIL_ADDRESS": Sensitivity.CONFIDENTIAL}
    assert config.policy.combinations[0].level is Sensitivity.HIGHLY_CONFIDENTIAL
    assert config.policy.default_level is Sensitivity.GENERAL
    assert config.workloads[0].name == "support-bot"
    assert config.config_path == tmp_path / "warden.yaml"


def test_valid_config_round_trips_through_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    config = load_config(path)
    dumped = config.model_dump(mode="json")
    assert "config_path" not in dumped
    assert dumped["policy"]["levels"] == {"EMAIL_ADDRESS": "Confidential"}
    assert config_from_text(yaml.safe_dump(dumped), path) == config


def test_relative_paths_resolve_against_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # somewhere else than the config's folder
    config = load_config(write(tmp_path / "conf", VALID))
    assert config.sources[0].path == tmp_path / "conf" / "data" / "finance"
    assert config.catalog == f"sqlite:///{tmp_path}/conf/catalog/warden.db"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///warden.db", "sqlite:///{base}/warden.db"),
        ("sqlite:///../up.db", "sqlite:///{parent}/up.db"),
        ("sqlite+pysqlite:///w.db?timeout=5", "sqlite+pysqlite:///{base}/w.db?timeout=5"),
        ("sqlite:////srv/warden.db", "sqlite:////srv/warden.db"),
        ("sqlite://", "sqlite://"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
        ("postgresql+psycopg://warden@db/warden", "postgresql+psycopg://warden@db/warden"),
    ],
)
def test_catalog_url_only_relative_sqlite_paths_change(
    tmp_path: Path, url: str, expected: str
) -> None:
    base = tmp_path / "conf"
    config = load_config(write(base, f"catalog: '{url}'\n"))
    assert config.catalog == expected.format(base=base, parent=tmp_path)


def test_absolute_source_path_is_kept(tmp_path: Path) -> None:
    text = f"sources: [{{kind: local, name: a, path: '{tmp_path}/x'}}]\n"
    assert load_config(write(tmp_path / "conf", text)).sources[0].path == tmp_path / "x"


SOURCE = """\
sources:
  - kind: local
    name: finance
    path: data
"""

# (config text, line, dotted field, start of the message)
ERRORS = [
    ("scan: {}\nsoruces: []\n", 2, "soruces", "Extra inputs are not permitted"),
    (SOURCE + "    exlude: [tmp/**]\n", 5, "sources[0].exlude", "Extra inputs are not permitted"),
    (
        "scan:\n  engine: polars\n  mode: fast\n",
        3,
        "scan.mode",
        "Input should be 'sample' or 'full'",
    ),
    (SOURCE + "    include: '*.csv'\n", 5, "sources[0].include", "Input should be a valid list"),
    ("scan:\n  sample_rows: many\n", 2, "scan.sample_rows", "Input should be a valid integer"),
    ("scan:\n  sample_rows: 0\n", 2, "scan.sample_rows", "Input should be greater than 0"),
    ("thresholds:\n  min_ratio: 1.5\n", 2, "thresholds.min_ratio", "Input should be less than"),
    (
        "recognizers:\n  custom:\n    - name: x\n      entity: X_ID\n      patterns:\n"
        "        - {name: x, regex: 'X-(\\d+', score: 0.5}\n",
        6,
        "recognizers.custom[0].patterns[0].regex",
        "invalid regular expression: missing ), unterminated subpattern at position 2",
    ),
    (
        "recognizers:\n  custom:\n    - name: x\n      entity: X_ID\n",
        3,
        "recognizers.custom[0]",
        "a custom recognizer needs at least one pattern or a deny_list",
    ),
    (
        "recognizers:\n  custom:\n    - {name: x, entity: x-id, deny_list: [a]}\n",
        3,
        "recognizers.custom[0].entity",
        "'x-id' should be UPPER_SNAKE, e.g. EMAIL_ADDRESS",
    ),
    (
        SOURCE + "  - kind: local\n    name: finance\n    path: other\n",
        6,
        "sources[1].name",
        "duplicate name 'finance' (also used at index 0)",
    ),
    ("sources:\n  - kind: local\n    name: finance\n", 2, "sources[0].path", "Field required"),
    ("sources:\n  - name: finance\n    path: d\n", 2, "sources[0].kind", "Field required"),
    (
        "sources:\n  - name: finance\n    kind: ftp\n    path: d\n",
        3,
        "sources[0].kind",
        "Input tag 'ftp' found using 'kind' does not match any of the expected tags: 'local'",
    ),
    (SOURCE + "    owners: [bob]\n", 5, "sources[0].owners[0]", "'bob' should be an email"),
    ("recognizers:\n  countries: [GBR]\n", 2, "recognizers.countries[0]", "'GBR' should be"),
    ("policy:\n  levels:\n    email: Confidential\n", 3, "policy.levels.email", "'email' should"),
    ("policy:\n  default_level: Secret\n", 2, "policy.default_level", "unknown sensitivity"),
    (
        "policy:\n  combinations:\n    - name: q\n      all_of: [PERSON]\n"
        "      any_of: [POSTCODE]\n      min_any: 2\n      level: General\n      reason: r\n",
        3,
        "policy.combinations[0]",
        "min_any is 2 but any_of lists 1",
    ),
    ("config_path: /etc/other.yaml\n", 1, "config_path", "Extra inputs are not permitted"),
]


@pytest.mark.parametrize(("text", "line", "field", "message"), ERRORS)
def test_validation_errors_name_file_line_and_field(
    text: str, line: int, field: str, message: str
) -> None:
    [problem] = config_error(text).problems
    assert (problem.file, problem.line, problem.field) == ("warden.yaml", line, field)
    assert problem.message.startswith(message)
    assert str(problem).startswith(f"warden.yaml:{line}: {field}: {message}")


def test_error_message_lists_each_problem_on_its_own_line() -> None:
    error = config_error(SOURCE + "    include: '*.csv'\nscan:\n  mode: fast\nextra: 1\n")
    assert str(error).splitlines() == [
        "warden.yaml:5: sources[0].include: Input should be a valid list",
        "warden.yaml:7: scan.mode: Input should be 'sample' or 'full'",
        "warden.yaml:8: extra: Extra inputs are not permitted",
    ]


# (config text, line, start of the message); problems of the file as a whole
FILE_ERRORS = [
    ("scan:\n  mode: full\n   engine: spark\n", 3, "invalid YAML: mapping values are not allowed"),
    ("sources: [a, b\n", 2, "invalid YAML: expected ',' or ']'"),
    ("", None, "the file is empty; expected a mapping of settings"),
    ("# only a comment\n", None, "the file is empty"),
    ("- kind: local\n", 1, "expected a mapping of settings"),
    ("scan: {}\npolicy: {}\nscan: {mode: full}\n", 3, "invalid YAML: duplicate key 'scan'"),
]


@pytest.mark.parametrize(("text", "line", "message"), FILE_ERRORS)
def test_file_errors_name_file_and_line(text: str, line: int | None, message: str) -> None:
    [problem] = config_error(text).problems
    assert (problem.file, problem.line, problem.field) == ("warden.yaml", line, "")
    where = "warden.yaml" if line is None else f"warden.yaml:{line}"
    assert str(problem).startswith(f"{where}: {message}")


def test_errors_name_the_path_as_given(tmp_path: Path) -> None:
    path = write(tmp_path, "scan: {mode: fast}\n")
    with pytest.raises(ConfigError, match=rf"^{path}:1: scan.mode: Input should be"):
        load_config(path)


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.yaml: cannot read the config"):
        load_config(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    "label", ["Highly Confidential", "highly_confidential", "HIGHLY-CONFIDENTIAL"]
)
def test_sensitivity_labels_are_accepted(label: str) -> None:
    text = f"""\
    recognizers:
      custom: [{{name: c, entity: CODE, deny_list: [x], level: {label}}}]
    policy:
      levels: {{PERSON: {label}}}
      public_level: {label}
    """
    config = config_from_text(dedent(text), Path("warden.yaml"))
    assert config.recognizers.custom[0].level is Sensitivity.HIGHLY_CONFIDENTIAL
    assert config.policy.levels["PERSON"] is Sensitivity.HIGHLY_CONFIDENTIAL
    assert config.policy.public_level is Sensitivity.HIGHLY_CONFIDENTIAL


def test_the_repository_warden_yaml_loads() -> None:
    config = load_config(REPO / "warden.yaml")
    sample, public = config.sources
    assert (sample.name, public.name) == ("sample", "public")
    assert sample.path == REPO / "sample_data"
    assert public.path == REPO / "sample_data" / "public" and public.public
    assert "public/**" in sample.exclude and "_generator/**" in sample.exclude
    assert sample.owners == ["team:data-platform"]
    assert config.catalog == f"sqlite:///{REPO}/dagster_home/warden.db"
    assert config.recognizers.custom[0].entity == "PROJECT_CODE"
    assert config.recognizers.custom[0].level is Sensitivity.CONFIDENTIAL
    [rule] = config.policy.combinations
    assert (rule.name, rule.min_any, rule.level) == (
        "quasi_identifiers",
        2,
        Sensitivity.HIGHLY_CONFIDENTIAL,
    )


def test_default_config_has_no_sources() -> None:
    config = WardenConfig.default()
    assert config.sources == [] and config.config_path is None
    assert config.scan == ScanConfig() and config.policy.default_level is Sensitivity.GENERAL


def test_default_config_path_is_warden_yaml_in_the_folder(tmp_path: Path) -> None:
    assert default_config_path(tmp_path) is None
    assert default_config_path(write(tmp_path, "{}\n").parent) == tmp_path / "warden.yaml"


def test_ad_hoc_source_for_a_folder_and_a_file(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "people[1].csv").write_text("name\nAda\n")
    folder = ad_hoc_source(tmp_path / "exports")
    assert (folder.name, folder.path, folder.include) == ("exports", tmp_path / "exports", ["**/*"])
    single = ad_hoc_source(tmp_path / "exports" / "people[1].csv")
    assert (single.name, single.path) == ("people[1].csv", tmp_path / "exports")
    assert single.include == ["people[[]1].csv"]  # glob-escaped
    with pytest.raises(FileNotFoundError):
        ad_hoc_source(tmp_path / "nowhere")


def test_models_reject_unknown_keys_and_are_frozen() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        ScanConfig.model_validate({"mode": "full", "speed": "fast"})
    with pytest.raises(ValidationError, match="frozen"):
        ScanConfig().mode = "full"
