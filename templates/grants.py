"""IAM statements that a resource grants to a role, each built once from the resource itself, and the
trust policy of a role that one AWS service assumes.

A log group's `Arn` attribute already ends in `:*` (`...:log-group:NAME:*`), so a stream ARN appended to
it (`...:log-group:NAME:*:log-stream:*`) matches no stream: the awslogs driver then gets AccessDenied on
CreateLogStream and no task starts. `log_write` builds the stream ARN from the group's name instead.
"""
from awacs import bedrock, elasticfilesystem as efs, kms as awskms, logs as awslogs, ssm as awsssm
from awacs.aws import Allow, ArnLike, Condition as PolicyCondition, PolicyDocument, Principal, Statement, StringEquals
from awacs.sts import AssumeRole
from troposphere import AccountId, Join, Ref, Split, Sub


def log_stream_arn(group) -> Sub:
    """ARN of every stream of `group` (a troposphere LogGroup): what CreateLogStream and PutLogEvents act on."""
    return Sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${Group}:log-stream:*",
               Group=Ref(group))


def log_write(group, sid: str = "WriteOwnLogs") -> Statement:
    """Create streams in `group` and write events to them."""
    return Statement(Sid=sid, Effect=Allow, Action=[awslogs.CreateLogStream, awslogs.PutLogEvents],
                     Resource=[log_stream_arn(group)])


# Inference-profile ids start with a geography (us., eu., apac., global., ...); foundation-model ids do not.
BEDROCK_ID_PATTERN = (r"^(((us|us-gov|eu|apac|jp|au|ca|global)\.)?[a-z0-9-]+\.[A-Za-z0-9._:-]+)?$")


def bedrock_invoke(ids) -> list[Statement]:
    """Invoke the Bedrock models of `ids` (a CommaDelimitedList parameter): foundation-model ids and
    system-defined inference-profile ids alike.

    Fn::Join's delimiter is a literal, so the per-id ARNs cannot carry ${AWS::Partition}, the region or the
    account: they wildcard those fields and keep the id exact. Every id is granted as both kinds; the kind
    it is not names no resource and grants nothing. A profile routes each request to the foundation model
    in one of the regions it spans (a global profile to any commercial region, with a region-less model
    ARN), so foundation models are allowed in every region of the partition, but only when the request
    comes through one of the listed profiles (the bedrock:InferenceProfileArn condition), as the Bedrock
    user guide's inference-profile prerequisites describe.
    """
    def each(prefix: str) -> Sub:
        """"<prefix><id1>,<prefix><id2>,..." """
        return Sub(f"{prefix}${{Ids}}", Ids=Join(f",{prefix}", Ref(ids)))

    models, profiles = "arn:*:bedrock:*::foundation-model/", "arn:*:bedrock:*:*:inference-profile/"
    actions = [bedrock.InvokeModel, bedrock.InvokeModelWithResponseStream]
    return [
        Statement(Sid="InvokeListedModelsAndProfiles", Effect=Allow, Action=actions,
                  Resource=Split(",", Join(",", [each(models), each(profiles)]))),
        Statement(Sid="InvokeModelsThroughListedProfiles", Effect=Allow, Action=actions,
                  Resource=[Sub("arn:${AWS::Partition}:bedrock:*::foundation-model/*")],
                  Condition=PolicyCondition(ArnLike({"bedrock:InferenceProfileArn": Split(",", each(profiles))}))),
    ]


def efs_root_mount(file_system_id, access_point_id) -> Statement:
    """Mount the file system read-write as root, only through the given access point.

    The access point enforces uid/gid 0; with IAM authorization a client without ClientRootAccess is
    root-squashed and cannot write the model store.
    """
    arn = "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}"
    return Statement(
        Sid="MountModelCacheAsRootThroughTheAccessPoint", Effect=Allow,
        Action=[efs.ClientMount, efs.ClientWrite, efs.ClientRootAccess],
        Resource=[Sub(f"{arn}:file-system/${{Fs}}", Fs=Ref(file_system_id))],
        Condition=PolicyCondition(StringEquals({
            "elasticfilesystem:AccessPointArn": Sub(f"{arn}:access-point/${{Ap}}", Ap=Ref(access_point_id))})))


def service_trust(service: str, same_account_only: bool = True) -> PolicyDocument:
    """A role that `service` (e.g. lambda.amazonaws.com) assumes, by default only on behalf of this account
    (aws:SourceAccount: the confused-deputy guard). ECS tasks and RDS monitoring do not send it."""
    condition = {"Condition": PolicyCondition(StringEquals({"aws:SourceAccount": AccountId}))} if same_account_only else {}
    return PolicyDocument(Statement=[Statement(Effect=Allow, Principal=Principal("Service", service),
                                               Action=[AssumeRole], **condition)])


def ssm_read(parameter_arns: list, sid: str) -> Statement:
    """Read the given SSM parameters (what ECS does for a container's `Secrets`)."""
    return Statement(Sid=sid, Effect=Allow, Action=[awsssm.GetParameters], Resource=parameter_arns)


def kms_decrypt(key_arn, sid: str) -> Statement:
    return Statement(Sid=sid, Effect=Allow, Action=[awskms.Decrypt], Resource=[key_arn])
