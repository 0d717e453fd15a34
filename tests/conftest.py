import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# One model build per test session, in a cache that is not the user's.
os.environ.setdefault("FACTCHECK_CACHE", str(ROOT / ".venv" / "factcheck-test-cache"))


@pytest.fixture(scope="session")
def settings():
    from factcheck.settings import Settings

    return Settings()


@pytest.fixture(scope="session")
def pipeline(settings):
    from factcheck.pipeline import Pipeline

    return Pipeline(settings)


@pytest.fixture(scope="session")
def seed_report(pipeline):
    return pipeline.check([str(SEEDS)])


def chromium() -> str | None:
    """Debian's chromium, when installed (the Makefile's chromium target installs it in CI)."""
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def browser(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Headless Chromium with no network chatter (this machine's network is closed) and a fresh profile."""
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=120)
