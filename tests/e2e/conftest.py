"""A live stack for end-to-end tests: SpatiaLite file, real Redis (from make test), Celery worker, web server."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveStack:
    """Processes of one end-to-end run and helpers to talk to them."""

    def __init__(self, workdir: Path, redis_url: str):
        self.workdir = workdir
        self.database = workdir / "e2e.sqlite3"
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"spatialite:///{self.database}",
            "CELERY_BROKER_URL": f"{redis_url}/15",
            "PYTHONUNBUFFERED": "1",
            # A task whose worker died is handed out again this soon (the visibility timeout must outlast the task
            # time limit), so the test need not wait the production default.
            "CELERY_TASK_TIME_LIMIT": "10",
            "CELERY_VISIBILITY_TIMEOUT": "12",
            # When a test runs Celery beat, work left unfinished is queued again within seconds.
            "INCIDENTS_REQUEUE_INTERVAL": "1",
            "INCIDENTS_REQUEUE_AFTER": "3",
            # No tile server, as on a machine offline: the pages draw the gazetteer's places instead.
            "MAP_TILE_URL": "",
        }
        self.processes: dict[str, subprocess.Popen] = {}

    def manage(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """Run a management command in its own process against the stack's database and broker."""
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
            timeout=timeout,
        )

    def start(self, name: str, *command: str, **env: str) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(command, cwd=ROOT, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes[name] = process
        return process

    def start_worker(self, name: str = "worker") -> subprocess.Popen:
        """A real Celery worker process on the real broker."""
        celery = str(Path(sys.executable).with_name("celery"))
        return self.start(name, celery, "-A", "config", "worker", "--concurrency", "1", "--loglevel", "INFO",
                          "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle")

    def start_beat(self, **env: str) -> subprocess.Popen:
        """Celery beat, which queues the periodic sweep of unfinished work."""
        celery = str(Path(sys.executable).with_name("celery"))
        return self.start("beat", celery, "-A", "config", "beat", "--loglevel", "INFO",
                          "--schedule", str(self.workdir / "beat-schedule"), **env)

    def stop(self, name: str, sig: int | None = None) -> None:
        process = self.processes.pop(name)
        if sig is None:
            process.terminate()
        else:
            process.send_signal(sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def kill(self, name: str) -> None:
        """Kill a process and its children at once, as a crash or an OOM kill would."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    def get_json(self, path: str) -> dict:
        with urllib.request.urlopen(self.base_url + path, timeout=10) as response:
            return json.load(response)

    def wait_for(self, predicate, timeout: float, what: str):
        """Poll until predicate() returns something truthy; fail with the worker log otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.5)
        logs = "\n".join(f"--- {n}.log ---\n{self.log(n)[-3000:]}" for n in ("worker", "server")
                         if (self.workdir / f"{n}.log").exists())
        pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{logs}")


def redis_url_for_tests() -> str:
    """The Redis that `make test` started for the end-to-end tests (a failure, not a skip, without one)."""
    redis_url = os.environ.get("HAWRAN_TEST_REDIS_URL")
    if not redis_url:
        pytest.fail("HAWRAN_TEST_REDIS_URL is not set: run the end-to-end tests with `make test`, which starts Redis")
    return redis_url


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory):
    """Migrate a fresh SpatiaLite file, load the gazetteer, start a Celery worker and the web server."""
    redis_url = redis_url_for_tests()
    stack = LiveStack(tmp_path_factory.mktemp("e2e"), redis_url)
    for command in (("migrate", "--noinput"), ("load_gazetteer",)):
        result = stack.manage(*command)
        assert result.returncode == 0, result.stderr
    subprocess.run(["redis-cli", "-u", f"{redis_url}/15", "flushdb"], check=True, capture_output=True)
    stack.start_worker()
    stack.start("server", sys.executable, "manage.py", "runserver", f"127.0.0.1:{stack.port}", "--noreload")

    def server_up():
        try:
            with socket.create_connection(("127.0.0.1", stack.port), timeout=1):
                return True
        except OSError:
            return False

    stack.wait_for(server_up, 60, "the web server")
    yield stack
    for name in list(stack.processes):
        stack.stop(name)


def chromium(width: int = 1280, height: int = 900):
    """A headless Chromium driven by Selenium, with its console log kept (CSP violations land there)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


@pytest.fixture(scope="module")
def browser():
    """One desktop-sized browser per test module."""
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def phone():
    """A browser the size of a phone (390 x 844 CSS pixels)."""
    driver = chromium(390, 844)
    driver.set_window_size(390, 844)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def map_with_samples(live_stack):
    """The live stack with the five sample articles ingested by the worker."""
    result = live_stack.manage("ingest", "seeds/articles", "--wait", "180")
    assert result.returncode == 0, result.stdout + result.stderr
    return live_stack
