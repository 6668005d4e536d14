"""Where the service's images come from: straight from their registries, or through ECR pull-through cache.

With a cache rule an image is pulled from this account's ECR (through the ECR endpoints when they exist),
scanned and cached there; ECR fetches it from the upstream registry once, with the credential the rule
names. Without one, every task start pulls from ghcr.io and Docker Hub through the NAT, where anonymous
Docker Hub pulls are rate-limited per IP address.

Both registries require a credential for a pull-through cache rule, kept in a Secrets Manager secret whose
name starts with `ecr-pullthroughcache/`. The default is no rule: a fresh account has no such secret, and a
rule naming a secret that does not exist cannot be created. Set the parameter to the secret's ARN to turn
the cache on for that registry.
"""
from awacs import ecr
from awacs.aws import Allow, PolicyDocument, Statement
from troposphere import Condition, Equals, If, Join, Not, NoValue, Or, Parameter, Ref, Split, Sub, Template
from troposphere import cloudformation, iam
from troposphere import ecr as ecr_resources

from templates.common import Console

GHCR = "Ghcr"
DOCKER_HUB = "DockerHub"
# name -> (parameter, reference prefix stripped from the image, UpstreamRegistry, UpstreamRegistryUrl, prefix)
REGISTRIES = {
    GHCR: ("GhcrPullThroughCacheSecretArn", "ghcr.io/", "github-container-registry", "ghcr.io", "ghcr"),
    DOCKER_HUB: ("DockerHubPullThroughCacheSecretArn", "docker.io/", "docker-hub", "registry-1.docker.io",
                 "dockerhub"),
}
SECRET_PATTERN = r"^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:ecr-pullthroughcache/[A-Za-z0-9/_+=.@-]+)?$"
ANY_CACHE = "PullThroughCache"
ECR_HOST = "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}"


def condition(registry: str) -> str:
    return f"{registry}PullThroughCache"


def repository_prefix(registry: str) -> str:
    """ECR repository prefix of a registry's cache. Rules are per account and region, so the environment is
    part of it: dev and staging in one account get a rule each instead of colliding on one prefix."""
    return f"${{EnvironmentName}}/{REGISTRIES[registry][4]}"


LABELS = {GHCR: "ghcr.io pull-through cache secret ARN", DOCKER_HUB: "Docker Hub pull-through cache secret ARN"}


def parameters(t: Template, console: Console, group: str) -> None:
    for registry, (name, host, _, _, _) in REGISTRIES.items():
        console.add(group, LABELS[registry], Parameter(
            name, Type="String", Default="", AllowedPattern=SECRET_PATTERN,
            Description=f"Secrets Manager secret (name starting ecr-pullthroughcache/) with the {host.rstrip('/')} "
                        "credential for an ECR pull-through cache rule; images from that registry then come "
                        "from ECR. Empty = pull straight from the registry. Rotate the secret's value, not its "
                        "ARN: a new ARN replaces the rule under the same prefix, which fails (deploy once empty, "
                        "then with the new ARN)",
            ConstraintDescription="a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/, "
                                  "or empty"))
        t.add_condition(condition(registry), Not(Equals(Ref(name), "")))
    t.add_condition(ANY_CACHE, Or(*(Condition(condition(r)) for r in REGISTRIES)))


def cache_rules(t: Template) -> cloudformation.WaitConditionHandle:
    """The rules, and a no-op resource that depends on whichever exist (the service waits for it: a task
    must not pull through a rule that is not there yet)."""
    rules = []
    for registry, (name, _, upstream, url, _) in REGISTRIES.items():
        rules.append(t.add_resource(ecr_resources.PullThroughCacheRule(
            f"{registry}PullThroughCacheRule", Condition=condition(registry),
            EcrRepositoryPrefix=Sub(repository_prefix(registry)), UpstreamRegistry=upstream,
            UpstreamRegistryUrl=url, CredentialArn=Ref(name))))
    return t.add_resource(cloudformation.WaitConditionHandle("PullThroughCacheReady", Metadata={
        rule.title: If(rule.Condition, Ref(rule), "") for rule in rules}))


def image(parameter: str, registry: str):
    """The image a container runs: the parameter as given, or its path under the registry's ECR cache.

    ghcr.io/berriai/litellm:v1 becomes <account>.dkr.ecr.<region>.<suffix>/<env>/ghcr/berriai/litellm:v1 (a
    digest pin travels along). Docker Hub references are written without a host (ollama/ollama:0.12.10;
    official images need library/, e.g. library/busybox:1.37), an optional docker.io/ is dropped.
    """
    strip = REGISTRIES[registry][1]
    cached = Join("", [Sub(f"{ECR_HOST}/{repository_prefix(registry)}/"), Join("", Split(strip, Ref(parameter)))])
    return If(condition(registry), cached, Ref(parameter))


def import_policy() -> If:
    """Execution role: the first pull of an image through a rule creates its repository and imports it."""
    repositories = [Sub(f"arn:${{AWS::Partition}}:ecr:${{AWS::Region}}:${{AWS::AccountId}}:repository/"
                        f"{repository_prefix(registry)}/*") for registry in REGISTRIES]
    return If(ANY_CACHE, iam.Policy(PolicyName="pull-through-cache", PolicyDocument=PolicyDocument(Statement=[
        Statement(Sid="ImportUpstreamImagesIntoTheCache", Effect=Allow,
                  Action=[ecr.BatchImportUpstreamImage, ecr.CreateRepository], Resource=repositories)])), NoValue)
