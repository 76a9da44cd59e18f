from __future__ import annotations

import pytest

from factcheck.config import Config, load_config
from factcheck.errors import ConfigError


def test_default_config_loads_and_round_trips():
    cfg = load_config()
    assert isinstance(cfg, Config)
    assert Config.model_validate(cfg.to_dict()) == cfg


def test_user_file_overrides_single_keys(tmp_path):
    user = tmp_path / "my.toml"
    user.write_text('[align]\nthreshold = 0.9\n[embedder]\nname = "fake.v1"\n', encoding="utf-8")
    cfg = load_config(user)
    assert cfg.align.threshold == 0.9
    assert cfg.embedder.name == "fake.v1"
    # untouched keys keep their defaults
    assert cfg.align.weight_semantic == load_config().align.weight_semantic


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[align]\nthreshhold = 0.9\n", "align.threshhold"),  # typo: unknown key
        ("[align]\nthreshold = 'high'\n", "align.threshold"),  # wrong type
        ("[align\n", "not valid TOML"),
    ],
)
def test_bad_user_config_is_a_one_line_config_error(tmp_path, content, message):
    user = tmp_path / "bad.toml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(user)
    text = str(err.value)
    assert message in text and str(user) in text and "\n" not in text


def test_missing_user_config(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
