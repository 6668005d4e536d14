"""The load balancer forwards only the routes the gateway serves (templates/service_edge.py).

The service template is evaluated per parameter set (deploy/evaluator.py) and the resulting listeners
and rules are run against requests with the ALB's own matching rules: the first rule (lowest priority
number) whose conditions all match wins, else the listener's default action; a path pattern is
case-sensitive and matches the whole path, ``*`` any run of characters and ``?`` one character.
"""
import json
import re

import pytest
import yaml

from templates import litellm_config, service_edge
from tests.test_service import CERT, containers, environment, evaluate, of_type

# Routes LiteLLM 1.106.12 exposes that the gateway must never forward (pass-throughs never call the
# guardrail's pre-call hook; token counters and realtime bypass it; the rest is admin, UI or docs).
CLOSED = [
    ("POST", "/bedrock/model/anthropic.claude-3/converse"), ("POST", "/bedrock/model/x/invoke"),
    ("POST", "/openai/v1/chat/completions"), ("POST", "/anthropic/v1/messages"), ("POST", "/gemini/v1beta/x"),
    ("POST", "/vertex_ai/v1/projects/p/locations/l/publishers/google/models/m:generateContent"),
    ("POST", "/cohere/v1/chat"), ("POST", "/mistral/v1/chat/completions"), ("POST", "/azure/openai/x"),
    ("POST", "/v1beta/models/llama3.2:generateContent"), ("POST", "/models/llama3.2:streamGenerateContent"),
    ("POST", "/v1/messages/count_tokens"), ("POST", "/v1/responses/input_tokens"), ("GET", "/v1/realtime"),
    ("POST", "/utils/token_counter"), ("POST", "/v1/rerank"), ("POST", "/v1/images/generations"),
    ("POST", "/v1/audio/transcriptions"), ("POST", "/v1/batches"), ("POST", "/v1/files"), ("POST", "/v1/threads"),
    ("POST", "/v1/assistants"), ("POST", "/v1/moderations"), ("POST", "/mcp"), ("POST", "/a2a/agent"),
    ("GET", "/v1/responses/resp_123"), ("GET", "/routes"), ("GET", "/openapi.json"), ("GET", "/docs"),
    ("GET", "/ui"), ("GET", "/ui/login"), ("GET", "/health"), ("GET", "/health/readiness"), ("GET", "/metrics"),
    ("POST", "/key/generate"), ("GET", "/key/list"), ("POST", "/team/new"), ("POST", "/user/new"),
    ("GET", "/model/info"), ("POST", "/config/update"), ("GET", "/spend/logs"), ("POST", "/sso/key/generate"),
    ("GET", "/V1/CHAT/COMPLETIONS"), ("POST", "/v1/chat/completions/"), ("POST", "//v1/chat/completions"),
    ("GET", "/v1/chat/completions"), ("PUT", "/v1/embeddings"), ("DELETE", "/v1/models"), ("GET", "/"),
]
SERVED = [
    ("POST", "/v1/chat/completions"), ("POST", "/chat/completions"), ("POST", "/v1/completions"),
    ("POST", "/completions"), ("POST", "/v1/embeddings"), ("POST", "/embeddings"), ("POST", "/v1/responses"),
    ("POST", "/responses"), ("POST", "/v1/messages"), ("GET", "/v1/models"), ("GET", "/models"),
    ("GET", "/health/liveliness"),
]
ADMIN = [("POST", "/key/generate"), ("GET", "/key/info"), ("POST", "/team/new"), ("POST", "/user/new"),
         ("GET", "/model/info"), ("GET", "/v1/model/info")]


def _pattern(value: str) -> re.Pattern:
    return re.compile("".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in value) + r"\Z",
                      re.S)


def _matches(rule: dict, method: str, path: str) -> bool:
    for condition in rule["Conditions"]:
        if condition["Field"] == "http-request-method":
            if method not in condition["HttpRequestMethodConfig"]["Values"]:
                return False
        elif condition["Field"] == "path-pattern":
            if not any(_pattern(v).match(path) for v in condition["PathPatternConfig"]["Values"]):
                return False
        else:
            raise AssertionError(f"condition the simulation does not model: {condition['Field']}")
    return True


def route(resources: dict, method: str, path: str, port: int) -> str:
    """What the load balancer does with a request on ``port``: forward, redirect or the fixed status."""
    (listener_id, listener), = [(k, v["Properties"]) for k, v in resources.items()
                                if v["Type"] == "AWS::ElasticLoadBalancingV2::Listener" and v["Properties"]["Port"] == port]
    rules = sorted((r for r in of_type(resources, "AWS::ElasticLoadBalancingV2::ListenerRule").values()
                    if r["ListenerArn"] == listener_id), key=lambda r: r["Priority"])
    actions = next((r["Actions"] for r in rules if _matches(r, method, path)), listener["DefaultActions"])
    action = actions[-1]
    if action["Type"] == "fixed-response":
        return action["FixedResponseConfig"]["StatusCode"]
    return action["Type"]


@pytest.fixture(scope="module")
def plain(templates):
    return evaluate(templates)[0]


@pytest.fixture(scope="module")
def https(templates):
    return evaluate(templates, CertificateArn=CERT)[0]


@pytest.mark.parametrize("method, path", SERVED)
def test_served_routes_are_forwarded_on_http_and_https(plain, https, method, path):
    assert route(plain, method, path, 80) == "forward"
    assert route(https, method, path, 443) == "forward"
    assert route(https, method, path, 80) == "redirect"


@pytest.mark.parametrize("method, path", CLOSED)
def test_every_other_route_gets_a_404_from_the_load_balancer(plain, https, method, path):
    assert route(plain, method, path, 80) == "404"
    assert route(https, method, path, 443) == "404"


def test_the_404_is_json_that_names_the_served_routes(plain):
    action = plain["HttpListener"]["Properties"]["DefaultActions"][0]["FixedResponseConfig"]
    body = json.loads(action["MessageBody"])
    assert action["ContentType"] == "application/json" and len(action["MessageBody"]) <= 1024
    assert body["error"]["code"] == 404 and "/v1/chat/completions" in body["error"]["message"]


@pytest.mark.parametrize("method, path", ADMIN)
def test_admin_api_only_when_the_parameter_opens_it(templates, plain, method, path):
    assert route(plain, method, path, 80) == "404"
    opened = evaluate(templates, OpenAdminRoutes="true")[0]
    assert route(opened, method, path, 80) == "forward"
    opened_https = evaluate(templates, OpenAdminRoutes="true", CertificateArn=CERT)[0]
    assert route(opened_https, method, path, 443) == "forward"
    for method_, path_ in [("GET", "/ui"), ("GET", "/openapi.json"), ("POST", "/openai/v1/chat/completions")]:
        assert route(opened, method_, path_, 80) == "404", "the admin switch opens the admin API only"


def test_rules_stay_within_alb_limits(templates):
    """3 values per condition, 5 per rule, 5 wildcards per rule, unique priorities, 100 rules per listener."""
    for params in ({}, {"CertificateArn": CERT, "OpenAdminRoutes": "true"}, {"OpenAdminRoutes": "true"}):
        resources = evaluate(templates, **params)[0]
        rules = list(of_type(resources, "AWS::ElasticLoadBalancingV2::ListenerRule").values())
        assert rules
        by_listener = {}
        for rule in rules:
            values = [v for c in rule["Conditions"] for config in c.values() if isinstance(config, dict)
                      for v in config["Values"]]
            per_condition = [len(config["Values"]) for c in rule["Conditions"] for config in c.values()
                             if isinstance(config, dict)]
            assert max(per_condition) <= 3 and len(values) <= 5, rule
            assert sum(v.count("*") + v.count("?") for v in values) <= 5, rule
            by_listener.setdefault(rule["ListenerArn"], []).append(rule["Priority"])
        for listener, priorities in by_listener.items():
            assert len(priorities) == len(set(priorities)) and len(priorities) <= 100, listener
            assert all(1 <= p <= 50000 for p in priorities)


def test_simulation_catches_a_catch_all_rule(plain):
    """The check bites: a rule forwarding /* (what the listener did before) opens a pass-through."""
    rules = of_type(plain, "AWS::ElasticLoadBalancingV2::ListenerRule")
    broken = json.loads(json.dumps(plain))
    first = next(k for k, r in rules.items() if r["ListenerArn"] == "HttpListener")
    broken[first]["Properties"]["Conditions"][1]["PathPatternConfig"]["Values"] = ["/*"]
    broken[first]["Properties"]["Conditions"][0]["HttpRequestMethodConfig"]["Values"] = ["POST"]
    assert route(broken, "POST", "/bedrock/model/x/invoke", 80) == "forward"


def test_litellm_allows_the_same_routes():
    config = yaml.safe_load(litellm_config.render_config([]))
    allowed = config["general_settings"]["allowed_routes"]
    assert set(service_edge.served_paths()) <= set(allowed)
    assert set(allowed) - set(service_edge.served_paths()) <= set(service_edge.ADMIN_PATHS)
    for method, path in CLOSED:
        if path not in service_edge.served_paths() and not path.startswith(("/key/", "/team/", "/user/", "/model/")):
            assert path not in allowed, path


def test_guardrail_settings_reach_the_task(templates):
    resources, _ = evaluate(templates, MaxRequestBytes="262144", AllowGuardrailOptOut="true")
    env = environment(containers(resources)["litellm"])
    assert env["PII_GUARDRAIL_MAX_REQUEST_BYTES"] == "262144" and env["PII_GUARDRAIL_ALLOW_OPT_OUT"] == "true"
    env = environment(containers(evaluate(templates)[0])["litellm"])
    assert env["PII_GUARDRAIL_MAX_REQUEST_BYTES"] == str(service_edge.MAX_REQUEST_BYTES_DEFAULT)
    assert env["PII_GUARDRAIL_ALLOW_OPT_OUT"] == "false"
    from tests.test_guardrail_detection import g
    assert g.MAX_REQUEST_BYTES == service_edge.MAX_REQUEST_BYTES_DEFAULT, "the guardrail's own default agrees"


# Every parameter that reaches the task definition, at the longest value AWS or its own pattern admits.
LONGEST = {
    "EnvironmentName": "e" + "x" * 19,                               # ^[a-z][a-z0-9-]{1,19}$
    "LitellmImage": "123456789012.dkr.ecr.ap-southeast-4.amazonaws.com/" + "l" * 204,   # ECS: image <= 255
    "OllamaImage": "123456789012.dkr.ecr.ap-southeast-4.amazonaws.com/" + "o" * 204,
    "OllamaModel": "hf.co/" + "m" * 249, "LocalModelName": "n" * 64,   # ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$
    "DatabaseHost": "d" * 253, "DatabaseUser": "u" * 63, "DatabaseName": "b" * 63,   # DNS name; PostgreSQL names
    "SharedCacheHost": "c" * 253,
    **{name: "arn:aws-us-gov:ssm:ap-southeast-4:123456789012:parameter/" + "p" * 1011   # SSM: name <= 1011
       for name in ("MasterKeyParameterArn", "SaltKeyParameterArn", "DatabasePasswordParameterArn",
                    "SharedCacheAuthParameterArn")},
}


def test_task_definition_fits_its_64_kib_limit_with_every_option_on_and_the_longest_values(templates):
    from deploy.check.rules import TASK_DEFINITION_LIMIT, task_definition_bytes
    resources, _ = evaluate(templates, EnableOpenAi="true", EnableAnthropic="true",
                            BedrockModelIds="anthropic.claude-3-haiku-20240307-v1:0", SharedCachePort="6379",
                            SharedCacheSecurityGroupId="sg-1", **LONGEST)
    props = resources["TaskDefinition"]["Properties"]
    assert all(value in json.dumps(props) for value in LONGEST.values()), "each value reaches the task"
    size = task_definition_bytes(props)
    guardrail = len(environment(containers(resources)["litellm"])["LITELLM_FILE_PII_GUARDRAIL_PY"])
    print(f"task definition: {size} bytes of {TASK_DEFINITION_LIMIT} at worst, the guardrail {guardrail} of them")
    # deploy-stack check refuses an environment over the limit; this is the room the guardrail has left
    assert size <= TASK_DEFINITION_LIMIT, size
