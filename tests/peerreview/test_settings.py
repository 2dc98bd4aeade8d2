"""Settings read from the environment: yes/no values, the beat schedule, logging."""

import ast
import importlib
import runpy
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "peerreview" / "settings.py"

# Every yes/no variable, the setting it makes, and what else it needs to be read at all.
BOOLEANS = [
    ("DJANGO_DEBUG", "DEBUG", {"DJANGO_SECRET_KEY": "a-secret-key-for-this-test-only"}),
    ("TWO_FACTOR_MANDATORY", "TWO_FACTOR_MANDATORY", {}),
    ("DJANGO_SECURE_SSL_REDIRECT", "SECURE_SSL_REDIRECT", {}),
    ("DJANGO_BEHIND_PROXY", "BEHIND_PROXY", {}),
    ("EMAIL_USE_TLS", "EMAIL_USE_TLS", {"EMAIL_HOST": "smtp.example.org"}),
]


def run_settings(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


@pytest.mark.parametrize(("variable", "setting", "needs"), BOOLEANS)
@pytest.mark.parametrize("value", ["ture", "2", "y", "enabled", "nope"])
def test_a_yes_no_variable_refuses_a_value_it_does_not_know(monkeypatch, variable, setting, needs, value):
    with pytest.raises(ImproperlyConfigured) as refused:
        run_settings(monkeypatch, **needs, **{variable: value})
    message = str(refused.value)
    assert variable in message
    assert repr(value) in message
    assert "1/0, true/false, yes/no, on/off" in message


@pytest.mark.parametrize(("variable", "setting", "needs"), BOOLEANS)
@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("TRUE", True), (" Yes ", True), ("on", True)]
    + [("0", False), ("false", False), ("False", False), ("NO", False), (" off", False)],
)
def test_a_yes_no_variable_reads_every_spelling_in_any_case(
    monkeypatch, variable, setting, needs, value, expected
):
    assert run_settings(monkeypatch, **needs, **{variable: value})[setting] is expected


@pytest.mark.parametrize(("variable", "setting", "needs"), BOOLEANS)
def test_an_empty_yes_no_variable_means_its_default(monkeypatch, variable, setting, needs):
    unset = run_settings(monkeypatch, **needs)
    monkeypatch.setenv(variable, "")
    assert run_settings(monkeypatch, **needs)[setting] == unset[setting]


def test_two_step_sign_in_is_not_quietly_left_optional_by_a_typo(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="TWO_FACTOR_MANDATORY"):
        run_settings(monkeypatch, TWO_FACTOR_MANDATORY="ture")


def test_the_beat_schedule_is_defined_in_one_place():
    tree = ast.parse(SETTINGS.read_text())
    assigned = [
        node
        for node in ast.walk(tree)
        for target in getattr(node, "targets", [getattr(node, "target", None)])
        if isinstance(target, ast.Name | ast.Subscript | ast.Attribute)
        and "CELERY_BEAT_SCHEDULE" in ast.unparse(target)
    ]
    assert len(assigned) == 1, "CELERY_BEAT_SCHEDULE is assigned once, as one dict"
    assert isinstance(assigned[0].value, ast.Dict)
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and "CELERY_BEAT_SCHEDULE" in ast.unparse(node.func)
    ]
    assert not calls, "nothing adds to the beat schedule after it is defined"


@pytest.mark.parametrize("name", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_every_scheduled_job_names_a_task_that_exists(name):
    module, _, task = settings.CELERY_BEAT_SCHEDULE[name]["task"].rpartition(".")
    assert getattr(importlib.import_module(module), task).name == f"{module}.{task}"


def test_every_app_of_ours_logs_at_log_level():
    ours = {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}
    assert ours == {"peerreview", "reviews", "teams", "casework"}
    loggers = settings.LOGGING["loggers"]
    for app in ours:
        assert loggers[app]["level"] == settings.LOG_LEVEL


def test_log_level_comes_from_the_environment(monkeypatch):
    loggers = run_settings(monkeypatch, LOG_LEVEL="debug")["LOGGING"]["loggers"]
    assert {logger["level"] for logger in loggers.values()} == {"DEBUG"}
