"""config.yaml: defaults, validation with path:line:column, saving."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core import paths
from quizapp.core.config import (
    Config,
    ConfigError,
    load_config,
    parse_config,
    save_config,
    set_value,
)


def test_missing_file_gives_anki_defaults() -> None:
    cfg = load_config()
    assert cfg == Config()
    assert (cfg.retention, cfg.new_per_day, cfg.reviews_per_day, cfg.day_start_hour) == (
        0.90,
        20,
        200,
        4,
    )


def test_values_are_read() -> None:
    cfg = parse_config("retention: 0.85\nnew_per_day: 5\ntimezone: Asia/Almaty\n")
    assert cfg.retention == 0.85 and cfg.new_per_day == 5
    assert str(cfg.tz()) == "Asia/Almaty"


def test_wrong_type_is_reported_with_line_and_column(tmp_path: Path) -> None:
    f = tmp_path / "config.yaml"
    f.write_text("theme: nord\nnew_per_day: lots\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(f)
    assert info.value.messages() == [f"{f}:2:14: new_per_day must be a whole number, not 'lots'"]


@pytest.mark.parametrize("value", ["0.5", "1.0", "0.995"])
def test_retention_outside_range_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match=r"config.yaml:1:12: retention .* outside 0.7-0.99"):
        parse_config(f"retention: {value}\n")


def test_high_retention_warns() -> None:
    assert parse_config("retention: 0.98").warnings()
    assert not parse_config("retention: 0.97").warnings()


def test_every_problem_is_listed_and_unknown_keys_named() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config("retention: high\nday_start_hour: 25\ncolour: red\n", "c.yaml")
    messages = info.value.messages()
    assert messages[0].startswith("c.yaml:1:12: retention must be a number")
    assert messages[1].startswith("c.yaml:2:17: day_start_hour must be a whole hour 0-23")
    assert messages[2].startswith("c.yaml:3:1: unknown setting 'colour'")


def test_not_a_mapping_and_bad_yaml() -> None:
    with pytest.raises(ConfigError, match=r"c\.yaml:1:1: the config must be a mapping"):
        parse_config("- a\n- b\n", "c.yaml")
    with pytest.raises(ConfigError, match=r"c\.yaml:3:1: YAML syntax error"):
        parse_config("theme: nord\nretention: [0.9\n", "c.yaml")


def test_save_and_set_value_round_trip() -> None:
    path = save_config(Config(retention=0.88, theme="nord"))
    assert path == paths.config_file()
    assert load_config() == Config(retention=0.88, theme="nord")
    set_value("theme", "gruvbox")
    assert load_config().theme == "gruvbox"
    assert load_config().retention == 0.88
    with pytest.raises(ValueError, match="outside"):
        set_value("retention", 0.5)
    assert load_config().retention == 0.88


def test_from_dict_checks_values() -> None:
    assert Config.from_dict(Config(new_per_day=3).to_dict()).new_per_day == 3
    with pytest.raises(ValueError, match="new_per_day"):
        Config.from_dict({"new_per_day": True})


@given(st.text(max_size=200))
def test_any_text_parses_or_gives_config_error(text: str) -> None:
    try:
        cfg = parse_config(text)
    except ConfigError as exc:
        assert all(":" in m for m in exc.messages())
    else:
        assert isinstance(cfg, Config)


def test_config_gets_the_deck_loaders_safety() -> None:
    with pytest.raises(ConfigError, match=r"c\.yaml:1:8: tag 'python/object/apply:os\.system'"):
        parse_config("theme: !!python/object/apply:os.system [x]\n", "c.yaml")
    with pytest.raises(ConfigError, match=r"c\.yaml:1:8: theme takes a single value, not a list"):
        parse_config("theme: [a, b]\n", "c.yaml")
