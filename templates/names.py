"""Names that cross stack boundaries, in one place: the outputs a stack produces, which the parent wires into
another stack's parameters of the same name, the parameters several stacks declare, and the ports one
stack opens for another. Stacks import this module instead of each other, so a rename is one edit and a
typo is an ImportError.
"""
# Network stack outputs.
VPC_ID = "VpcId"
VPC_CIDR = "VpcCidr"
PUBLIC_SUBNETS = "PublicSubnetIds"
PRIVATE_SUBNETS = "PrivateSubnetIds"
DATABASE_SUBNETS = "DatabaseSubnetIds"
PRIVATE_ROUTE_TABLES = "PrivateRouteTableIds"

# Data stack outputs.
KMS_KEY_ARN = "KmsKeyArn"
DB_HOST = "DatabaseHost"
DB_PORT = "DatabasePort"
DB_NAME = "DatabaseName"
DB_USER = "DatabaseUser"
DB_SECURITY_GROUP = "DatabaseSecurityGroupId"
DB_INSTANCE_ID = "DatabaseInstanceId"
SECRETS_PREFIX = "SecretsPrefix"
MASTER_KEY_PARAMETER = "MasterKeyParameterName"
MASTER_KEY_ARN = "MasterKeyParameterArn"
SALT_KEY_ARN = "SaltKeyParameterArn"
DB_PASSWORD_ARN = "DatabasePasswordParameterArn"
SECRETS_VERSION = "SecretsVersion"
# Data stack options' outputs (empty when the option is off).
MODEL_CACHE_FS = "ModelCacheFileSystemId"
MODEL_CACHE_ACCESS_POINT = "ModelCacheAccessPointId"
MODEL_CACHE_SG = "ModelCacheSecurityGroupId"
SHARED_CACHE_HOST = "SharedCacheHost"
SHARED_CACHE_PORT = "SharedCachePort"
SHARED_CACHE_SG = "SharedCacheSecurityGroupId"
SHARED_CACHE_AUTH_ARN = "SharedCacheAuthParameterArn"

# Service stack outputs.
ENDPOINT_URL = "EndpointUrl"
ENDPOINT_SECURITY = "EndpointSecurity"
CLUSTER_NAME = "ClusterName"
SERVICE_NAME = "ServiceName"
LOG_GROUP_NAME = "LogGroupName"
TARGET_GROUP_ARN = "TargetGroupArn"
LOAD_BALANCER_ARN = "LoadBalancerArn"

# Parameters that more than one template declares or a parent Rule reads.
ARTIFACT_BUCKET = "ArtifactBucket"
ARTIFACT_PREFIX = "ArtifactPrefix"
AZ_COUNT = "AzCount"
NAT_MODE = "NatGatewayMode"
TASK_PLACEMENT = "TaskPlacement"

# Ports one stack opens for another's clients.
DB_PORT_NUMBER = 5432
REDIS_PORT = 6379
NFS_PORT = 2049
