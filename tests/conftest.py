import os
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
