"""What the region offers: the database engine version and instance class, the cache engine and node type,
the Bedrock model and inference-profile ids, and the Fargate Spot + ARM64 combination."""
from __future__ import annotations

import difflib
import re

from deploy.preflight_report import BLOCKER, PASSED, UNCHECKED, WARNING, Row, Unchecked, call

AREA = "region"
PROFILE_ID = re.compile(r"^(us|eu|apac|jp|au|ca|us-gov|global)\.")  # cross-region inference profile ids
PERMISSIONS = ("rds:DescribeDBEngineVersions", "rds:DescribeOrderableDBInstanceOptions",
               "elasticache:DescribeCacheEngineVersions", "elasticache:DescribeReservedCacheNodesOfferings",
               "bedrock:ListFoundationModels", "bedrock:GetInferenceProfile", "ec2:DescribeAvailabilityZones")


def _yes(value) -> bool:
    return value is True or str(value).lower() == "true"


def database(aws, model) -> list[Row]:
    rows = []
    rds = aws.client("rds")
    for _stack, logical_id, props in model.of_type("AWS::RDS::DBInstance"):
        engine, version = str(props.get("Engine")), str(props.get("EngineVersion"))
        klass, multi_az = str(props.get("DBInstanceClass")), _yes(props.get("MultiAZ"))
        check = f"{engine} {version}"
        try:
            found = call(rds, "describe_db_engine_versions", "rds:DescribeDBEngineVersions",
                         Engine=engine, EngineVersion=version).get("DBEngineVersions", [])
            if not found:
                listed = call(rds, "describe_db_engine_versions", "rds:DescribeDBEngineVersions",
                              Engine=engine).get("DBEngineVersions", [])
                major = version.split(".")[0]
                offered = [v["EngineVersion"] for v in listed if v["EngineVersion"].split(".")[0] == major]
                rows.append(Row(AREA, check, BLOCKER,
                                f"{logical_id}: {engine} {version} is not offered in {model.region} (offered "
                                f"{major}.x: {', '.join(offered[-6:]) or 'none'}); set DatabaseEngineVersion "
                                f"to one of them"))
                continue
            if found[0].get("Status", "available") != "available":
                rows.append(Row(AREA, check, BLOCKER, f"{engine} {version} is {found[0]['Status']} in "
                                f"{model.region}: new instances cannot use it; pick a newer minor version"))
                continue
            rows.append(Row(AREA, check, PASSED, f"offered in {model.region}"))
        except Unchecked as exc:
            rows.append(Row(AREA, check, UNCHECKED, str(exc)))
            continue
        check = f"{klass} for {engine} {version}"
        try:
            options = call(rds, "describe_orderable_db_instance_options", "rds:DescribeOrderableDBInstanceOptions",
                           Engine=engine, EngineVersion=version, DBInstanceClass=klass,
                           Vpc=True).get("OrderableDBInstanceOptions", [])
        except Unchecked as exc:
            rows.append(Row(AREA, check, UNCHECKED, str(exc)))
            continue
        storage = props.get("StorageType")
        fitting = [o for o in options if not storage or o.get("StorageType") == storage]
        if not fitting:
            rows.append(Row(AREA, check, BLOCKER, f"{klass} is not orderable for {engine} {version}"
                            f"{' with ' + storage + ' storage' if storage else ''} in {model.region}; set "
                            f"DatabaseInstanceClass to a class the region offers"))
        elif multi_az and not any(o.get("MultiAZCapable") for o in fitting):
            rows.append(Row(AREA, check, BLOCKER, f"{klass} cannot be Multi-AZ for {engine} {version} in "
                                                  f"{model.region}; set DatabaseMultiAz=false or another class"))
        else:
            rows.append(Row(AREA, check, PASSED, f"orderable in {model.region}"
                                                 f"{' (Multi-AZ)' if multi_az else ''}"))
    return rows


def cache(aws, model) -> list[Row]:
    groups = model.of_type("AWS::ElastiCache::ReplicationGroup")
    if not groups:
        return [Row(AREA, "ElastiCache", PASSED, "no cache in this environment")]
    rows = []
    client = aws.client("elasticache")
    for _stack, _logical_id, props in groups:
        engine, version = str(props.get("Engine")), str(props.get("EngineVersion"))
        node = str(props.get("CacheNodeType"))
        try:
            versions = call(client, "describe_cache_engine_versions", "elasticache:DescribeCacheEngineVersions",
                            Engine=engine, EngineVersion=version).get("CacheEngineVersions", [])
            rows.append(Row(AREA, f"{engine} {version}", PASSED, f"offered in {model.region}") if versions else
                        Row(AREA, f"{engine} {version}", BLOCKER, f"ElastiCache {engine} {version} is not offered "
                                                                  f"in {model.region}"))
        except Unchecked as exc:
            rows.append(Row(AREA, f"{engine} {version}", UNCHECKED, str(exc)))
        try:
            offers = call(client, "describe_reserved_cache_nodes_offerings",
                          "elasticache:DescribeReservedCacheNodesOfferings",
                          CacheNodeType=node).get("ReservedCacheNodesOfferings", [])
        except Unchecked as exc:
            rows.append(Row(AREA, node, UNCHECKED, str(exc)))
            continue
        # ElastiCache has no orderable-options call; a node type the region sells has reserved offerings.
        rows.append(Row(AREA, node, PASSED, f"offered in {model.region}") if offers else
                    Row(AREA, node, BLOCKER, f"no offering for {node} in {model.region}: the region does not "
                                             f"sell this node type; set SharedCacheNodeType to another one"))
    return rows


def _model_ids(model) -> list[str]:
    raw = model.values.get("BedrockModelIds", "")
    return [i.strip() for i in str(raw).split(",") if i.strip()]


def bedrock(aws, model) -> list[Row]:
    ids = _model_ids(model)
    if not ids:
        return [Row(AREA, "Bedrock models", PASSED, "none listed (BedrockModelIds is empty)")]
    client = aws.client("bedrock")
    rows = []
    foundation = None
    for model_id in ids:
        check = f"Bedrock {model_id}"
        try:
            if PROFILE_ID.match(model_id):
                found = call(client, "get_inference_profile", "bedrock:GetInferenceProfile",
                             absent=("ResourceNotFoundException", "ValidationException"),
                             inferenceProfileIdentifier=model_id)
                if found is None:
                    rows.append(Row(AREA, check, BLOCKER, f"no inference profile {model_id} in {model.region}; "
                                                          f"fix BedrockModelIds"))
                elif found.get("status", "ACTIVE") != "ACTIVE":
                    rows.append(Row(AREA, check, BLOCKER, f"inference profile {model_id} is {found['status']}"))
                else:
                    rows.append(Row(AREA, check, PASSED, f"inference profile, routes to "
                                                         f"{len(found.get('models', []))} model ARN(s)"))
                continue
            if foundation is None:
                listed = call(client, "list_foundation_models", "bedrock:ListFoundationModels")
                foundation = {m["modelId"]: m for m in listed.get("modelSummaries", [])}
        except Unchecked as exc:
            rows.append(Row(AREA, check, UNCHECKED, str(exc)))
            continue
        summary = foundation.get(model_id)
        if summary is None:
            close = difflib.get_close_matches(model_id, list(foundation), n=2)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            rows.append(Row(AREA, check, BLOCKER, f"{model.region} offers no foundation model {model_id}{hint}; "
                                                  f"fix BedrockModelIds"))
        elif "ON_DEMAND" not in (summary.get("inferenceTypesSupported") or []):
            rows.append(Row(AREA, check, BLOCKER, f"{model_id} cannot be invoked on demand in {model.region}, "
                                                  f"only through an inference profile; list its profile id "
                                                  f"(e.g. us.{model_id}) in BedrockModelIds"))
        elif (summary.get("modelLifecycle") or {}).get("status") == "LEGACY":
            rows.append(Row(AREA, check, WARNING, f"{model_id} is LEGACY in {model.region}: AWS will retire it"))
        else:
            rows.append(Row(AREA, check, PASSED, f"foundation model, on demand in {model.region}"))
    return rows


def fargate_spot_arm64(_aws, model) -> list[Row]:
    """No AWS call: Fargate Spot runs only X86_64 tasks (ECS developer guide, Fargate capacity providers)."""
    arm = any(str((props.get("RuntimePlatform") or {}).get("CpuArchitecture")) == "ARM64"
              for _s, _l, props in model.of_type("AWS::ECS::TaskDefinition"))
    spot = any(item.get("CapacityProvider") == "FARGATE_SPOT"
               and (int(item.get("Weight") or 0) or int(item.get("Base") or 0))
               for _s, _l, props in model.of_type("AWS::ECS::Service")
               for item in props.get("CapacityProviderStrategy") or [])
    if arm and spot:
        return [Row(AREA, "Fargate Spot + ARM64", BLOCKER, "Fargate Spot does not run ARM64 tasks; set "
                                                            "CpuArchitecture=X86_64 or CapacityMode=on-demand")]
    return [Row(AREA, "Fargate Spot + ARM64", PASSED, f"{'ARM64' if arm else 'X86_64'} tasks"
                                                      f"{' on Spot' if spot else ', no Spot'}")]


def availability_zones(aws, model) -> list[Row]:
    """Subnets pick AZs with Fn::Select over Fn::GetAZs: the region must list at least as many as the highest
    index used (the model's GetAZs lists <region>a, b, c, ... so the letter gives the index)."""
    used = set()
    for _stack, _logical_id, res in model.all_resources():
        zone = (res.get("Properties") or {}).get("AvailabilityZone")
        if isinstance(zone, str) and zone.startswith(model.region) and len(zone) == len(model.region) + 1:
            used.add("abcdef".index(zone[-1]) + 1)
    need = max(used, default=0)
    if not need:
        return [Row(AREA, "Availability Zones", PASSED, "no subnet picks an AZ by index")]
    resp = call(aws.client("ec2"), "describe_availability_zones", "ec2:DescribeAvailabilityZones",
                Filters=[{"Name": "zone-type", "Values": ["availability-zone"]},
                         {"Name": "state", "Values": ["available"]}])
    zones = sorted(z["ZoneName"] for z in resp.get("AvailabilityZones", []))
    if len(zones) < need:
        return [Row(AREA, "Availability Zones", BLOCKER, f"the subnets need {need} AZs, {model.region} offers "
                                                         f"{len(zones)} to this account ({', '.join(zones)}); "
                                                         f"set AzCount={len(zones)} or pick another region")]
    return [Row(AREA, "Availability Zones", PASSED, f"the subnets need {need}, {model.region} offers {len(zones)}")]
