"""The README's Python example runs as written, and its two commands are the CI's."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_example_runs(tmp_path, monkeypatch):
    block = re.search(r"## In Python\n\n```python\n(.*?)```", README, re.S).group(1)
    monkeypatch.chdir(tmp_path)  # result.save("scores/") writes here
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert (tmp_path / "scores" / "spans.csv").is_file()
    assert namespace["result"].documents.shape[0] == 5


def test_readme_starts_with_the_two_commands_ci_runs():
    commands = re.findall(r"<!-- (main|test)-command -->\n```\n(.+?)\n```", README)
    assert [kind for kind, _ in commands] == ["main", "test"]
    assert "framing report corpus/strikes-2024" in commands[0][1]
    assert "pytest" in commands[1][1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "test-command" in ci  # .ci/run extracts and runs the README's test command
