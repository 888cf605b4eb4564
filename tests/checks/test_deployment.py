"""The container recipe and the dependency pins match what the app needs."""

from __future__ import annotations

import ast
import fnmatch
import json
import os
import re
import subprocess
import sys
import time
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
RUNTIME_PATHS = ("app.py", "content", "guidance", "app_pages", "ui", ".streamlit", "requirements.txt")
LOCAL_PACKAGES = {"guidance", "ui", "app_pages", "app"}


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, with continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def exec_form(args: str) -> list[str]:
    """The JSON array of an exec-form CMD (or HEALTHCHECK ... CMD [...])."""
    return list(json.loads(args[args.index("[") :]))


def last(name: str) -> str:
    """Arguments of the last instruction called ``name``."""
    found = [rest for word, rest in instructions() if word == name]
    assert found, f"Dockerfile has no {name}"
    return found[-1]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def health(port: int) -> str | None:
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
            return r.read().decode()
    except OSError:
        return None


def test_image_is_slim_python_311_and_runs_as_a_non_root_user() -> None:
    """The base image is python:3.11-slim and the server does not run as root."""
    assert last("FROM") == "python:3.11-slim"
    user = last("USER")
    assert user not in ("root", "0", "0:0"), user
    words = [w for w, _ in instructions()]
    assert words.index("CMD") > len(words) - 1 - words[::-1].index("USER"), "USER must come before CMD"
    assert "8501" in last("EXPOSE").split()


def test_dockerignore_keeps_everything_the_app_needs() -> None:
    """Nothing the running app reads is excluded from the image; the venv and tests are."""
    patterns = [
        p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines() if p.strip() and not p.startswith("#")
    ]

    def excluded(name: str) -> bool:
        state = False
        for pat in patterns:
            neg = pat.startswith("!")
            if fnmatch.fnmatch(name, pat.lstrip("!").strip("/")):
                state = not neg
        return state

    assert not [p for p in RUNTIME_PATHS if excluded(p)]
    assert excluded(".venv") and excluded("tests") and excluded(".git")


@pytest.mark.timeout(120)
def test_container_command_serves_the_app_and_its_healthcheck_passes(tmp_path: Path) -> None:
    """The Dockerfile's CMD, run here against the project, answers ``ok`` on the health endpoint,
    and the HEALTHCHECK command agrees (the port is swapped for a free one)."""
    cmd = exec_form(last("CMD"))
    assert cmd[:3] == ["streamlit", "run", "app.py"], cmd
    port = free_port()
    args = [sys.executable, "-m", *cmd]
    args[args.index("--server.port") + 1] = str(port)
    env = {**os.environ, "SYSSELSATTNING_DB_URL": f"sqlite:///{tmp_path / 'workshops.sqlite3'}"}
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while health(port) != "ok":
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "no health answer within 60 s"
            time.sleep(0.1)
        check = exec_form(last("HEALTHCHECK"))
        assert check[0] == "python"
        check = [sys.executable, *(a.replace(":8501/", f":{port}/") for a in check[1:])]
        assert subprocess.run(check, timeout=30).returncode == 0
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def third_party_imports() -> dict[str, str]:
    """Top-level third-party modules imported by the app's code, with one file that imports each."""
    found: dict[str, str] = {}
    files = [ROOT / "app.py", *[p for d in ("guidance", "app_pages", "ui") for p in sorted((ROOT / d).rglob("*.py"))]]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
            )
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in LOCAL_PACKAGES and top != "__future__":
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def pinned(file: str) -> dict[str, str]:
    """Normalised package name -> version of the ``name==version`` lines of a requirements file."""
    out = {}
    for line in (ROOT / file).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-r"):
            assert "==" in line, f"{file}: not pinned: {line}"
            name, version = line.split("==")
            out[re.sub(r"[-_.]+", "-", name).lower()] = version
    return out


def norm(name: str) -> str:
    """A distribution name in normalised form."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_closure(names: set[str]) -> set[str]:
    """``names`` plus everything they require (unconditionally), as installed in this environment."""
    todo, seen = list(names), set(names)
    while todo:
        try:
            reqs = requires(todo.pop()) or []
        except PackageNotFoundError:
            continue
        for req in reqs:
            if "extra ==" in req:
                continue
            dep = norm(re.split(r"[\s<>=!~;\[(]", req, maxsplit=1)[0])
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_every_imported_package_is_pinned_in_requirements() -> None:
    """The image installs only requirements.txt: every third-party import must come from it
    (listed there, or a dependency of a listed package such as pydantic_core of pydantic)."""
    available = installed_closure(set(pinned("requirements.txt")))
    dists = packages_distributions()
    missing = []
    for module, where in third_party_imports().items():
        names = {norm(d) for d in dists.get(module, [module])}
        if not names & available:
            missing.append(f"{module} (imported in {where})")
    assert not missing, f"add to requirements.txt: {missing}"
    pinned("requirements-dev.txt")
