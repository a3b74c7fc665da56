"""Creates a pool, a public SRP client and a confirmed user in a running ministack (AUTH=true,
root credentials test/test) and prints shell assignments for scripts/test.sh."""

import os
import sys
import time

import boto3

endpoint = sys.argv[1]
password = os.environ.get("E2E_PASSWORD", "E2e-Passw0rd!")
idp = boto3.client(
    "cognito-idp", region_name="us-east-1", endpoint_url=endpoint,
    aws_access_key_id="test", aws_secret_access_key="test",
)
pool_id = idp.create_user_pool(PoolName="cognito-2fa-e2e", MfaConfiguration="OFF", UsernameAttributes=["email"])["UserPool"]["Id"]
idp.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="OPTIONAL", SoftwareTokenMfaConfiguration={"Enabled": True})
client_id = idp.create_user_pool_client(
    UserPoolId=pool_id, ClientName="web", GenerateSecret=False,
    ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
)["UserPoolClient"]["ClientId"]
email = f"ministack-{time.time_ns()}@example.com"
idp.admin_create_user(
    UserPoolId=pool_id, Username=email, TemporaryPassword=password, MessageAction="SUPPRESS",
    UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
)
idp.admin_set_user_password(UserPoolId=pool_id, Username=email, Password=password, Permanent=True)
print(f"MS_POOL_ID={pool_id} MS_CLIENT_ID={client_id} MS_EMAIL={email}")
