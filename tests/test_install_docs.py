"""docs/install.md: the install commands it gives match the project's pins, and it states the size."""

import re

from conftest import ROOT

DOC = (ROOT / "docs" / "install.md").read_text()


def test_install_doc_gives_pip_and_pipx_from_a_clone_with_the_size():
    assert "pip install -c constraints.txt ." in DOC and "pipx install ." in DOC
    torch = re.search(r"^torch==(\S+)", (ROOT / "constraints.txt").read_text(), re.M).group(1)
    assert f"torch=={torch}" in DOC  # the pin the doc installs first is the one the tests ran with
    assert "download.pytorch.org/whl/cpu" in DOC
    assert re.search(r"\| the whole installed environment[^|]*\| [\d,]+ MB \|", DOC)
    readme = (ROOT / "README.md").read_text()
    assert "docs/install.md" in readme and "docs/ci/factcheck.yml" in readme
