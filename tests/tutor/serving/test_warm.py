"""tutor.serving.warm: what a server imports before its first learner."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tutor.serving import warm

ROOT = Path(__file__).resolve().parents[3]


def test_imported_modules_lists_each_import_and_each_from_import_name_once() -> None:
    source = ("import os\nimport a.b as ab\nfrom c import d, e\nfrom c import d\n"
              "from . import rel\nfrom f import *\n\ndef later():\n    import g\n")
    assert warm.imported_modules(source) == ["os", "a.b", "c", "c.d", "c.e", "f", "g"]


def test_import_all_imports_modules_and_skips_names_that_are_not_modules(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "fresh_for_warm.py").write_text("def f():\n    return 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "fresh_for_warm", raising=False)
    count = warm.import_all(["fresh_for_warm", "fresh_for_warm.f", "no_such_module_anywhere"])
    assert count == 1
    assert "fresh_for_warm" in sys.modules
    sys.modules.pop("fresh_for_warm")


def test_import_all_logs_a_module_that_fails_to_import_and_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "broken_for_warm.py").write_text("import no_such_dependency_xyz\n")
    (tmp_path / "raising_for_warm.py").write_text("raise ValueError('bad page')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert warm.import_all(["broken_for_warm", "raising_for_warm", "json"]) == 1
    assert "broken_for_warm" in caplog.text and "bad page" in caplog.text


def test_the_app_and_its_pages_imports_are_all_modules_that_warm_finds() -> None:
    scripts = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
    names = [n for s in scripts for n in warm.imported_modules(s.read_text(encoding="utf-8"))]
    assert "tutor.stepping.stepview" in names  # the stepping pages' one import
    assert "streamlit" in names


def test_warm_imports_what_the_scripts_import_and_starts_the_pool(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "page_dep_for_warm.py").write_text("X = 1\n")
    script = tmp_path / "page.py"
    script.write_text("from page_dep_for_warm import X\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "page_dep_for_warm", raising=False)
    started: list[bool] = []
    monkeypatch.setattr(warm.POOL, "warm", lambda: started.append(True))
    assert warm.warm([script]) == 1 + len(warm.LAZY)
    assert "page_dep_for_warm" in sys.modules
    assert started == [True]
    sys.modules.pop("page_dep_for_warm")
