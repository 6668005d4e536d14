"""Shared pytest setup: the repository root on sys.path, one fresh render of every stack per session, and how
xdist shares the files between its workers."""
import functools
import os
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import build  # noqa: E402
from tests.guardrail_proxy import guardrail_fake, guardrail_proxy  # noqa: E402,F401  (one LiteLLM proxy per session)

# moto's EC2 emulation loads its catalogue of public AMIs into every EC2 backend it creates (each test that
# touches EC2 creates one, and its reset creates it again); no stack here runs an EC2 instance.
os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


def _share_botocore_loader() -> None:
    """Every botocore session of this test process reads the service models through one data loader, which keeps
    what it parsed: a new session (boto3.client inside moto's mock_aws makes one per test, as do the files' own
    Session() calls) otherwise parses each service's JSON model again, about 0.1-0.4 s a service. The models are
    botocore's files, read-only; only their parse is shared, within this run."""
    import botocore.loaders
    import botocore.session

    make_loader = functools.cache(botocore.loaders.create_loader)
    botocore.session.create_loader = make_loader  # what Session's lazy "data_loader" component calls


_share_botocore_loader()

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


# --- how pytest-xdist shares the suite between its workers (setup.cfg: -n auto --dist loadfile) ------------------
# Each test file goes to one worker, so a module's fixtures start once, except that every file using the LiteLLM
# proxy (the session fixture guardrail_proxy) goes to the same worker: a session fixture starts once per worker,
# and the proxy costs seconds of CPU to start. (xdist's own --dist loadgroup cannot do it here: it renames
# item._nodeid, which this pytest no longer reads.) The files go out heaviest first (RUN_FIRST, measured with
# scripts/bench_tests.py), so no long file starts last while the other worker idles.
PROXY_GROUP = "litellm-proxy"
RUN_FIRST = (PROXY_GROUP, "tests/test_deploy_emulated.py", "tests/test_guardrail_stream_properties.py",
             "tests/test_guardrail_stream_escapes.py", "tests/test_taskcat.py", "tests/test_workflows.py",
             "tests/test_lint.py", "tests/test_scan.py", "tests/test_guardrail_detection.py", "tests/test_guard.py",
             "tests/test_retained.py", "tests/test_deploy_input.py")
_USES_PROXY = re.compile(r"\bguardrail_proxy\b\s*[,)]")  # the fixture as a parameter, not the module's name


@functools.cache
def proxy_files() -> frozenset[str]:
    """tests/test_*.py files (as node ids spell them) that take the guardrail_proxy fixture."""
    return frozenset(f"tests/{path.name}" for path in (ROOT / "tests").glob("test_*.py")
                     if _USES_PROXY.search(path.read_text(encoding="utf-8")))


def scope_of(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    return PROXY_GROUP if path in proxy_files() else path


def pytest_collection_modifyitems(config, items):
    rank = {scope: position for position, scope in enumerate(RUN_FIRST)}
    items.sort(key=lambda item: rank.get(scope_of(item.nodeid), len(RUN_FIRST)))  # stable: file order kept


def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneProxyScheduling(LoadScopeScheduling):
        """--dist loadfile, with the proxy files as one unit (scope_of)."""
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    return OneProxyScheduling(config, log)
