"""The README's Python examples run, in order, as one script."""

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_examples_run():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    runnable = [b for b in blocks if "import paramfit as pints" not in b]
    assert len(runnable) >= 2
    script = "\n".join(runnable) + "\nassert abs(opt.x_best()[1] - 500) < 10\n"
    subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script], check=True, timeout=120
    )
