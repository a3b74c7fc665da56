//! `local-cognito`: run the stand-in, or ask a running one for a user's current codes.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use local_cognito::faults::Fault;
use local_cognito::http::{HttpOptions, parse_allowed_origin};
use local_cognito::seed::{DEFAULT_SEED, Seed};
use local_cognito::service::{LockoutConfig, Service, ServiceConfig, TotpReassociation};
use local_cognito::store::Store;

/// The part of `--help` after the options: faults, lockouts, browsers.
const MORE_HELP: &str = "\
FAULTS (--fault OPERATION=KIND[:TIMES], repeatable; or POST /_local/faults)
  OPERATION  an X-Amz-Target operation (InitiateAuth, GetUser, ...) or * for any
  TIMES      how many matching requests it hits; without it, until cleared
  KIND       hang        never answers (the client must time out)
             drop        closes the connection before any answer (fetch: network error)
             http500     500, text/plain 'Internal Server Error', no Cognito error name
             html503     503, a load balancer's text/html page
             bad-json    runs the operation, answers 200 with a body that is not JSON
             truncated   runs the operation, answers with the body cut in half
             throttle    400 TooManyRequestsException 'Rate exceeded'
             delay-MS    waits MS milliseconds, then answers normally
             NAMEException               that Cognito error with a stock message
             error:NAME[:MESSAGE]        any error name, your message (not ending in :DIGITS)
  Only bad-json, truncated and delay-MS run the operation.
  e.g. --fault InitiateAuth=hang   --fault GetUser=http500:2   --fault '*=delay-3000:1'
       --fault 'ForgotPassword=error:LimitExceededException:Attempt limit exceeded, please try after some time.'
  At run time: POST /_local/faults {\"operation\":\"InitiateAuth\",\"kind\":\"hang\",\"times\":1}
  (or an array; {\"kind\":\"delay\",\"ms\":3000}; {\"kind\":\"error\",\"error\":\"X\",\"message\":\"...\"}),
  GET /_local/faults lists them, DELETE /_local/faults clears them.

LOCKOUTS (as Cognito: 5 free failures, then base x 2^(n-5), at most max)
  Wrong passwords: NotAuthorizedException 'Password attempts exceeded' while locked.
  Wrong MFA codes (per user, any session): NotAuthorizedException 'Too many invalid
  credentials attempts. User temporarily locked. Please try again after few seconds.'
  --lockout-base-ms / --lockout-max-ms, or POST /_local/lockout?base_ms=200&max_ms=5000;
  POST /_local/reset-lockouts lifts every lockout.

BROWSERS AND HOSTS
  POST / answers cross-origin calls from http://localhost, http://127.0.0.1 and
  http://[::1] (any port) and from each --allow-origin; other origins get 403. Admin
  operations (Admin*, pool and client management, ListUsers) get 403 from any browser;
  SDKs and scripts send no Origin and are not affected. Requests whose Host is not a
  loopback name, the bind address or the --endpoint host get 403 (DNS rebinding).

TOTP RE-ASSOCIATION (--totp-reassociation MODE, or POST /_local/totp-reassociation?mode=MODE)
  on-verify  today's AWS docs: AssociateSoftwareToken leaves a verified authenticator in force
             until VerifySoftwareToken accepts the new one (default)
  immediate  the docs until ~2022: the old authenticator stops at once; sign-in no longer asks
             for TOTP while GetUser still lists SOFTWARE_TOKEN_MFA; SetUserMFAPreference with
             TOTP settings fails 'User has not set up software token mfa' until verified

OTHER HELPERS
  GET /_local/health, GET /_local/totp?email=, GET /_local/codes?email=,
  POST /_local/session-ttl?seconds=N, POST|DELETE /_local/code-ttl?seconds=N,
  POST|DELETE /_local/token-ttl?access=S&refresh=S (token lifetimes for every app client),
  GET|POST|DELETE /_local/required-attributes?pool=ID&names=name,family_name (a pool's
  required attributes, which Cognito fixes at CreateUserPool: for tests only)";

#[derive(Parser)]
#[command(
    version,
    about = "An offline Amazon Cognito user-pool stand-in that verifies SRP and TOTP for real",
    after_help = MORE_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Port to listen on.
    #[arg(long, default_value_t = 9229)]
    port: u16,
    /// Address to bind; loopback unless you mean to expose it.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Keep pools, users and their MFA in this file across restarts (written atomically).
    #[arg(long)]
    state: Option<PathBuf>,
    /// Seed file (JSON, like local-cognito/seed.json); default: the built-in demo pool.
    #[arg(long, conflicts_with = "no_seed")]
    seed: Option<PathBuf>,
    /// Start with no pools at all.
    #[arg(long)]
    no_seed: bool,
    /// Seconds a sign-in session lives (Cognito: 180); clamped to 1 .. 86400.
    #[arg(long, default_value_t = 180, allow_negative_numbers = true)]
    session_ttl: i64,
    /// Seconds an SMS / email sign-in code is valid (default: as long as the session, as in
    /// Cognito); shorter, an expired code reads ExpiredCodeException. Clamped to 1 .. 86400.
    #[arg(long, allow_negative_numbers = true)]
    code_ttl: Option<i64>,
    /// The public URL to put in tokens' `iss` (default: http://127.0.0.1:PORT); its host is
    /// also accepted in the Host header.
    #[arg(long)]
    endpoint: Option<String>,
    /// Inject a fault into the JSON API: OPERATION=KIND[:TIMES], e.g. InitiateAuth=hang or
    /// GetUser=http500:2 (repeatable; kinds below).
    #[arg(long = "fault", value_name = "OP=KIND[:TIMES]")]
    faults: Vec<Fault>,
    /// Also answer browsers on this origin (exact scheme://host[:port]; repeatable). Loopback
    /// origins are always allowed.
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = parse_allowed_origin)]
    allow_origins: Vec<String>,
    /// The first lockout after five failed passwords or MFA codes, in milliseconds (Cognito: 1 s).
    #[arg(long, default_value_t = 1000, allow_negative_numbers = true)]
    lockout_base_ms: i64,
    /// The longest lockout, and the quiet time that starts counts over, in milliseconds
    /// (Cognito: about 15 minutes).
    #[arg(long, default_value_t = 900_000, allow_negative_numbers = true)]
    lockout_max_ms: i64,
    /// What AssociateSoftwareToken does to a verified authenticator: on-verify (today's AWS
    /// docs: the old one works until the new one is verified) or immediate (the docs until about
    /// 2022: the old one stops at once). See below.
    #[arg(long, default_value = "on-verify", value_name = "MODE", value_parser = TotpReassociation::parse)]
    totp_reassociation: TotpReassociation,
}

#[derive(Subcommand)]
enum Command {
    /// Print a user's current TOTP code, asking the running stand-in.
    Totp {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "http://127.0.0.1:9229")]
        endpoint: String,
    },
    /// Print the SMS / email codes a user was sent, asking the running stand-in.
    Codes {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "http://127.0.0.1:9229")]
        endpoint: String,
    },
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Totp { email, endpoint }) => ask(&endpoint, "totp", &email).await,
        Some(Command::Codes { email, endpoint }) => ask(&endpoint, "codes", &email).await,
        None => run(cli.serve).await,
    };
    if let Err(e) = result {
        eprintln!("local-cognito: {e}");
        std::process::exit(1);
    }
}

async fn run(args: ServeArgs) -> Result<(), String> {
    let store = match &args.state {
        Some(path) => Store::load(path)
            .map_err(|e| e.to_string())?
            .unwrap_or_default(),
        None => Store::default(),
    };
    let endpoint = args
        .endpoint
        .clone()
        .unwrap_or_else(|| format!("http://{}:{}", host(args.bind), args.port));
    let cfg = ServiceConfig {
        session_ttl: args.session_ttl,
        code_ttl: args.code_ttl,
        lockout: LockoutConfig {
            base_ms: args.lockout_base_ms,
            max_ms: args.lockout_max_ms,
        },
        endpoint: endpoint.trim_end_matches('/').to_owned(),
        state_path: args.state.clone(),
        print_codes: true,
        totp_reassociation: args.totp_reassociation,
    };
    let service = Service::new(cfg, store)?;
    let seed = if args.no_seed {
        None
    } else {
        Some(match &args.seed {
            Some(path) => Seed::parse(
                &std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?,
            )?,
            None => Seed::parse(DEFAULT_SEED)?,
        })
    };
    if let Some(seed) = &seed {
        seed.apply(&service)
            .map_err(|e| format!("seeding failed: {}: {}", e.kind, e.message))?;
    }
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!(
        "local-cognito listening on {endpoint}/ (session lifetime {}s)",
        service.session_ttl()
    );
    if let Some(seed) = &seed {
        for pool in &seed.pools {
            println!("  pool {}  ({}, MFA {})", pool.id, pool.name, pool.mfa);
            for client in &pool.clients {
                let rotation = client
                    .refresh_token_rotation
                    .as_ref()
                    .filter(|r| r.feature == "ENABLED")
                    .map(|r| {
                        format!(
                            "  (refresh token rotation, {} s grace: refresh with GetTokensFromRefreshToken)",
                            r.retry_grace_period_seconds.unwrap_or(0)
                        )
                    })
                    .unwrap_or_default();
                println!("  app client {}{rotation}", client.id);
            }
            for user in &pool.users {
                println!(
                    "  user {} / {}{}",
                    user.sign_in_name(),
                    user.password,
                    if user.temporary { "  (temporary)" } else { "" }
                );
            }
        }
        if let Some(user) = seed.pools.first().and_then(|p| p.users.first()) {
            println!(
                "  current TOTP code once enrolled: local-cognito totp --email {}",
                user.sign_in_name()
            );
        }
    }
    if let Some(path) = &args.state {
        println!("  state file {}", path.display());
    }
    for fault in &args.faults {
        println!("  fault {fault}");
    }
    if args.totp_reassociation == TotpReassociation::Immediate {
        println!(
            "  TOTP re-association: immediate (AssociateSoftwareToken drops a verified authenticator at once, as AWS documented until ~2022)"
        );
    }
    if !args.allow_origins.is_empty() {
        println!(
            "  browsers also allowed from {}",
            args.allow_origins.join(", ")
        );
    }
    let options = HttpOptions {
        allow_origins: args.allow_origins,
        allow_hosts: if args.bind.is_unspecified() {
            Vec::new()
        } else {
            vec![host(args.bind)]
        },
        faults: args.faults,
    };
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    // Requests held by a `hang` fault would keep a graceful shutdown waiting: give the others
    // two seconds after Ctrl-C, then go.
    let grace = async {
        let _ = tokio::signal::ctrl_c().await;
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    };
    tokio::select! {
        served = local_cognito::serve_with(listener, Arc::new(service), options, shutdown) => {
            served.map_err(|e| e.to_string())
        }
        () = grace => Ok(()),
    }
}

fn host(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
        v4 => v4.to_string(),
    }
}

/// A tiny HTTP/1.1 GET to the running stand-in's `/_local/` helpers (no client crate needed).
async fn ask(endpoint: &str, what: &str, email: &str) -> Result<(), String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let authority = endpoint.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(authority)
        .await
        .map_err(|e| format!("cannot reach {endpoint}: {e}"))?;
    let query: String = email
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let request = format!(
        "GET /_local/{what}?email={query} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .await
        .map_err(|e| e.to_string())?;
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let json: serde_json::Value =
        serde_json::from_str(body).map_err(|_| format!("unexpected answer: {head}"))?;
    match (what, json.get("code"), json.get("codes")) {
        ("totp", Some(code), _) => {
            println!(
                "{}  (valid for {}s more)",
                code.as_str().unwrap_or_default(),
                json["seconds_left"]
            );
            Ok(())
        }
        ("codes", _, Some(serde_json::Value::Array(list))) if !list.is_empty() => {
            for c in list {
                println!(
                    "{}  {} by {} to {}",
                    c["code"].as_str().unwrap_or_default(),
                    c["purpose"].as_str().unwrap_or_default(),
                    c["medium"].as_str().unwrap_or_default(),
                    c["destination"].as_str().unwrap_or_default()
                );
            }
            Ok(())
        }
        _ => Err(json
            .get("error")
            .and_then(|e| e.as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| format!("no SMS or email codes were sent to {email}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_and_origin_flags_parse() {
        let cli = Cli::try_parse_from([
            "local-cognito",
            "--fault",
            "InitiateAuth=hang",
            "--fault",
            "GetUser=http500:2",
            "--fault",
            "ForgotPassword=error:LimitExceededException:Attempt limit exceeded, please try after some time.",
            "--allow-origin",
            "https://App.test:8443",
            "--session-ttl",
            "-5",
            "--lockout-base-ms",
            "200",
        ])
        .expect("valid flags");
        let specs: Vec<String> = cli.serve.faults.iter().map(ToString::to_string).collect();
        assert_eq!(
            specs,
            [
                "InitiateAuth=hang",
                "GetUser=http500:2",
                "ForgotPassword=error:LimitExceededException:Attempt limit exceeded, please try after some time."
            ]
        );
        assert_eq!(cli.serve.allow_origins, ["https://app.test:8443"]);
        assert_eq!(cli.serve.session_ttl, -5);
        assert_eq!(cli.serve.lockout_base_ms, 200);
        for bad in [
            ["local-cognito", "--fault", "InitiateAuth=explode"],
            ["local-cognito", "--fault", "InitiateAuth"],
            ["local-cognito", "--allow-origin", "localhost:3000"],
        ] {
            assert!(Cli::try_parse_from(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn help_documents_faults_lockouts_and_origins() {
        use clap::CommandFactory as _;
        let help = Cli::command().render_help().to_string();
        for needle in [
            "--fault",
            "OPERATION=KIND[:TIMES]",
            "delay-MS",
            "error:NAME[:MESSAGE]",
            "/_local/faults",
            "--allow-origin",
            "--lockout-base-ms",
            "/_local/lockout",
            "/_local/reset-lockouts",
            "Password attempts exceeded",
            "--code-ttl",
            "--totp-reassociation",
            "/_local/totp-reassociation",
            "/_local/required-attributes",
        ] {
            assert!(help.contains(needle), "--help lacks {needle}");
        }
    }

    #[test]
    fn totp_reassociation_flag_defaults_to_todays_docs() {
        let default = Cli::try_parse_from(["local-cognito"]).expect("no flags");
        assert_eq!(
            default.serve.totp_reassociation,
            TotpReassociation::OnVerify
        );
        let old = Cli::try_parse_from(["local-cognito", "--totp-reassociation", "immediate"])
            .expect("immediate parses");
        assert_eq!(old.serve.totp_reassociation, TotpReassociation::Immediate);
        assert!(Cli::try_parse_from(["local-cognito", "--totp-reassociation", "later"]).is_err());
    }
}
