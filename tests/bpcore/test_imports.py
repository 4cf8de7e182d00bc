"""bpcore stays a pure model: NumPy and the standard library only."""

import ast
import pathlib
import subprocess
import sys

BPCORE = pathlib.Path(__file__).resolve().parents[2] / "bpcore"
ALLOWED_THIRD_PARTY = {"numpy"}


def test_bpcore_imports_only_numpy_and_the_standard_library():
    for path in BPCORE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = {node.module.split(".")[0]}
            else:
                continue
            for root in roots:
                ok = root in ALLOWED_THIRD_PARTY or root == "bpcore" or \
                    root in sys.stdlib_module_names
                assert ok, f"{path.name} imports {root}"


def test_importing_bpcore_loads_neither_streamlit_nor_plotly():
    modules = "; ".join(f"import bpcore.{p.stem}" for p in BPCORE.glob("*.py")
                        if p.stem != "__init__")
    code = (f"import sys, bpcore; {modules}; "
            "print(any(m.split('.')[0] in ('streamlit', 'plotly') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=BPCORE.parent, check=True)
    assert out.stdout.strip() == "False"
