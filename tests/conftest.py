"""Shared pytest setup: the repository root on sys.path, and one fresh render of every stack per session."""
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import build  # noqa: E402
from tests.guardrail_proxy import guardrail_fake, guardrail_proxy  # noqa: E402,F401  (one LiteLLM proxy per session)

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # yaml.safe_load, with libyaml when present

# params/staging.json and prod.json ship without an alarm notification target, and their deploys are refused
# until the user sets one (AlarmEmail or AlarmTopicArn; tests/test_alarms.py and test_check_environments.py
# show the refusal). Tests that treat those files as deployable add this stand-in, as a user adds their own.
USER_SETS = {"staging": {"AlarmEmail": "alarms@example.com"}, "prod": {"AlarmEmail": "alarms@example.com"}}


def user_param_args(env: str) -> list[str]:
    """USER_SETS for `env` as deploy-stack --param arguments."""
    return [arg for key, value in USER_SETS.get(env, {}).items() for arg in ("--param", f"{key}={value}")]


@pytest.fixture(scope="session")
def rendered() -> dict[str, bytes]:
    """File name -> bytes of a fresh render (what dist/ must contain)."""
    return build.render()


@pytest.fixture(scope="session")
def templates(rendered) -> dict[str, dict]:
    """Stack name (parent, network, ...) -> the rendered template as a dict."""
    return {name[:-5]: yaml.load(content, Loader=LOADER) for name, content in rendered.items()
            if name.endswith(".yaml")}


@pytest.fixture(scope="session")
def dist_dir(rendered, tmp_path_factory) -> Path:
    """A fresh render written to a temporary directory."""
    out = tmp_path_factory.mktemp("dist")
    build.write(rendered, out)
    return out


def venv_tool(venv: str, tool: str) -> Path:
    """Path of a tool inside one of the project's virtual environments (created by the Makefile)."""
    return ROOT / venv / "bin" / tool
