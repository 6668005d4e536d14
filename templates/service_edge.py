"""The load balancer's edge: only the routes the gateway serves reach LiteLLM.

LiteLLM 1.106.12 answers several hundred routes: the OpenAI-compatible API, provider pass-throughs
(/openai/*, /anthropic/*, /bedrock/*, /gemini/*, /vertex_ai/*, ...) that never call the guardrail's
pre-call hook, token counters, realtime websockets, MCP, the admin API, the UI and its docs. The
listeners forward an explicit allow-list of method + path to the target group and answer every
other request with a fixed 404 from the load balancer itself. The same list (exact paths) is
LiteLLM's own ``general_settings.allowed_routes`` (config/proxy_config.yaml).

Served (POST unless noted):
* /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/responses, and the same without /v1
  (the OpenAI SDKs and most clients use the /v1 form; some send the bare form): each calls the
  guardrail's pre-call hook and its post-call or streaming hook.
* /v1/messages (Anthropic clients such as Claude Code): same hooks.
* GET /v1/models, /models (clients list models before the first call; no user text).
* GET /health/liveliness (no key: deploy checks and the docs use it; the target group's own health
  check goes to the task directly and needs no rule).
Admin API (off unless OpenAdminRoutes=true): key, team and user management and model info, for
creating virtual keys with the master key. The UI and the docs pages stay closed in every case.

ALB limits (Elastic Load Balancing docs, "Listener rules" and "Condition types"): at most 3 values per
condition, 5 per rule and 5 wildcards per rule; 100 rules per listener by default. Each rule here has
one method condition and one path condition with at most 3 values; the HTTP listener only redirects
to HTTPS when a certificate is set, so the rules sit on the listener that forwards.
"""
from troposphere import And, Condition, Equals, If, Not, Parameter, Ref
from troposphere import elasticloadbalancingv2 as elb

from templates.common import boolean_parameter, tags

OPEN_ADMIN_ROUTES = "OpenAdminRoutes"
MAX_REQUEST_BYTES = "MaxRequestBytes"
ALLOW_GUARDRAIL_OPT_OUT = "AllowGuardrailOptOut"
# 512 KiB: about 128k tokens of text, the largest context of the models served (llama3.2, and most cloud
# models' practical limit); a capped request costs the guardrail at most a few seconds of one core
# (scripts/bench_guardrail.py cost), scanned off the event loop above 64 KiB.
MAX_REQUEST_BYTES_DEFAULT = 524288
MAX_PATHS_PER_CONDITION = 3

# (rule name, methods, paths): the routes every deployment serves.
ROUTES = (
    ("ChatCompletions", ("POST",), ("/v1/chat/completions", "/chat/completions")),
    ("Completions", ("POST",), ("/v1/completions", "/completions")),
    ("Embeddings", ("POST",), ("/v1/embeddings", "/embeddings")),
    ("Responses", ("POST",), ("/v1/responses", "/responses")),
    ("AnthropicMessages", ("POST",), ("/v1/messages",)),
    ("Models", ("GET",), ("/v1/models", "/models")),
    ("Liveliness", ("GET",), ("/health/liveliness",)),
)
# Key, team and user management with the master key (virtual keys), opened by OpenAdminRoutes.
ADMIN_ROUTES = (
    ("KeyAdmin", ("GET", "POST"), ("/key/*",)),
    ("TeamAdmin", ("GET", "POST"), ("/team/*",)),
    ("UserAdmin", ("GET", "POST"), ("/user/*",)),
    ("ModelInfo", ("GET",), ("/model/info", "/v1/model/info")),
)
# The exact admin paths LiteLLM's allowed_routes lets through (it compares paths exactly).
ADMIN_PATHS = tuple(f"/{group}/{action}" for group, actions in (
    ("key", ("generate", "info", "list", "update", "delete", "regenerate", "block", "unblock")),
    ("team", ("new", "info", "list", "update", "delete", "member_add", "member_delete")),
    ("user", ("new", "info", "list", "update", "delete")),
) for action in actions) + ("/model/info", "/v1/model/info")

NOT_FOUND_BODY = ('{"error": {"message": "Not found. This gateway serves POST /v1/chat/completions, '
                  '/v1/completions, /v1/embeddings, /v1/responses, /v1/messages and GET /v1/models.", '
                  '"type": "not_found", "code": 404}}')


def served_paths() -> list:
    """Every exact path the listeners forward when the admin API is closed."""
    return [path for _, _, paths in ROUTES for path in paths]


def parameters(t) -> None:
    boolean_parameter(t, OPEN_ADMIN_ROUTES, "Forward LiteLLM's key, team and user management API (master key "
                                            "only) through the load balancer; the UI stays closed")
    boolean_parameter(t, ALLOW_GUARDRAIL_OPT_OUT, "Let admin key or team metadata (disable_global_guardrails, "
                                                  "opted_out_global_guardrails) switch the PII guardrail off")
    t.add_parameter(Parameter(
        MAX_REQUEST_BYTES, Type="Number", Default=MAX_REQUEST_BYTES_DEFAULT, MinValue=1024, MaxValue=16777216,
        Description="Largest request the PII guardrail reads; larger requests get HTTP 413 before any model call",
        ConstraintDescription="1024 to 16777216 bytes"))
    t.add_condition("AdminRoutesOpen", Equals(Ref(OPEN_ADMIN_ROUTES), "true"))
    t.add_condition("PlainHttp", Not(Condition("Https")))
    t.add_condition("HttpsAdmin", And(Condition("Https"), Condition("AdminRoutesOpen")))
    t.add_condition("PlainHttpAdmin", And(Condition("PlainHttp"), Condition("AdminRoutesOpen")))
    interface = t.metadata.setdefault("AWS::CloudFormation::Interface", {"ParameterGroups": [], "ParameterLabels": {}})
    interface["ParameterGroups"].append({"Label": {"default": "Edge (routes, request size, guardrail)"},
                                         "Parameters": [OPEN_ADMIN_ROUTES, MAX_REQUEST_BYTES, ALLOW_GUARDRAIL_OPT_OUT]})
    interface["ParameterLabels"].update({
        OPEN_ADMIN_ROUTES: {"default": "Open the admin API"},
        MAX_REQUEST_BYTES: {"default": "Largest request (bytes)"},
        ALLOW_GUARDRAIL_OPT_OUT: {"default": "Allow keys/teams to switch the PII guardrail off"}})


def not_found() -> elb.Action:
    return elb.Action(Type="fixed-response", FixedResponseConfig=elb.FixedResponseConfig(
        StatusCode="404", ContentType="application/json", MessageBody=NOT_FOUND_BODY))


def _rules(t, listener, condition: str, routes, first_priority: int, target_group, suffix: str) -> list:
    rules = []
    for offset, (name, methods, paths) in enumerate(routes):
        assert len(paths) <= MAX_PATHS_PER_CONDITION and len(methods) <= MAX_PATHS_PER_CONDITION, name
        rules.append(t.add_resource(elb.ListenerRule(
            f"{suffix}{name}Rule", Condition=condition, ListenerArn=Ref(listener), Priority=first_priority + offset,
            Conditions=[
                elb.Condition(Field="http-request-method",
                              HttpRequestMethodConfig=elb.HttpRequestMethodConfig(Values=list(methods))),
                elb.Condition(Field="path-pattern", PathPatternConfig=elb.PathPatternConfig(Values=list(paths))),
            ],
            Actions=[elb.ListenerRuleAction(Type="forward", TargetGroupArn=Ref(target_group))],
            Tags=tags(f"route-{name.lower()}"))))
    return rules


def restrict_routes(t, https, http, target_group) -> list:
    """Default action 404 on the listener that forwards (HTTPS with a certificate, else HTTP); listener
    rules forward the served routes (and the admin API when opened). Returns the rules, which the
    service must wait for like the listeners (ECS needs its target group attached)."""
    parameters(t)
    https.DefaultActions = [not_found()]
    http.DefaultActions = If("Https", [elb.Action(Type="redirect", RedirectConfig=elb.RedirectConfig(
        Protocol="HTTPS", Port="443", StatusCode="HTTP_301"))], [not_found()])
    rules = []
    for listener, condition, admin_condition, prefix in ((https, "Https", "HttpsAdmin", "Https"),
                                                         (http, "PlainHttp", "PlainHttpAdmin", "Http")):
        rules += _rules(t, listener, condition, ROUTES, 10, target_group, prefix)
        rules += _rules(t, listener, admin_condition, ADMIN_ROUTES, 100, target_group, prefix)
    return rules
