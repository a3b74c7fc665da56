//! `local-cognito`: run the stand-in, or ask a running one for a user's current codes.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use local_cognito::seed::{DEFAULT_SEED, Seed};
use local_cognito::service::{Service, ServiceConfig};
use local_cognito::store::Store;

#[derive(Parser)]
#[command(
    version,
    about = "An offline Amazon Cognito user-pool stand-in that verifies SRP and TOTP for real"
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
    /// Seconds a sign-in session lives (Cognito: 180).
    #[arg(long, default_value_t = 180)]
    session_ttl: i64,
    /// The public URL to put in tokens' `iss` (default: http://127.0.0.1:PORT).
    #[arg(long)]
    endpoint: Option<String>,
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
        endpoint: endpoint.trim_end_matches('/').to_owned(),
        state_path: args.state.clone(),
        print_codes: true,
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
        args.session_ttl
    );
    if let Some(seed) = &seed {
        for pool in &seed.pools {
            println!("  pool {}  ({}, MFA {})", pool.id, pool.name, pool.mfa);
            for client in &pool.clients {
                println!("  app client {}", client.id);
            }
            for user in &pool.users {
                println!(
                    "  user {} / {}{}",
                    user.email,
                    user.password,
                    if user.temporary { "  (temporary)" } else { "" }
                );
            }
        }
        if let Some(user) = seed.pools.first().and_then(|p| p.users.first()) {
            println!(
                "  current TOTP code once enrolled: local-cognito totp --email {}",
                user.email
            );
        }
    }
    if let Some(path) = &args.state {
        println!("  state file {}", path.display());
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    axum::serve(listener, local_cognito::router(Arc::new(service)))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| e.to_string())
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
