//! The QR code an authenticator app scans, as an SVG string.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// A crisp, square SVG of `data` at least `size_px` wide, with the standard 4-module quiet zone.
/// `None` only if `data` is too long for any QR code.
pub fn svg(data: &str, size_px: u32) -> Option<String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(size_px, size_px)
            .quiet_zone(true)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_an_otpauth_uri() {
        let uri = cognito_crypto::otpauth::key_uri(
            "Cognito 2FA",
            "alice@example.com",
            "HFVLQ3WGPRQZRA6UGYJHHDT6YDGGZQAU",
        );
        let Some(svg) = super::svg(&uri, 200) else {
            panic!("an otpauth URI fits a QR code")
        };
        assert!(
            svg.starts_with("<?xml") || svg.starts_with("<svg"),
            "{}",
            &svg[..40]
        );
        assert!(svg.contains("<svg") && svg.contains("shape-rendering=\"crispEdges\""));
        assert!(super::svg(&"x".repeat(5000), 200).is_none());
    }
}
