//! What federated sign-in through the pool's domain is configured with, as Cognito's admin API
//! has it: the pool's domain (CreateUserPoolDomain, DescribeUserPoolDomain, DeleteUserPoolDomain),
//! its identity providers (CreateIdentityProvider, DescribeIdentityProvider,
//! ListIdentityProviders, UpdateIdentityProvider, DeleteIdentityProvider) and an app client's
//! OAuth settings (`AllowedOAuthFlows`, `AllowedOAuthScopes`, `CallbackURLs`, `LogoutURLs`,
//! `DefaultRedirectURI`, `SupportedIdentityProviders`, with `AllowedOAuthFlowsUserPoolClient`).
//! Admin operations (no browser may call them, see `crate::http`).
//!
//! Sources: botocore's cognito-idp model (shapes, patterns, enums); the API reference of each
//! operation; the developer guide ("Configuring a user pool domain": the reserved words, one
//! prefix domain per pool; "Application-specific settings with app clients": callback URLs must
//! be HTTPS except `http://localhost`, no fragment; DefaultRedirectURI "Must be in the
//! CallbackURLs list"). DescribeUserPoolDomain of an unknown domain answers
//! `{"DomainDescription": {}}` (terraform-provider-aws `findUserPoolDomain`); "The provider X
//! does not exist for User Pool Y" is the message users quote for an unknown
//! SupportedIdentityProviders entry, and "client_credentials flow can not be selected if client
//! does not have a client secret." the one for client credentials on a public client. The other
//! messages are inferred (local-cognito/BEHAVIOURS.md, "Federated sign-in: the admin side").

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Service;
use super::wire::{constraint_error, opt_int, opt_str, req_str};
use crate::error::{ApiError, ApiResult};
use crate::store::{IdentityProvider, OAuthSettings, Pool, PoolDomain};

/// The social providers, whose ProviderName must be their type.
const SOCIAL: [&str; 4] = ["Google", "Facebook", "LoginWithAmazon", "SignInWithApple"];
/// The scopes the stand-in serves (Cognito's reserved ones; resource-server scopes are not
/// modelled).
const SCOPES: [&str; 5] = [
    "openid",
    "email",
    "phone",
    "profile",
    "aws.cognito.signin.user.admin",
];
/// "You can't use the text aws, amazon, or cognito in the domain prefix" (developer guide).
const RESERVED_IN_PREFIX: [&str; 3] = ["aws", "amazon", "cognito"];
/// ListIdentityProviders' largest `MaxResults` (botocore: 0 … 60).
const MAX_PROVIDERS_PAGE: i64 = 60;

impl Service {
    pub(super) fn create_user_pool_domain(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let domain = req_str(body, "Domain")?.to_ascii_lowercase();
        let certificate_arn = body["CustomDomainConfig"]["CertificateArn"]
            .as_str()
            .map(str::to_owned);
        let custom = certificate_arn.is_some();
        if !custom {
            check_prefix(&domain)?;
        } else if domain.is_empty() || domain.len() > 63 || !domain.contains('.') {
            return Err(ApiError::invalid_parameter(format!(
                "{domain} is not a domain name."
            )));
        }
        let managed_login_version = opt_int(body, "ManagedLoginVersion")?.unwrap_or(1);
        if ![1, 2].contains(&managed_login_version) {
            return Err(ApiError::invalid_parameter(
                "ManagedLoginVersion must be 1 or 2.",
            ));
        }
        let now = self.clock.now_f64();
        let mut inner = self.lock();
        inner.pool(pool_id)?;
        if inner
            .store
            .pools
            .values()
            .any(|p| p.domains.iter().any(|d| d.domain == domain))
        {
            return Err(ApiError::invalid_parameter(
                "Domain already associated with another user pool.",
            ));
        }
        let pool = inner.pool_mut(pool_id)?;
        if pool.domains.iter().any(|d| d.custom == custom) {
            return Err(ApiError::invalid_parameter(
                "User pool already has a domain configured.",
            ));
        }
        pool.domains.push(PoolDomain {
            domain,
            custom,
            certificate_arn,
            managed_login_version,
            created: now,
        });
        let mut out = json!({ "ManagedLoginVersion": managed_login_version });
        if custom {
            out["CloudFrontDomain"] = json!(cloudfront_name(pool_id));
        }
        Ok(out)
    }

    /// An unknown domain: an empty description, not an error.
    pub(super) fn describe_user_pool_domain(&self, body: &Value) -> ApiResult<Value> {
        let domain = req_str(body, "Domain")?.to_ascii_lowercase();
        let inner = self.lock();
        let found = inner.store.pools.values().find_map(|pool| {
            pool.domains
                .iter()
                .find(|d| d.domain == domain)
                .map(|d| domain_json(pool, d))
        });
        Ok(json!({ "DomainDescription": found.unwrap_or_else(|| json!({})) }))
    }

    pub(super) fn delete_user_pool_domain(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let domain = req_str(body, "Domain")?.to_ascii_lowercase();
        let mut inner = self.lock();
        let pool = inner.pool_mut(pool_id)?;
        let before = pool.domains.len();
        pool.domains.retain(|d| d.domain != domain);
        if pool.domains.len() == before {
            return Err(ApiError::invalid_parameter(
                "No such domain or user pool exists.",
            ));
        }
        Ok(json!({}))
    }

    pub(super) fn create_identity_provider(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "ProviderName")?;
        let provider_type = req_str(body, "ProviderType")?;
        check_provider_name(name, provider_type)?;
        let details = string_map(body, "ProviderDetails")?
            .ok_or_else(|| ApiError::missing("providerDetails"))?;
        check_details(provider_type, &details)?;
        let now = self.clock.now_f64();
        let provider = IdentityProvider {
            name: name.to_owned(),
            provider_type: provider_type.to_owned(),
            details,
            attribute_mapping: string_map(body, "AttributeMapping")?.unwrap_or_default(),
            idp_identifiers: idp_identifiers(body)?.unwrap_or_default(),
            created: now,
            modified: now,
        };
        let mut inner = self.lock();
        let pool = inner.pool_mut(pool_id)?;
        if pool.identity_providers.contains_key(name) {
            return Err(ApiError::new(
                "DuplicateProviderException",
                format!("A provider with the name {name} already exists in this user pool."),
            ));
        }
        check_identifiers_free(pool, name, &provider.idp_identifiers)?;
        let out = provider_json(pool_id, &provider);
        pool.identity_providers.insert(name.to_owned(), provider);
        Ok(json!({ "IdentityProvider": out }))
    }

    pub(super) fn describe_identity_provider(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "ProviderName")?;
        let inner = self.lock();
        let provider = provider_of(inner.pool(pool_id)?, name)?;
        Ok(json!({ "IdentityProvider": provider_json(pool_id, provider) }))
    }

    /// In ProviderName order, `MaxResults` (0 … 60, botocore's range; 0 or none: 60) a page;
    /// `NextToken` is the next name.
    pub(super) fn list_identity_providers(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let max = opt_int(body, "MaxResults")?.unwrap_or(MAX_PROVIDERS_PAGE);
        if !(0..=MAX_PROVIDERS_PAGE).contains(&max) {
            return Err(constraint_error(
                &max.to_string(),
                "maxResults",
                "Member must have value less than or equal to 60",
            ));
        }
        let max = if max == 0 { MAX_PROVIDERS_PAGE } else { max };
        let from = opt_str(body, "NextToken").unwrap_or_default();
        let inner = self.lock();
        let pool = inner.pool(pool_id)?;
        let mut rest = pool
            .identity_providers
            .values()
            .filter(|p| p.name.as_str() >= from);
        let page: Vec<Value> = rest
            .by_ref()
            .take(usize::try_from(max).unwrap_or(1))
            .map(|p| {
                json!({ "ProviderName": p.name, "ProviderType": p.provider_type,
                    "LastModifiedDate": p.modified, "CreationDate": p.created })
            })
            .collect();
        let mut out = json!({ "Providers": page });
        if let Some(next) = rest.next() {
            out["NextToken"] = json!(next.name);
        }
        Ok(out)
    }

    /// The members given replace the provider's (the others stay).
    pub(super) fn update_identity_provider(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "ProviderName")?;
        let details = string_map(body, "ProviderDetails")?;
        let mapping = string_map(body, "AttributeMapping")?;
        let identifiers = idp_identifiers(body)?;
        let now = self.clock.now_f64();
        let mut inner = self.lock();
        let pool = inner.pool_mut(pool_id)?;
        let provider_type = provider_of(pool, name)?.provider_type.clone();
        if let Some(details) = &details {
            check_details(&provider_type, details)?;
        }
        if let Some(identifiers) = &identifiers {
            check_identifiers_free(pool, name, identifiers)?;
        }
        let provider = pool
            .identity_providers
            .get_mut(name)
            .ok_or_else(|| provider_not_found(name))?;
        if let Some(details) = details {
            provider.details = details;
        }
        if let Some(mapping) = mapping {
            provider.attribute_mapping = mapping;
        }
        if let Some(identifiers) = identifiers {
            provider.idp_identifiers = identifiers;
        }
        provider.modified = now;
        Ok(json!({ "IdentityProvider": provider_json(pool_id, provider) }))
    }

    /// The provider goes, and with it its place in the app clients' SupportedIdentityProviders
    /// (inferred: Cognito documents neither a refusal nor what happens to the clients).
    pub(super) fn delete_identity_provider(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "ProviderName")?;
        let mut inner = self.lock();
        let pool = inner.pool_mut(pool_id)?;
        pool.identity_providers
            .remove(name)
            .ok_or_else(|| provider_not_found(name))?;
        for client in pool.clients.values_mut() {
            client.oauth.identity_providers.retain(|p| p != name);
        }
        Ok(json!({}))
    }
}

/// A domain prefix: 1–63 lower-case letters, digits and inner hyphens (botocore's `DomainType`
/// pattern), none of the reserved words.
fn check_prefix(domain: &str) -> ApiResult<()> {
    let shaped = !domain.is_empty()
        && domain.len() <= 63
        && domain
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !domain.starts_with('-')
        && !domain.ends_with('-');
    if !shaped {
        return Err(constraint_error(
            domain,
            "domain",
            "Member must satisfy regular expression pattern: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$",
        ));
    }
    if let Some(word) = RESERVED_IN_PREFIX.iter().find(|w| domain.contains(*w)) {
        return Err(ApiError::invalid_parameter(format!(
            "Domain cannot contain reserved word: {word}"
        )));
    }
    Ok(())
}

/// A name CloudFront would give a custom domain's distribution (stable per pool).
fn cloudfront_name(pool_id: &str) -> String {
    let tail: String = pool_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("d{tail}.cloudfront.net")
}

fn domain_json(pool: &Pool, d: &PoolDomain) -> Value {
    json!({
        "UserPoolId": pool.id, "AWSAccountId": "000000000000", "Domain": d.domain,
        "S3Bucket": "local-cognito-assets", "CloudFrontDistribution": cloudfront_name(&pool.id),
        "Version": "1", "Status": "ACTIVE",
        "CustomDomainConfig": d.certificate_arn.as_ref().map_or_else(|| json!({}), |arn| json!({ "CertificateArn": arn })),
        "ManagedLoginVersion": d.managed_login_version,
    })
}

/// ProviderName: 1–32 characters, no `_` or space first or last (botocore's
/// `ProviderNameTypeV2`); a social provider's is its type; `COGNITO` is the pool's own.
fn check_provider_name(name: &str, provider_type: &str) -> ApiResult<()> {
    let types = ["SAML", "OIDC"].into_iter().chain(SOCIAL);
    if !types.clone().any(|t| t == provider_type) {
        return Err(constraint_error(
            provider_type,
            "providerType",
            "Member must satisfy enum value set: [SAML, Facebook, Google, LoginWithAmazon, SignInWithApple, OIDC]",
        ));
    }
    // `[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+`, at most 32: three characters at
    // least; no `_` or separator but in the second place, which is no separator or control.
    let chars: Vec<char> = name.chars().collect();
    let plain = |c: &char| *c != '_' && !c.is_whitespace() && !c.is_control();
    let shaped = (3..=32).contains(&chars.len())
        && chars.iter().enumerate().all(|(i, c)| {
            if i == 1 {
                !c.is_whitespace() && !c.is_control()
            } else {
                plain(c)
            }
        });
    if !shaped {
        return Err(constraint_error(
            name,
            "providerName",
            "Member must satisfy regular expression pattern: [^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+",
        ));
    }
    if name.eq_ignore_ascii_case("COGNITO") {
        return Err(ApiError::invalid_parameter(
            "COGNITO is a reserved provider name.",
        ));
    }
    if SOCIAL.contains(&provider_type) && name != provider_type {
        return Err(ApiError::invalid_parameter(format!(
            "ProviderName must be {provider_type} for the {provider_type} provider type."
        )));
    }
    Ok(())
}

/// The ProviderDetails a type needs: OIDC `client_id`, `authorize_scopes`,
/// `attributes_request_method` (GET or POST) and `oidc_issuer` (botocore's
/// CreateIdentityProvider documentation); a social provider `client_id` and `authorize_scopes`;
/// SAML `MetadataURL` or `MetadataFile` (stored only: the stand-in federates OIDC).
fn check_details(provider_type: &str, details: &BTreeMap<String, String>) -> ApiResult<()> {
    let needed: &[&str] = match provider_type {
        "OIDC" => &[
            "client_id",
            "authorize_scopes",
            "attributes_request_method",
            "oidc_issuer",
        ],
        "SAML" if details.contains_key("MetadataFile") => &[],
        "SAML" => &["MetadataURL"],
        _ => &["client_id", "authorize_scopes"],
    };
    if let Some(missing) = needed.iter().find(|k| !details.contains_key(**k)) {
        return Err(ApiError::invalid_parameter(format!(
            "{missing} is required for the {provider_type} provider type."
        )));
    }
    if provider_type == "OIDC"
        && !["GET", "POST"].contains(&details["attributes_request_method"].as_str())
    {
        return Err(ApiError::invalid_parameter(
            "attributes_request_method must be GET or POST.",
        ));
    }
    Ok(())
}

/// No other provider of the pool may have one of `identifiers`.
fn check_identifiers_free(pool: &Pool, name: &str, identifiers: &[String]) -> ApiResult<()> {
    let taken = pool
        .identity_providers
        .values()
        .filter(|p| p.name != name)
        .flat_map(|p| &p.idp_identifiers)
        .find(|i| identifiers.contains(i));
    match taken {
        Some(i) => Err(ApiError::invalid_parameter(format!(
            "The identifier {i} is already used by another provider."
        ))),
        None => Ok(()),
    }
}

fn provider_of<'a>(pool: &'a Pool, name: &str) -> ApiResult<&'a IdentityProvider> {
    pool.identity_providers
        .get(name)
        .ok_or_else(|| provider_not_found(name))
}

fn provider_not_found(name: &str) -> ApiError {
    ApiError::resource_not_found(format!("Identity provider {name} does not exist."))
}

fn provider_json(pool_id: &str, p: &IdentityProvider) -> Value {
    let mut details = p.details.clone();
    if p.provider_type == "OIDC" {
        details
            .entry("attributes_url_add_attributes".into())
            .or_insert_with(|| "false".into());
    }
    json!({
        "UserPoolId": pool_id, "ProviderName": p.name, "ProviderType": p.provider_type,
        "ProviderDetails": details, "AttributeMapping": p.attribute_mapping,
        "IdpIdentifiers": p.idp_identifiers, "LastModifiedDate": p.modified, "CreationDate": p.created,
    })
}

/// A map of strings, if present; a SerializationException if it is not one.
fn string_map(body: &Value, name: &str) -> ApiResult<Option<BTreeMap<String, String>>> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
            .collect::<Option<_>>()
            .map(Some)
            .ok_or_else(|| unexpected(name)),
        Some(_) => Err(unexpected(name)),
    }
}

fn unexpected(name: &str) -> ApiError {
    ApiError::new(
        "SerializationException",
        format!("Unexpected value for {name}"),
    )
}

/// A list of strings, if present.
fn string_list(body: &Value, name: &str) -> ApiResult<Option<Vec<String>>> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .map(Some)
            .ok_or_else(|| unexpected(name)),
        Some(_) => Err(unexpected(name)),
    }
}

/// IdpIdentifiers: at most 50, each 1–40 characters of `[\w\s+=.@-]`.
fn idp_identifiers(body: &Value) -> ApiResult<Option<Vec<String>>> {
    let Some(list) = string_list(body, "IdpIdentifiers")? else {
        return Ok(None);
    };
    let fits = |i: &String| {
        (1..=40).contains(&i.chars().count())
            && i.chars().all(|c| {
                c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=.@-".contains(c)
            })
    };
    if list.len() > 50 || !list.iter().all(fits) {
        return Err(ApiError::invalid_parameter(
            "IdpIdentifiers must be at most 50 identifiers of 1 to 40 characters [\\w\\s+=.@-].",
        ));
    }
    Ok(Some(list))
}

/// An app client's OAuth settings as CreateUserPoolClient / UpdateUserPoolClient give them,
/// checked on their own (the providers against the pool: [`check_providers`]).
pub(super) fn oauth_settings(body: &Value) -> ApiResult<OAuthSettings> {
    let settings = OAuthSettings {
        enabled: body["AllowedOAuthFlowsUserPoolClient"]
            .as_bool()
            .unwrap_or(false),
        flows: string_list(body, "AllowedOAuthFlows")?.unwrap_or_default(),
        scopes: string_list(body, "AllowedOAuthScopes")?.unwrap_or_default(),
        callback_urls: string_list(body, "CallbackURLs")?.unwrap_or_default(),
        logout_urls: string_list(body, "LogoutURLs")?.unwrap_or_default(),
        default_redirect_uri: opt_str(body, "DefaultRedirectURI").map(str::to_owned),
        identity_providers: string_list(body, "SupportedIdentityProviders")?.unwrap_or_default(),
    };
    for flow in &settings.flows {
        match flow.as_str() {
            "code" | "implicit" => {}
            "client_credentials" => {
                return Err(ApiError::invalid_parameter(
                    "client_credentials flow can not be selected if client does not have a client secret.",
                ));
            }
            other => {
                return Err(constraint_error(
                    other,
                    "allowedOAuthFlows.member",
                    "Member must satisfy enum value set: [implicit, client_credentials, code]",
                ));
            }
        }
    }
    if let Some(scope) = settings
        .scopes
        .iter()
        .find(|s| !SCOPES.contains(&s.as_str()))
    {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid scope requested: {scope}"
        )));
    }
    for url in settings.callback_urls.iter().chain(&settings.logout_urls) {
        check_redirect_url(url)?;
    }
    if let Some(default) = &settings.default_redirect_uri
        && !settings.callback_urls.contains(default)
    {
        return Err(ApiError::invalid_parameter(
            "DefaultRedirectURI must be one of the CallbackURLs.",
        ));
    }
    if settings.enabled && (settings.flows.is_empty() || settings.scopes.is_empty()) {
        return Err(ApiError::invalid_parameter(
            "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.",
        ));
    }
    if settings.enabled && settings.callback_urls.is_empty() {
        return Err(ApiError::invalid_parameter(
            "CallbackURLs are required for the code and implicit flows.",
        ));
    }
    Ok(settings)
}

/// A callback or sign-out URL: absolute with a host, no fragment, no space or control character
/// (botocore's `RedirectUrlType` pattern), HTTPS unless it is this machine (`http://localhost`,
/// `http://127.0.0.1`, `http://[::1]`, any port) or an app's own scheme (a letter first).
/// Scheme and host compare without case.
fn check_redirect_url(url: &str) -> ApiResult<()> {
    let invalid = || ApiError::invalid_parameter(format!("Invalid redirect URL: {url}"));
    let (scheme, rest) = url.split_once("://").ok_or_else(invalid)?;
    let scheme = scheme.to_ascii_lowercase();
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b));
    if !scheme_ok
        || url.len() > 1024
        || url.contains('#')
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(invalid());
    }
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.rsplit_once(':') {
        Some((h, port)) if !h.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host_port,
    }
    .to_ascii_lowercase();
    match scheme.as_str() {
        "https" | "http" if host.is_empty() => Err(invalid()),
        "https" => Ok(()),
        "http" if ["localhost", "127.0.0.1", "[::1]"].contains(&host.as_str()) => Ok(()),
        "http" => Err(invalid()),
        _ => Ok(()),
    }
}

/// Every SupportedIdentityProviders entry is `COGNITO` or one of the pool's providers.
pub(super) fn check_providers(pool: &Pool, settings: &OAuthSettings) -> ApiResult<()> {
    match settings
        .identity_providers
        .iter()
        .find(|p| *p != "COGNITO" && !pool.identity_providers.contains_key(*p))
    {
        Some(p) => Err(ApiError::invalid_parameter(format!(
            "The provider {p} does not exist for User Pool {}",
            pool.id
        ))),
        None => Ok(()),
    }
}

/// The OAuth members of DescribeUserPoolClient: the flag always, the rest where set.
pub(super) fn oauth_json(settings: &OAuthSettings, out: &mut Value) {
    out["AllowedOAuthFlowsUserPoolClient"] = json!(settings.enabled);
    let lists = [
        ("AllowedOAuthFlows", &settings.flows),
        ("AllowedOAuthScopes", &settings.scopes),
        ("CallbackURLs", &settings.callback_urls),
        ("LogoutURLs", &settings.logout_urls),
        ("SupportedIdentityProviders", &settings.identity_providers),
    ];
    for (name, list) in lists {
        if !list.is_empty() {
            out[name] = json!(list);
        }
    }
    if let Some(uri) = &settings.default_redirect_uri {
        out["DefaultRedirectURI"] = json!(uri);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_urls_are_https_or_this_machine_or_an_apps_scheme() {
        for good in [
            "https://app.example.com/callback",
            "http://localhost:8080/callback",
            "http://127.0.0.1/cb",
            "http://[::1]:3000/cb",
            "myapp://callback",
        ] {
            assert!(check_redirect_url(good).is_ok(), "{good}");
        }
        for good in [
            "HTTP://LOCALHOST:8080/cb",
            "http://user@localhost/cb",
            "HTTPS://App.Example.com",
        ] {
            assert!(check_redirect_url(good).is_ok(), "{good}");
        }
        for bad in [
            "http://app.example.com/callback",
            "HTTP://evil.example/cb",
            "https://app.example.com/cb#fragment",
            "/callback",
            "https://",
            "https:///cb",
            "://x",
            "1app://cb",
            "https://app.example.com/a b",
            "http://localhost.example.com/cb",
            "http://localhost@evil.example/cb",
        ] {
            assert!(check_redirect_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_prefix_is_lower_case_without_reserved_words() {
        assert!(check_prefix("my-app-2").is_ok());
        for bad in [
            "My-App",
            "-app",
            "app-",
            "",
            "my_app",
            "cognito-app",
            "awsome",
        ] {
            assert!(check_prefix(bad).is_err(), "{bad}");
        }
    }
}
