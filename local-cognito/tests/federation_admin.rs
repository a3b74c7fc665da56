//! The admin side of federated sign-in as the stand-in models it (local-cognito/BEHAVIOURS.md,
//! "Federated sign-in: the admin side"): the pool's domain, its identity providers and an app
//! client's OAuth settings, each refused as Cognito refuses it.

mod common;
use common::refused;

use local_cognito::service::Service;
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Federated";
const OTHER: &str = "us-east-1_Neighbour";
const CLIENT: &str = "federatedclient";

fn service() -> Service {
    common::seeded_service(json!({ "pools": [
        { "id": POOL, "name": "federated", "mfa": "OFF",
          "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
          "users": [] },
        { "id": OTHER, "name": "neighbour", "mfa": "OFF", "clients": [], "users": [] },
    ]}))
}

fn oidc(name: &str) -> Value {
    json!({ "UserPoolId": POOL, "ProviderName": name, "ProviderType": "OIDC", "ProviderDetails": {
        "client_id": "local-client", "authorize_scopes": "openid email",
        "attributes_request_method": "GET", "oidc_issuer": "http://127.0.0.1:19230" } })
}

fn oauth_client(extra: Value) -> Value {
    let mut body = json!({ "UserPoolId": POOL, "ClientId": CLIENT, "AllowedOAuthFlowsUserPoolClient": true,
        "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "email"],
        "CallbackURLs": ["https://app.example.com/callback"] });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    body
}

#[test]
fn a_pool_has_one_prefix_domain_nobody_else_has() {
    let s = service();
    let created = s
        .call(
            "CreateUserPoolDomain",
            &json!({ "UserPoolId": POOL, "Domain": "my-app" }),
        )
        .unwrap();
    assert_eq!(created, json!({ "ManagedLoginVersion": 1 }));
    refused(
        s.call(
            "CreateUserPoolDomain",
            &json!({ "UserPoolId": OTHER, "Domain": "my-app" }),
        ),
        "InvalidParameterException",
        "Domain already associated with another user pool.",
    );
    refused(
        s.call(
            "CreateUserPoolDomain",
            &json!({ "UserPoolId": POOL, "Domain": "my-second-app" }),
        ),
        "InvalidParameterException",
        "User pool already has a domain configured.",
    );
    refused(
        s.call(
            "CreateUserPoolDomain",
            &json!({ "UserPoolId": OTHER, "Domain": "my-cognito" }),
        ),
        "InvalidParameterException",
        "Domain cannot contain reserved word: cognito",
    );
    // A custom domain beside the prefix one.
    let custom = s
        .call("CreateUserPoolDomain", &json!({ "UserPoolId": POOL, "Domain": "auth.example.com",
            "CustomDomainConfig": { "CertificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/x" } }))
        .unwrap();
    assert!(
        custom["CloudFrontDomain"]
            .as_str()
            .is_some_and(|d| d.ends_with(".cloudfront.net"))
    );
    let pool = &s
        .call("DescribeUserPool", &json!({ "UserPoolId": POOL }))
        .unwrap()["UserPool"];
    assert_eq!(
        (&pool["Domain"], &pool["CustomDomain"]),
        (&json!("my-app"), &json!("auth.example.com"))
    );
    let described = s
        .call("DescribeUserPoolDomain", &json!({ "Domain": "my-app" }))
        .unwrap();
    assert_eq!(described["DomainDescription"]["UserPoolId"], POOL);
    assert_eq!(described["DomainDescription"]["Status"], "ACTIVE");
    assert_eq!(
        s.call("DescribeUserPoolDomain", &json!({ "Domain": "nobodys" }))
            .unwrap(),
        json!({ "DomainDescription": {} }),
        "an unknown domain is an empty description, not an error"
    );
    refused(
        s.call(
            "DeleteUserPoolDomain",
            &json!({ "UserPoolId": OTHER, "Domain": "my-app" }),
        ),
        "InvalidParameterException",
        "No such domain or user pool exists.",
    );
    s.call(
        "DeleteUserPoolDomain",
        &json!({ "UserPoolId": POOL, "Domain": "my-app" }),
    )
    .unwrap();
    s.call(
        "CreateUserPoolDomain",
        &json!({ "UserPoolId": OTHER, "Domain": "my-app" }),
    )
    .expect("free again");
}

#[test]
fn identity_providers_are_checked_listed_updated_and_deleted() {
    let s = service();
    let created = s.call("CreateIdentityProvider", &oidc("Corp")).unwrap();
    assert_eq!(
        created["IdentityProvider"]["ProviderDetails"]["attributes_url_add_attributes"],
        "false"
    );
    refused(
        s.call("CreateIdentityProvider", &oidc("Corp")),
        "DuplicateProviderException",
        "A provider with the name Corp already exists in this user pool.",
    );
    let mut no_issuer = oidc("NoIssuer");
    no_issuer["ProviderDetails"]
        .as_object_mut()
        .unwrap()
        .remove("oidc_issuer");
    refused(
        s.call("CreateIdentityProvider", &no_issuer),
        "InvalidParameterException",
        "oidc_issuer is required for the OIDC provider type.",
    );
    let google = json!({ "UserPoolId": POOL, "ProviderName": "MyGoogle", "ProviderType": "Google",
        "ProviderDetails": { "client_id": "g", "authorize_scopes": "openid" } });
    refused(
        s.call("CreateIdentityProvider", &google),
        "InvalidParameterException",
        "ProviderName must be Google for the Google provider type.",
    );
    refused(
        s.call("CreateIdentityProvider", &oidc("_Corp")),
        "InvalidParameterException",
        "1 validation error detected: Value '_Corp' at 'providerName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+",
    );
    for bad in ["ab", "Corp_SSO", "My Corp"] {
        let refused = s.call("CreateIdentityProvider", &oidc(bad)).unwrap_err();
        assert_eq!(refused.kind, "InvalidParameterException", "{bad}");
    }
    for name in ["Alpha", "Beta", "Gamma"] {
        s.call("CreateIdentityProvider", &oidc(name)).unwrap();
    }
    let page = s
        .call(
            "ListIdentityProviders",
            &json!({ "UserPoolId": POOL, "MaxResults": 2 }),
        )
        .unwrap();
    let names = |p: &Value| -> Vec<String> {
        p["Providers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["ProviderName"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&page), ["Alpha", "Beta"]);
    let next = s
        .call(
            "ListIdentityProviders",
            &json!({ "UserPoolId": POOL, "MaxResults": 2, "NextToken": page["NextToken"] }),
        )
        .unwrap();
    assert_eq!(names(&next), ["Corp", "Gamma"]);
    assert!(next.get("NextToken").is_none());
    s.call(
        "UpdateIdentityProvider",
        &json!({ "UserPoolId": POOL, "ProviderName": "Corp", "IdpIdentifiers": ["corp.example"] }),
    )
    .unwrap();
    refused(
        s.call("UpdateIdentityProvider", &json!({ "UserPoolId": POOL, "ProviderName": "Alpha", "IdpIdentifiers": ["corp.example"] })),
        "InvalidParameterException",
        "The identifier corp.example is already used by another provider.",
    );
    let corp = s
        .call(
            "DescribeIdentityProvider",
            &json!({ "UserPoolId": POOL, "ProviderName": "Corp" }),
        )
        .unwrap();
    assert_eq!(
        corp["IdentityProvider"]["IdpIdentifiers"],
        json!(["corp.example"])
    );
    assert_eq!(
        corp["IdentityProvider"]["ProviderDetails"]["client_id"], "local-client",
        "kept"
    );
    s.call(
        "DeleteIdentityProvider",
        &json!({ "UserPoolId": POOL, "ProviderName": "Corp" }),
    )
    .unwrap();
    refused(
        s.call(
            "DescribeIdentityProvider",
            &json!({ "UserPoolId": POOL, "ProviderName": "Corp" }),
        ),
        "ResourceNotFoundException",
        "Identity provider Corp does not exist.",
    );
}

#[test]
fn a_clients_oauth_settings_are_checked_and_described() {
    let s = service();
    s.call("CreateIdentityProvider", &oidc("Corp")).unwrap();
    for (extra, message) in [
        (
            json!({ "AllowedOAuthFlows": ["client_credentials"] }),
            "client_credentials flow can not be selected if client does not have a client secret.",
        ),
        (
            json!({ "AllowedOAuthScopes": ["openid", "admin"] }),
            "Invalid scope requested: admin",
        ),
        (
            json!({ "CallbackURLs": ["http://app.example.com/callback"] }),
            "Invalid redirect URL: http://app.example.com/callback",
        ),
        (
            json!({ "CallbackURLs": ["https://app.example.com/cb#x"] }),
            "Invalid redirect URL: https://app.example.com/cb#x",
        ),
        (
            json!({ "DefaultRedirectURI": "https://elsewhere.example.com/" }),
            "DefaultRedirectURI must be one of the CallbackURLs.",
        ),
        (
            json!({ "AllowedOAuthFlows": [] }),
            "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.",
        ),
        (
            json!({ "SupportedIdentityProviders": ["COGNITO", "Google"] }),
            "The provider Google does not exist for User Pool us-east-1_Federated",
        ),
    ] {
        refused(
            s.call("UpdateUserPoolClient", &oauth_client(extra)),
            "InvalidParameterException",
            message,
        );
    }
    let updated = s
        .call("UpdateUserPoolClient", &oauth_client(json!({
            "SupportedIdentityProviders": ["COGNITO", "Corp"], "LogoutURLs": ["http://localhost:8080/"],
            "DefaultRedirectURI": "https://app.example.com/callback" })))
        .unwrap();
    let client = &updated["UserPoolClient"];
    assert_eq!(client["AllowedOAuthFlowsUserPoolClient"], true);
    assert_eq!(client["AllowedOAuthFlows"], json!(["code"]));
    assert_eq!(
        client["SupportedIdentityProviders"],
        json!(["COGNITO", "Corp"])
    );
    assert_eq!(client["LogoutURLs"], json!(["http://localhost:8080/"]));
    let described = s
        .call(
            "DescribeUserPoolClient",
            &json!({ "UserPoolId": POOL, "ClientId": CLIENT }),
        )
        .unwrap();
    assert_eq!(described["UserPoolClient"], *client);
    // UpdateUserPoolClient resets what it leaves out, as Cognito does.
    let reset = s
        .call(
            "UpdateUserPoolClient",
            &json!({ "UserPoolId": POOL, "ClientId": CLIENT }),
        )
        .unwrap();
    assert_eq!(
        reset["UserPoolClient"]["AllowedOAuthFlowsUserPoolClient"],
        false
    );
    assert!(reset["UserPoolClient"].get("CallbackURLs").is_none());
}
