"""The LiteLLM proxy's config.yaml and the files that sit beside it.

The service template embeds these texts in the task definition; at start the litellm
container writes them into a scratch directory and runs
``litellm --config <dir>/config.yaml --port 4000`` (see ``container_command``).  No custom
image is needed: LiteLLM loads the guardrail class named in the config
(``pii_guardrail.PiiGuardrail``) from the file of that name beside config.yaml.

The rendered config passes through CloudFormation ``Fn::Sub``: the only ``${...}`` in it are
the placeholders the caller puts into the model entries, and no other dollar sign appears.
Pure Python with PyYAML; LiteLLM need not be installed.
"""
import base64
import bz2
import copy
import functools
import re
from pathlib import Path

import yaml

CONFIG_SOURCE_DIR = Path(__file__).resolve().parent.parent / "config"
BASE_CONFIG = CONFIG_SOURCE_DIR / "proxy_config.yaml"
GUARDRAIL_FILE = "pii_guardrail.py"
CONFIG_FILE = "config.yaml"
CONFIG_DIR = "/tmp/litellm"          # writable scratch directory inside the container
PORT = 4000
OLLAMA_PROVIDER = "ollama_chat/"
MODEL_TIMEOUT_SECONDS = 600          # CPU answers take minutes; keep the ALB idle timeout >= this

_PLACEHOLDER = re.compile(r"\$\{[A-Za-z0-9_]+(?:::[A-Za-z0-9_]+)?\}")   # ${Param} or ${AWS::Region}


def local_model_entry(alias: str, model: str, api_base: str) -> dict:
    """model_list entry serving the Ollama ``model`` (e.g. llama3.2:3b) at ``api_base`` as ``alias``."""
    name = model if model.startswith(OLLAMA_PROVIDER) else OLLAMA_PROVIDER + model
    return {
        "model_name": alias,
        "litellm_params": {
            "model": name,
            "api_base": api_base,
            "timeout": MODEL_TIMEOUT_SECONDS,
            "stream_timeout": MODEL_TIMEOUT_SECONDS,
        },
    }


def _check_dollars(text: str, where: str) -> None:
    leftover = _PLACEHOLDER.sub("", text)
    if "$" in leftover:
        raise ValueError(f"{where}: a '$' outside a ${{Name}} placeholder would break Fn::Sub")


# libyaml's loader and emitter where PyYAML's wheel has them: the same text for this ASCII config (dist/ unchanged).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def render_config(models: list) -> str:
    """The YAML text of config.yaml: the base config from config/ plus ``models`` as model_list.
    Deterministic (sorted keys); ``${Param}`` placeholders in the entries survive unchanged."""
    for entry in models:
        if not isinstance(entry, dict) or "model_name" not in entry or "litellm_params" not in entry:
            raise ValueError(f"model entry needs model_name and litellm_params: {entry!r}")
    config = yaml.load(BASE_CONFIG.read_text(encoding="utf-8"), Loader=_LOADER)
    config["model_list"] = copy.deepcopy(list(models))
    text = yaml.dump(config, Dumper=_DUMPER, sort_keys=True, default_flow_style=False, allow_unicode=False, width=4096)
    _check_dollars(text, CONFIG_FILE)
    return text


# A string literal (any prefix, any quotes) or a comment with the blanks before it: scanned left to right, a '#'
# inside a string is never taken for a comment. Same output as cutting at tokenize's COMMENT tokens (the tests
# compare the two), in a tenth of the time.
_STRING_OR_COMMENT = re.compile(
    r'(?P<string>[rRbBuUfF]{0,2}(?:"""(?:\\.|[^\\])*?"""|\'\'\'(?:\\.|[^\\])*?\'\'\'|"(?:\\.|[^"\\\n])*"'
    r'|\'(?:\\.|[^\'\\\n])*\'))|(?P<comment>[ \t]*#[^\n]*)', re.S)


def without_comments(source: str) -> str:
    """Python source with its comments removed and every line kept (tracebacks keep their line numbers):
    the task definition carries the guardrail, and comments are a sixth of its compressed size."""
    return _STRING_OR_COMMENT.sub(lambda m: "" if m.group("comment") is not None else m.group(0), source)


_HEADER = re.compile(r"(?:async[ \t]+def|def|class)\b")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def docstring_spans(source: str) -> list:
    """(first line, last line) of each docstring that is not its body's only statement, in source without
    comments: a str literal alone on its lines, first in the module or after the ':' of a def or class header
    (the nearest less-indented line above that does not close a bracket), with another statement at its
    indentation after it.  Read off the string literals, not a syntax tree: ast.parse of the guardrail took
    half of a render.  tests/test_guardrail_detection.py checks it against the syntax tree."""
    spans, lines, line_no, counted = [], source.split("\n"), 1, 0
    for match in _STRING_OR_COMMENT.finditer(source):
        literal, start = match.group("string"), match.start()
        if literal is None or set(literal[:literal.index(literal.lstrip("rRbBuUfF")[0])].lower()) & {"b", "f"}:
            continue
        line_no, counted = line_no + source.count("\n", counted, start), start
        first, last = line_no, line_no + literal.count("\n")
        indent = _indent(lines[first - 1])
        line_end = source.find("\n", match.end())
        if start - (source.rfind("\n", 0, start) + 1) != indent or source[match.end():line_end % (len(source) + 1)].strip():
            continue
        above = first - 2
        while above >= 0 and not lines[above].strip():
            above -= 1
        if above < 0 and indent or above >= 0 and not lines[above].rstrip().endswith(":"):
            continue
        header = above
        while header >= 0 and (not lines[header].strip() or _indent(lines[header]) >= indent
                               or lines[header].lstrip()[0] in ")]}"):
            header -= 1
        if above >= 0 and (header < 0 or not _HEADER.match(lines[header].lstrip())):
            continue
        after = last
        while after < len(lines) and not lines[after].strip():
            after += 1
        if after < len(lines) and _indent(lines[after]) == indent:
            spans.append((first, last))
    return spans


def without_docstrings(source: str) -> str:
    """Python source with its docstrings blanked and every line kept: they are another sixth of the
    guardrail's compressed size, and nothing reads them at run time."""
    lines = source.splitlines(keepends=True)
    for first, last in docstring_spans(source):
        lines[first - 1:last] = ["\n"] * (last - first + 1)
    return "".join(lines)


def extra_files() -> dict:
    """File name -> content of every file that must sit beside config.yaml (Python without its comments and
    docstrings)."""
    guardrail = (CONFIG_SOURCE_DIR / GUARDRAIL_FILE).read_text(encoding="utf-8")
    return dict(_shipped_files(guardrail))


@functools.lru_cache(maxsize=4)
def _shipped_files(guardrail: str) -> tuple:
    """extra_files() for this guardrail source, computed once: a render asks three times, and stripping the
    guardrail was most of the render's time."""
    files = {GUARDRAIL_FILE: without_docstrings(without_comments(guardrail))}
    for name, text in files.items():
        _check_dollars(text, name)
    return tuple(sorted(files.items()))


def env_name(filename: str) -> str:
    """Environment variable that carries a file into the container: config.yaml -> LITELLM_FILE_CONFIG_YAML."""
    return "LITELLM_FILE_" + re.sub(r"[^A-Za-z0-9]", "_", filename).upper()


def container_files(models: list) -> dict:
    """Every file the container writes into CONFIG_DIR before LiteLLM starts."""
    return {CONFIG_FILE: render_config(models), **extra_files()}


def env_value(filename: str, text: str) -> str:
    """The value of ``env_name(filename)``: config.yaml as text (CloudFormation substitutes its
    placeholders), every other file bz2-compressed and base85-encoded, so the task definition stays under
    its 64 KiB limit.  bz2 packs the guardrail's source 12% tighter than zlib (42.8 against 48.7 KB encoded);
    the LiteLLM image's python3 (Wolfi's python-3.x, which builds against bzip2-dev and keeps every
    lib-dynload module but tkinter in its -base package) carries _bz2.  Base85 carries 4 bytes in 5
    characters where base64 needs 5.33, and none of its characters needs escaping in JSON or means anything
    to ECS."""
    if filename == CONFIG_FILE:
        return text
    return base64.b85encode(bz2.compress(text.encode("utf-8"), 9)).decode("ascii")


def container_environment(models: list) -> dict:
    """LITELLM_FILE_* variable -> value, as the task definition carries them (a test's view)."""
    return {env_name(name): env_value(name, text) for name, text in container_files(models).items()}


def container_command(config_dir: str = CONFIG_DIR, port: int = PORT, host: str = "0.0.0.0") -> list:
    """Entry point for the litellm container (replaces the image's): write each file from its
    LITELLM_FILE_* variable into ``config_dir`` (config.yaml as is, the others decompressed, see
    env_value), then exec ``litellm --config ... --host ... --port ...``.  Uses only python3, which
    every LiteLLM image has."""
    names = sorted([CONFIG_FILE, *extra_files()])
    script = (
        "import os,sys,bz2,base64;"
        f"d={config_dir!r};os.makedirs(d,exist_ok=True);"
        f"fs={ {n: env_name(n) for n in names}!r};"
        f"t=lambda n,v:os.environ[v] if n=={CONFIG_FILE!r} else bz2.decompress(base64.b85decode(os.environ[v])).decode();"
        "[open(os.path.join(d,n),'w',encoding='utf-8').write(t(n,v)) for n,v in fs.items()];"
        f"os.execvp('litellm',['litellm','--config',os.path.join(d,{CONFIG_FILE!r}),'--host',{host!r},'--port','{port}'])"
    )
    return ["python3", "-c", script]
