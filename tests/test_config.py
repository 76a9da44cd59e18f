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


@pytest.mark.parametrize(("data", "message"), [
    ("[align]\nthreshold = 0.9\n".encode("utf-16"), "not UTF-8 text"),  # saved as UTF-16 by an editor
    ("# Schwellenwert für Übereinstimmung\n".encode("latin-1"), "not UTF-8 text"),
])
def test_a_config_not_in_utf8_is_a_one_line_config_error(tmp_path, data, message):
    # tomllib reads bytes as UTF-8: this was "internal error: UnicodeDecodeError", naming no file
    user = tmp_path / "bad.toml"
    user.write_bytes(data)
    with pytest.raises(ConfigError) as err:
        load_config(user)
    text = str(err.value)
    assert message in text and str(user) in text and "\n" not in text


def test_a_config_path_that_is_a_folder_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path)


def test_missing_user_config(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # unknown keys name the key and every key allowed there
        ("[align]\nthreshhold = 0.9\n", "align.threshhold: unknown key (allowed: cosine_floor, cosine_ceiling,"),
        ("[limit]\nmax_articles = 5\n", "limit: unknown key (allowed: ingest, segment, embedder,"),
        ("[claims.lexicons.de]\nnegatorz = []\n", "claims.lexicons.de.negatorz: unknown key (allowed: negators,"),
        # wrong types say what was expected and what was given
        ("[align]\nthreshold = 'high'\n", "align.threshold: must be a valid number, unable to parse string as a number (got 'high')"),
        ("[ingest]\nstrict = 'ja'\n", "ingest.strict: must be a valid boolean, unable to interpret input (got 'ja')"),
        ("[candidates]\nshared_keys = ['entity', 'colour']\n", "candidates.shared_keys.1: must be 'entity', 'number' or 'predicate' (got 'colour')"),
        # out of range: the bound
        ("[limits]\nmax_articles = 0\n", "limits.max_articles: must be greater than or equal to 1 (got 0)"),
        ("[align]\nthreshold = 1.5\n", "align.threshold: must be less than or equal to 1 (got 1.5)"),
        ("[judge]\nmin_probability = -0.1\n", "judge.min_probability: must be a probability between 0 and 1 (got -0.1)"),
        ("[judge]\nnone_weight = 0\n", "judge.none_weight: must be a weight above 0 and at most 1 (got 0)"),
        ("[candidates]\nblock_rows = 0\n", "candidates.block_rows: must be greater than or equal to 1 (got 0)"),
        ("[ingest]\nforeign_max_share = 2\n", "ingest.foreign_max_share: must be less than or equal to 1 (got 2)"),
        ("[ingest.boilerplate]\ntail_markers = ['(']\n", "ingest.boilerplate.tail_markers: invalid regular expression '('"),
    ],
)
def test_config_problems_name_the_key_and_what_is_allowed(tmp_path, content, message):
    user = tmp_path / "my.toml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(user)
    text = str(err.value)
    assert text.startswith(f"{user}: ") and message in text and "\n" not in text


def test_several_problems_are_counted(tmp_path):
    user = tmp_path / "my.toml"
    user.write_text("[limits]\nmax_articles = 0\nmax_sentence_chars = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"max_articles: .* \(and 1 more problem\)$"):
        load_config(user)


def test_the_effective_config_is_echoed_in_every_report(tmp_path):
    from factcheck import analyze
    from factcheck.records import Article
    from factcheck.report import build_report

    user = tmp_path / "my.toml"
    user.write_text('[limits]\nmax_sentence_chars = 500\n[embedder]\nname = "fake.v1"\n[nli]\nmodel = ""\n',
                    encoding="utf-8")
    cfg = load_config(user)
    a = Article(id="a", title="A", text="Der Minister schloss Bodentruppen aus.", outlet="X")
    report = build_report(analyze([a], cfg))
    assert report["config"]["limits"]["max_sentence_chars"] == 500
    assert Config.model_validate({k: v for k, v in report["config"].items()} | {
        "embedder": {k: v for k, v in report["config"]["embedder"].items() if k != "model_id"}}) == cfg
