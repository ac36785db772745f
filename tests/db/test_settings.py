"""Settings come from the environment and are safe for deployment when DEBUG is off."""

import os
import subprocess
import sys

from tests.conftest import ROOT


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_deploy_check_is_clean_with_debug_off():
    result = _manage("check", "--deploy", "--fail-level", "WARNING",
                     DEBUG="0", SECRET_KEY="x" * 60 + "-not-a-real-secret-but-long-and-random-0123456789",
                     ALLOWED_HOSTS="incidents.example.org")
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_bad_fuzzy_threshold_names_the_setting():
    result = _manage("check", GAZETTEER_FUZZY_THRESHOLD="250")
    assert result.returncode != 0
    assert "GAZETTEER_FUZZY_THRESHOLD" in result.stderr
