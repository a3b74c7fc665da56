//! Shared by the in-process tests: a quiet service seeded with one JSON description.

use local_cognito::seed::Seed;
use local_cognito::service::{Service, ServiceConfig};
use local_cognito::store::Store;

/// A service with no state file that prints no codes, seeded with `seed` (the seed file format).
pub fn seeded_service(seed: serde_json::Value) -> Service {
    let cfg = ServiceConfig {
        print_codes: false,
        ..ServiceConfig::default()
    };
    let service = Service::new(cfg, Store::default()).expect("a fresh service starts");
    Seed::parse(&seed.to_string())
        .expect("the seed parses")
        .apply(&service)
        .expect("the seed applies");
    service
}
