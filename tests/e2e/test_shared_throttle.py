"""The API's throttles count every web process's requests in one Redis cache, and a cache that is away costs no 500."""

import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import LiveStack, _free_port, redis_url_for_tests

pytestmark = pytest.mark.e2e


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _start_web(stack: LiveStack, name: str, **env: str) -> str:
    """One gunicorn process with one worker (as a second machine behind the proxy would run), once it listens."""
    port = _free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    stack.start(name, gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", **env)

    def listening():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    stack.wait_for(listening, 60, f"gunicorn {name}")
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def web_stack(tmp_path_factory):
    redis_url = redis_url_for_tests()
    stack = LiveStack(tmp_path_factory.mktemp("throttle"), redis_url)
    result = stack.manage("migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    yield stack, redis_url
    for name in list(stack.processes):
        stack.stop(name)


def test_the_anonymous_rate_holds_across_web_processes(web_stack):
    stack, redis_url = web_stack
    # A database of its own: the live stack's server counts its requests in the broker's.
    cache = f"{redis_url}/14"
    subprocess.run(["redis-cli", "-u", cache, "flushdb"], check=True, capture_output=True)
    limits = {"CACHE_URL": cache, "API_THROTTLE_ANON": "3/min"}
    first, second = _start_web(stack, "web-a", **limits), _start_web(stack, "web-b", **limits)
    assert [_status(first + "/api/incidents/") for _ in range(3)] == [200, 200, 200]
    # Each process counting alone would let the other answer three more.
    assert _status(second + "/api/incidents/") == 429
    assert _status(first + "/api/incidents/") == 429


def test_a_cache_that_is_away_lets_requests_through(web_stack):
    stack, _ = web_stack
    nowhere = f"redis://127.0.0.1:{_free_port()}/0"
    web = _start_web(stack, "web-no-cache", CACHE_URL=nowhere, API_THROTTLE_ANON="3/min")
    assert [_status(web + "/api/incidents/") for _ in range(2)] == [200, 200]
