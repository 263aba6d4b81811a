"""The README's Python example runs as written."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_python_api_example_in_the_readme_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "the README has no Python example"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README block {i + 1}", str(README), 0)
        assert test.examples, f"README block {i + 1} has no >>> examples"
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} README examples failed (see output above)"


def test_cleanup_write_writes_a_result_after_the_writers_are_loaded(tmp_path: Path) -> None:
    import pandas as pd

    import cleanup
    import cleanup.writers.workbook  # noqa: F401  (a submodule must not hide the function)

    export = pd.DataFrame({"First Name": ["Ada"], "Last Name": ["Example"],
                           "URL": ["https://www.linkedin.com/in/ada-example"],
                           "Email Address": [""], "Company": ["Pixel Web Design"],
                           "Position": ["Owner"], "Connected On": ["05 Mar 2024"]})
    result = cleanup.analyse(export, cleanup.Rules.from_dict(
        {"competitor": {"keywords": ["web design"]}}))
    written = cleanup.write(result, tmp_path / "out")
    assert written.paths["xlsx"].is_file() and written.paths["html"].is_file()
