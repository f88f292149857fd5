"""The startup cache: JSON data keyed by what it depends on; results are the same without it."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from classifiers import startup_cache
from classifiers.config import WardenConfig
from classifiers.confirm import exact_hits
from classifiers.engines import dates, polars_engine, screen_cache
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.recognizers import registry, registry_cache, shape
from classifiers.recognizers.ascii_forms import AsciiForms
from classifiers.recognizers.registry import CustomRecognizerSpec
from classifiers.rules import scan_rules

RULES = scan_rules(WardenConfig.default(), "full")
FILTERS = tuple(f for spec in RULES.registry.specs for f in spec.prefilters)
FRAME = pl.DataFrame(
    {
        "email": [f"user{i}@example.com" for i in range(30)],
        "phone": [f"+44 20 7946 {i:04d}" for i in range(30)],
        "name": ["José Müller", "Zoë Łukasiewicz", "Ørjan Æsir", "Ahmed Khan", "Li Wei"] * 6,
        "iban": ["DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32"] * 15,
        "note": [f"Call Ana Silva at ana{i}@x.org or 555-010{i % 10}, ok?" for i in range(30)],
    }
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(startup_cache.CACHE_ENV, str(tmp_path))
    _forget()
    return tmp_path


def _forget() -> None:
    """What this process remembers, so the next build reads the disk or computes anew."""
    polars_engine._screens.cache_clear()
    polars_engine._know_widened.cache_clear()
    registry._SHAPES.clear()
    registry._MARKS.clear()


def _evidence() -> object:
    _forget()
    return PolarsEngine(RULES.registry, None, RULES.options).table_evidence(FRAME)


def test_data_comes_back_under_its_key_only(cache: Path) -> None:
    startup_cache.store("words", "k1", {"months": ["march", "märz"]})
    assert startup_cache.load("words", "k1") == {"months": ["march", "märz"]}
    assert startup_cache.load("words", "k2") is None


@pytest.mark.parametrize(
    "content",
    ["", "{not json", "[1, 2]", '{"format": 0, "key": "k1", "data": {}}', b"\xff\xfe"],
    ids=["empty", "broken", "a list", "old format", "not text"],
)
def test_an_untrusted_file_is_ignored_and_rewritten(cache: Path, content: str | bytes) -> None:
    startup_cache.store("words", "k1", {"a": 1})
    (path,) = cache.glob("words-*.json")
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert startup_cache.load("words", "k1") is None
    startup_cache.store("words", "k1", {"a": 2})
    assert startup_cache.load("words", "k1") == {"a": 2}


def test_an_unwritable_folder_only_costs_the_time(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = cache / "file"
    blocker.write_text("")
    monkeypatch.setenv(startup_cache.CACHE_ENV, str(blocker / "sub"))
    startup_cache.store("words", "k1", {"a": 1})  # no error
    assert startup_cache.load("words", "k1") is None


def test_screens_read_back_are_the_screens_built(cache: Path) -> None:
    built_groups, built_forms = polars_engine._build_screens(FILTERS)
    screen_cache.save_screens(FILTERS, built_groups, built_forms)
    _forget()
    loaded = screen_cache.load_screens(FILTERS)
    assert loaded is not None
    groups, forms = loaded
    assert groups == built_groups
    for f in FILTERS:
        assert forms.form(f.regex) == built_forms.form(f.regex)
    shapes = ["aaaa@aaaa.aaa", "Józé Müllér", "Ørjan Æsir 00", "ŁŁ-00 ääß"]
    assert forms.spell(shapes) == built_forms.spell(shapes)
    # The punctuation each prefilter requires comes back too, as its regex gives it.
    assert registry._MARKS == {f.regex: shape.required_marks(f.regex) for f in FILTERS}
    assert any(registry._MARKS.values())
    stored = json.loads(next(cache.glob("screens-*.json")).read_text())
    assert isinstance(stored["data"]["groups"], list)  # plain data, no pickle


def test_evidence_is_the_same_without_with_and_after_a_broken_cache(cache: Path) -> None:
    without = _evidence()  # builds the screens and writes them
    (path,) = cache.glob("screens-*.json")
    with_cache = _evidence()  # reads them
    assert with_cache == without
    data = json.loads(path.read_text())
    data["data"]["groups"] = [[len(FILTERS) + 5]]  # a position no prefilter has
    path.write_text(json.dumps(data))
    assert _evidence() == without  # ignored, rebuilt, rewritten
    assert screen_cache.load_screens(FILTERS) is not None


def test_forms_built_for_new_letters_are_read_back_and_not_built_again(cache: Path) -> None:
    without = _evidence()  # the names bring letters that get stand-ins: forms built, written
    (path,) = cache.glob("ascii-widened-*.json")
    assert any(json.loads(path.read_text())["data"]["forms"].values())
    assert _evidence() == without  # read back: the same evidence

    _, built_forms = polars_engine._build_screens(FILTERS)
    state = built_forms.state()
    shapes = ["Józé Müllér", "Zoë Łukasiewicz", "Ørjan Æsir 00"]
    first = AsciiForms.restored(state)
    spelled = first.spell(shapes)
    built = {f.regex: first.form(f.regex) for f in FILTERS}
    assert first.unsaved  # new letters: forms built for their stand-ins
    screen_cache.save_widened(FILTERS, first)
    assert not first.unsaved
    second = AsciiForms.restored(state)  # another process, meeting the same letters
    screen_cache.load_widened(FILTERS, second)
    assert second.spell(shapes) == spelled
    assert {f.regex: second.form(f.regex) for f in FILTERS} == built
    assert not second.unsaved  # every form came from the cache


def test_other_rules_are_another_key() -> None:
    assert screen_cache.screens_key(FILTERS) != screen_cache.screens_key(FILTERS[1:])


CUSTOM = (
    CustomRecognizerSpec(
        "ProjectCodeRecognizer", "PROJECT_CODE", (("code", r"\bPRJ-\d{4}\b", 0.6),), ("project",)
    ),
    CustomRecognizerSpec("TeamRecognizer", "TEAM", deny_list=("falcon", "osprey")),
)


def test_recognizers_read_back_are_the_recognizers_made(cache: Path) -> None:
    made = registry.build_registry(custom=CUSTOM)  # made, and written
    assert list(cache.glob("registry-*.json"))
    read = registry.build_registry(custom=CUSTOM)
    assert "recognizer" not in read.specs[0].__dict__  # nothing made yet
    assert read == made and read.rules_version == made.rules_version
    assert [s.checksum for s in read.specs] == [s.checksum for s in made.specs]
    for old, new in zip(made.specs, read.specs, strict=True):
        assert type(new.recognizer) is type(old.recognizer)  # made again on first use
        assert new.runs_patterns == old.runs_patterns
    team = read.by_name("TeamRecognizer")
    assert [h.recognizer for h in exact_hits(team, "falcon")] == ["TeamRecognizer"]


def test_a_scan_with_cached_recognizers_finds_what_one_without_finds(cache: Path) -> None:
    without = _evidence()
    assert registry.build_registry() == RULES.registry
    with_cache = PolarsEngine(registry.build_registry(), None, RULES.options).table_evidence(FRAME)
    assert with_cache == without
    assert with_cache.columns["email"].matches["EmailRecognizer"].validated == 30


def test_a_broken_registry_file_is_made_again(cache: Path) -> None:
    made = registry.build_registry()
    (path,) = cache.glob("registry-*.json")
    data = json.loads(path.read_text())
    data["data"]["specs"][3]["prefilters"] = "not a list of prefilters"
    path.write_text(json.dumps(data))
    assert registry.build_registry() == made
    assert registry_cache.load_specs(()) == list(made.specs)  # written again, whole


def test_month_names_read_back_are_babels(cache: Path) -> None:
    dates.month_names.cache_clear()
    first = dates.month_names()  # from Babel, and written
    dates.month_names.cache_clear()
    assert dates.month_names() == first == dates._month_names()
    (path,) = cache.glob("months-*.json")
    path.write_text('{"format": 1, "key": "another", "data": {"names": ["x"]}}')
    dates.month_names.cache_clear()
    assert dates.month_names() == first
    dates.month_names.cache_clear()


def test_a_recipe_naming_a_module_no_recognizer_lives_in_is_not_trusted(cache: Path) -> None:
    made = registry.build_registry()
    (path,) = cache.glob("registry-*.json")
    data = json.loads(path.read_text())
    data["data"]["specs"][0]["recipe"] = ["os", "system", -1]
    path.write_text(json.dumps(data))
    assert registry_cache.load_specs(()) is None
    assert registry.build_registry() == made


def test_without_a_home_folder_nothing_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(startup_cache.CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert startup_cache.cache_dir() is None
    startup_cache.store("words", "k1", {"a": 1})
    assert startup_cache.load("words", "k1") is None


def test_a_module_edited_while_a_process_runs_keeps_the_key_it_was_read_with(tmp_path: Path):
    """The key digests the code as the process first read it: results computed by old code
    must not be stored under the edited code's key (a long process, a file being edited)."""
    module = tmp_path / "rules_module.py"
    module.write_text("RULE = 1\n")
    before = startup_cache.source_digest([module])
    module.write_text("RULE = 2\n")
    assert startup_cache.source_digest([module]) == before
    (tmp_path / "edited").mkdir()
    same_name = tmp_path / "edited" / "rules_module.py"  # first read now: its new text counts
    same_name.write_text("RULE = 2\n")
    assert startup_cache.source_digest([same_name]) != before
