"""local-cognito's admin operations driven by boto3 (botocore's own request signing and parsing).

Run by scripts/test.sh with COGNITO_URL pointing at a running stand-in.
"""

import os
import time
import unittest

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ.get("COGNITO_URL", "http://127.0.0.1:19229")
PASSWORD = "Boto3-Passw0rd!"


def client():
    return boto3.client(
        "cognito-idp",
        region_name="us-east-1",
        endpoint_url=ENDPOINT,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


class AdminOperations(unittest.TestCase):
    def setUp(self):
        self.idp = client()
        pool = self.idp.create_user_pool(
            PoolName=f"boto3-{time.time_ns()}",
            MfaConfiguration="OFF",
            UsernameAttributes=["email"],
        )["UserPool"]
        self.pool_id = pool["Id"]
        self.assertRegex(self.pool_id, r"^us-east-1_[0-9A-Za-z]+$")
        self.client_id = self.idp.create_user_pool_client(
            UserPoolId=self.pool_id,
            ClientName="boto3",
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            GenerateSecret=False,
        )["UserPoolClient"]["ClientId"]

    def create_user(self, email, temporary="Temp-Passw0rd!"):
        return self.idp.admin_create_user(
            UserPoolId=self.pool_id,
            Username=email,
            TemporaryPassword=temporary,
            MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
        )["User"]

    def test_pool_and_mfa_configuration(self):
        described = self.idp.describe_user_pool(UserPoolId=self.pool_id)["UserPool"]
        self.assertEqual(described["Id"], self.pool_id)
        self.assertEqual(described["MfaConfiguration"], "OFF")
        config = self.idp.set_user_pool_mfa_config(
            UserPoolId=self.pool_id,
            MfaConfiguration="OPTIONAL",
            SoftwareTokenMfaConfiguration={"Enabled": True},
        )
        self.assertEqual(config["MfaConfiguration"], "OPTIONAL")
        self.assertTrue(config["SoftwareTokenMfaConfiguration"]["Enabled"])
        self.assertEqual(self.idp.describe_user_pool(UserPoolId=self.pool_id)["UserPool"]["MfaConfiguration"], "OPTIONAL")

    def test_user_lifecycle(self):
        user = self.create_user("carol@example.com")
        self.assertEqual(user["UserStatus"], "FORCE_CHANGE_PASSWORD")
        username = user["Username"]
        self.assertNotEqual(username, "carol@example.com", "email is an alias; the username is the sub")

        got = self.idp.admin_get_user(UserPoolId=self.pool_id, Username="carol@example.com")
        self.assertEqual(got["Username"], username)
        attrs = {a["Name"]: a["Value"] for a in got["UserAttributes"]}
        self.assertEqual(attrs["email"], "carol@example.com")
        self.assertEqual(attrs["sub"], username)

        # A temporary password leads to NEW_PASSWORD_REQUIRED...
        challenge = self.idp.initiate_auth(
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "carol@example.com", "PASSWORD": "Temp-Passw0rd!"},
        )
        self.assertEqual(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED")
        # ...until an admin sets a permanent one.
        self.idp.admin_set_user_password(UserPoolId=self.pool_id, Username="carol@example.com", Password=PASSWORD, Permanent=True)
        self.assertEqual(self.idp.admin_get_user(UserPoolId=self.pool_id, Username=username)["UserStatus"], "CONFIRMED")
        tokens = self.idp.initiate_auth(
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "carol@example.com", "PASSWORD": PASSWORD},
        )["AuthenticationResult"]
        self.assertEqual(tokens["TokenType"], "Bearer")
        me = self.idp.get_user(AccessToken=tokens["AccessToken"])
        self.assertEqual(me["Username"], username)

        with self.assertRaises(ClientError) as wrong:
            self.idp.initiate_auth(
                ClientId=self.client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "carol@example.com", "PASSWORD": "Wrong-Passw0rd!"},
            )
        self.assertEqual(wrong.exception.response["Error"]["Code"], "NotAuthorizedException")

        # Refresh works until the token is revoked.
        refreshed = self.idp.initiate_auth(
            ClientId=self.client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]}
        )["AuthenticationResult"]
        self.assertIn("AccessToken", refreshed)
        self.idp.revoke_token(Token=tokens["RefreshToken"], ClientId=self.client_id)
        with self.assertRaises(ClientError) as revoked:
            self.idp.get_user(AccessToken=refreshed["AccessToken"])
        self.assertEqual(revoked.exception.response["Error"]["Code"], "NotAuthorizedException")

        self.idp.admin_delete_user(UserPoolId=self.pool_id, Username=username)
        with self.assertRaises(ClientError) as gone:
            self.idp.admin_get_user(UserPoolId=self.pool_id, Username=username)
        self.assertEqual(gone.exception.response["Error"]["Code"], "UserNotFoundException")

    def test_mfa_preference_and_listing(self):
        self.idp.set_user_pool_mfa_config(
            UserPoolId=self.pool_id, MfaConfiguration="OPTIONAL", SoftwareTokenMfaConfiguration={"Enabled": True}
        )
        self.create_user("dave@example.com")
        self.create_user("erin@example.com")
        self.idp.admin_update_user_attributes(
            UserPoolId=self.pool_id, Username="dave@example.com", UserAttributes=[{"Name": "phone_number", "Value": "+15555550100"}]
        )
        self.idp.admin_set_user_mfa_preference(
            UserPoolId=self.pool_id, Username="dave@example.com", SMSMfaSettings={"Enabled": True, "PreferredMfa": True}
        )
        dave = self.idp.admin_get_user(UserPoolId=self.pool_id, Username="dave@example.com")
        self.assertEqual(dave["UserMFASettingList"], ["SMS_MFA"])
        self.assertEqual(dave["PreferredMfaSetting"], "SMS_MFA")
        with self.assertRaises(ClientError) as no_token:
            self.idp.admin_set_user_mfa_preference(
                UserPoolId=self.pool_id, Username="erin@example.com", SoftwareTokenMfaSettings={"Enabled": True}
            )
        self.assertEqual(no_token.exception.response["Error"]["Code"], "InvalidParameterException")
        emails = sorted(
            next(a["Value"] for a in u["Attributes"] if a["Name"] == "email")
            for u in self.idp.list_users(UserPoolId=self.pool_id)["Users"]
        )
        self.assertEqual(emails, ["dave@example.com", "erin@example.com"])

    def test_unknown_pool_and_duplicate_user(self):
        with self.assertRaises(ClientError) as missing:
            self.idp.describe_user_pool(UserPoolId="us-east-1_DoesNotExist")
        self.assertEqual(missing.exception.response["Error"]["Code"], "ResourceNotFoundException")
        self.create_user("frank@example.com")
        with self.assertRaises(ClientError) as dup:
            self.create_user("frank@example.com")
        self.assertEqual(dup.exception.response["Error"]["Code"], "UsernameExistsException")

    def test_domain_identity_provider_and_client_oauth_settings(self):
        prefix = f"boto3-{time.time_ns()}"
        created = self.idp.create_user_pool_domain(Domain=prefix, UserPoolId=self.pool_id)
        self.assertEqual(created["ManagedLoginVersion"], 1)
        described = self.idp.describe_user_pool_domain(Domain=prefix)["DomainDescription"]
        self.assertEqual((described["UserPoolId"], described["Status"]), (self.pool_id, "ACTIVE"))
        self.assertEqual(self.idp.describe_user_pool_domain(Domain=f"{prefix}-none")["DomainDescription"], {})
        self.assertEqual(self.idp.describe_user_pool(UserPoolId=self.pool_id)["UserPool"]["Domain"], prefix)

        provider = self.idp.create_identity_provider(
            UserPoolId=self.pool_id,
            ProviderName="LocalOidc",
            ProviderType="OIDC",
            ProviderDetails={
                "client_id": "local-client",
                "authorize_scopes": "openid email profile",
                "attributes_request_method": "GET",
                "oidc_issuer": "http://127.0.0.1:19230",
            },
            AttributeMapping={"email": "email"},
            IdpIdentifiers=["example.com"],
        )["IdentityProvider"]
        self.assertEqual(provider["ProviderType"], "OIDC")
        self.assertEqual(provider["ProviderDetails"]["attributes_url_add_attributes"], "false")
        listed = self.idp.list_identity_providers(UserPoolId=self.pool_id)["Providers"]
        self.assertEqual([p["ProviderName"] for p in listed], ["LocalOidc"])
        with self.assertRaises(ClientError) as dup:
            self.idp.create_identity_provider(
                UserPoolId=self.pool_id, ProviderName="LocalOidc", ProviderType="OIDC",
                ProviderDetails=provider["ProviderDetails"],
            )
        self.assertEqual(dup.exception.response["Error"]["Code"], "DuplicateProviderException")

        oauth = dict(
            UserPoolId=self.pool_id, ClientId=self.client_id,
            AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"],
            AllowedOAuthScopes=["openid", "email", "profile", "aws.cognito.signin.user.admin"],
            CallbackURLs=["http://localhost:8080/callback"], LogoutURLs=["http://localhost:8080/"],
        )
        with self.assertRaises(ClientError) as unknown:
            self.idp.update_user_pool_client(**oauth, SupportedIdentityProviders=["COGNITO", "Google"])
        self.assertEqual(unknown.exception.response["Error"]["Code"], "InvalidParameterException")
        self.assertIn("The provider Google does not exist", unknown.exception.response["Error"]["Message"])
        client = self.idp.update_user_pool_client(**oauth, SupportedIdentityProviders=["COGNITO", "LocalOidc"])["UserPoolClient"]
        self.assertEqual(client["AllowedOAuthFlows"], ["code"])
        self.assertTrue(client["AllowedOAuthFlowsUserPoolClient"])
        self.assertEqual(client["SupportedIdentityProviders"], ["COGNITO", "LocalOidc"])
        self.idp.delete_identity_provider(UserPoolId=self.pool_id, ProviderName="LocalOidc")
        after = self.idp.describe_user_pool_client(UserPoolId=self.pool_id, ClientId=self.client_id)["UserPoolClient"]
        self.assertEqual(after["SupportedIdentityProviders"], ["COGNITO"])
        self.idp.delete_user_pool_domain(Domain=prefix, UserPoolId=self.pool_id)
        self.assertEqual(self.idp.describe_user_pool_domain(Domain=prefix)["DomainDescription"], {})


if __name__ == "__main__":
    unittest.main()
