"""Supply chain: every install is hash-checked, every lock file is compiled from its .in, and the LiteLLM pip
pin and the default LiteLLM image are one release (LiteLLM had releases replaced by malware: 1.82.7, 1.82.8)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from templates import images, service

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(text: str) -> list[tuple[str, str | None, list[str]]]:
    """(name, pinned version or None, hashes) of each requirement in a requirements file; continuation lines
    (backslash) are joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    found = []
    for line in joined.splitlines():
        line = line.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        pin = PIN.match(line)
        name = pin.group(1) if pin else re.match(r"[^\s=<>~!\[;]+", line).group(0)
        found.append((_name(name), pin.group(3) if pin else None, re.findall(r"--hash=sha256:([0-9a-f]{64})", line)))
    return found


def lock_problems(lock_text: str, in_text: str) -> list[str]:
    """What makes a compiled lock file unfit for `pip install --require-hashes`, or stale against its .in."""
    problems = []
    locked = {}
    for name, version, hashes in requirements(lock_text):
        locked[name] = version
        if version is None:
            problems.append(f"{name}: not pinned with ==")
        if not hashes:
            problems.append(f"{name}: no --hash")
    for line in in_text.splitlines():
        if not line.split("#")[0].strip():
            continue
        want = Requirement(line.split("#")[0])
        name = _name(want.name)
        if name not in locked:
            problems.append(f"{name}: wanted in the .in file, missing from the lock (run `make lock`)")
        elif locked[name] and not want.specifier.contains(locked[name], prereleases=True):
            problems.append(f"{name}: .in wants {want.specifier}, lock has {locked[name]} (run `make lock`)")
    return problems


LOCKS = sorted(REQUIREMENTS.glob("*.txt"))


@pytest.mark.parametrize("lock", LOCKS, ids=[p.name for p in LOCKS])
def test_every_lock_file_is_compiled_with_hashes_from_its_in_file(lock):
    in_file = lock.with_suffix(".in")
    assert in_file.exists(), f"{lock.name} has no {in_file.name} beside it: write one, then `make lock`"
    assert lock_problems(lock.read_text(), in_file.read_text()) == []


def test_the_lock_check_catches_a_missing_hash_a_stale_pin_and_a_missing_want():
    lock = "pyyaml==6.0.4 \\\n    --hash=sha256:" + "a" * 64 + "\n    # via -r x.in\nrequests==2.34.2\n"
    assert lock_problems(lock, "PyYAML\nrequests\n") == ["requests: no --hash"]
    assert lock_problems(lock.replace("requests==2.34.2", "requests>=2"), "") == [
        "requests: not pinned with ==", "requests: no --hash"]
    hashed = lock.replace("requests==2.34.2", "requests==2.34.2 --hash=sha256:" + "b" * 64)
    assert lock_problems(hashed, "PyYAML==6.0.3\nrequests==2.34.*  # why\nboto3\n") == [
        "pyyaml: .in wants ==6.0.3, lock has 6.0.4 (run `make lock`)",
        "boto3: wanted in the .in file, missing from the lock (run `make lock`)"]


def pip_installs(makefile_text: str) -> list[str]:
    return [line.strip() for line in re.sub(r"\\\n", " ", makefile_text).splitlines()
            if re.search(r"\bpip install\b", line)]


def unchecked_installs(makefile_text: str, pip_flags: str) -> list[str]:
    """pip installs that neither check hashes nor are the project's own download-free editable install."""
    bad = []
    for line in pip_installs(makefile_text):
        expanded = line.replace("$(PIP_FLAGS)", pip_flags)
        own_project = "-e ." in expanded and "--no-deps" in expanded and "--no-build-isolation" in expanded
        if "--require-hashes" not in expanded and not own_project:
            bad.append(line)
    return bad


def test_every_pip_install_in_the_makefiles_checks_hashes():
    makefile = (ROOT / "Makefile").read_text()
    flags = re.search(r"^PIP_FLAGS\s*:?=(.*)$", makefile, re.M).group(1)
    texts = [makefile] + [p.read_text() for p in sorted((ROOT / "mk").glob("*.mk"))]
    assert sum(len(pip_installs(t)) for t in texts) >= 3
    assert [bad for text in texts for bad in unchecked_installs(text, flags)] == []


def test_the_install_check_catches_an_unhashed_install():
    assert unchecked_installs("\t.venv-x/bin/pip install -q -r requirements/x.txt\n", "--quiet") == [
        ".venv-x/bin/pip install -q -r requirements/x.txt"]
    assert unchecked_installs("\tpip install --no-deps -e .\n", "") == ["pip install --no-deps -e ."]
    assert unchecked_installs("\tpip install $(PIP_FLAGS) -r r.txt\n", "--require-hashes") == []


def venvs_made_without_their_pip_first(makefile_text: str) -> list[str]:
    """`python -m venv` lines outside new_venv, whose next line upgrades pip from requirements/pip.txt: the pip
    that venv brings (23.2) refuses litellm's httpx[http2] under --require-hashes once httpx has a newer release."""
    lines = re.sub(r"\\\n", " ", makefile_text).splitlines()
    bad = []
    for i, line in enumerate(lines):
        if re.search(r"-m venv\b", line):
            follows = lines[i + 1] if i + 1 < len(lines) else ""
            if not ("pip install" in follows and "-r requirements/pip.txt" in follows):
                bad.append(line.strip())
    return bad


def test_every_venv_installs_its_pinned_pip_before_anything_else():
    texts = [(ROOT / "Makefile").read_text()] + [p.read_text() for p in sorted((ROOT / "mk").glob("*.mk"))]
    assert [bad for text in texts for bad in venvs_made_without_their_pip_first(text)] == []
    pins = {name: version for name, version, _ in requirements((REQUIREMENTS / "pip.txt").read_text())}
    assert int(pins["pip"].split(".")[0]) >= 24, "pip 23 resolves extras of pinned packages against the index"


def test_the_venv_check_catches_a_venv_made_with_the_pip_it_brings():
    assert venvs_made_without_their_pip_first("\tpython3 -m venv .venv-x\n\t.venv-x/bin/pip install -r r.txt\n") == [
        "python3 -m venv .venv-x"]
    assert venvs_made_without_their_pip_first(
        "\t$(PYTHON) -m venv $(1)\n\t$(1)/bin/pip install $(PIP_FLAGS) -r requirements/pip.txt\n") == []


def test_litellm_pip_pin_and_default_image_are_one_release():
    pins = {name: version for name, version, _ in requirements((REQUIREMENTS / "litellm.txt").read_text())}
    assert images.LITELLM.tag == f"v{pins['litellm']}"
    assert service.LITELLM_IMAGE_DEFAULT.startswith(f"{images.LITELLM.repository}:v{pins['litellm']}")


@pytest.mark.parametrize("image", [images.LITELLM, images.OLLAMA], ids=["litellm", "ollama"])
def test_default_images_are_pinned_references(image):
    assert image.digest is None or re.fullmatch(r"sha256:[0-9a-f]{64}", image.digest)
    assert re.fullmatch(service.IMAGE_PATTERN, image.reference())


def test_a_known_digest_sits_beside_the_tag():
    digest = "sha256:" + "0" * 64
    pinned = images.Image("ghcr.io/berriai/litellm-non_root", "v1.106.12", digest)
    assert pinned.reference() == f"ghcr.io/berriai/litellm-non_root:v1.106.12@{digest}"
    assert re.fullmatch(service.IMAGE_PATTERN, pinned.reference())


def npm_problems(manifest: dict, lock: dict) -> list[str]:
    """Dependencies of a package.json not pinned to an exact version, or locked without an integrity hash
    (what `npm ci` checks each download against)."""
    problems = []
    for section in ("dependencies", "devDependencies"):
        for name, spec in (manifest.get(section) or {}).items():
            if not re.fullmatch(r"\d+\.\d+\.\d+", spec):
                problems.append(f"{name}: {spec!r} is not an exact version")
    for path, entry in (lock.get("packages") or {}).items():
        bundled = entry.get("link") or entry.get("inBundle")  # inside a parent's tarball, checked with it
        if path and not bundled and not entry.get("integrity", "").startswith("sha512-"):
            problems.append(f"{path}: no sha512 integrity in the lock")
    return problems


MANIFESTS = sorted(p for p in ROOT.glob("**/package.json") if "node_modules" not in p.parts
                   and not any(part.startswith(".venv") for part in p.parts))


@pytest.mark.parametrize("manifest", MANIFESTS, ids=[str(p.relative_to(ROOT)) for p in MANIFESTS])
def test_every_npm_install_is_pinned_and_integrity_checked(manifest):
    import json
    lock = manifest.with_name("package-lock.json")
    assert lock.exists(), f"{manifest.relative_to(ROOT)}: no package-lock.json beside it (npm ci needs one)"
    assert npm_problems(json.loads(manifest.read_text()), json.loads(lock.read_text())) == []


def test_the_npm_check_catches_a_range_and_a_missing_integrity():
    assert npm_problems({"dependencies": {"a": "^1.2.3", "b": "1.2.3"}},
                        {"packages": {"": {}, "node_modules/b": {"version": "1.2.3"},
                                      "node_modules/b/node_modules/c": {"inBundle": True}}}) == [
        "a: '^1.2.3' is not an exact version", "node_modules/b: no sha512 integrity in the lock"]
