//! TOTP codes (RFC 6238 with the usual parameters: SHA-1, six digits,
//! 30-second steps, one step of clock drift either way) and recovery codes.

use rand::Rng;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

pub const STEP_SECONDS: u64 = 30;
const DIGITS: usize = 6;

/// A new shared secret: 160 random bits (RFC 4226's recommendation), in base32.
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::thread_rng().gen();
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    // Skew 0: the caller tries each neighbouring step itself, to learn which
    // one matched.
    TOTP::new(Algorithm::SHA1, DIGITS, 0, STEP_SECONDS, bytes).ok()
}

/// The time step a Unix time falls in.
pub fn step_of(unix_seconds: u64) -> i64 {
    (unix_seconds / STEP_SECONDS) as i64
}

pub fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// The step `code` is valid for at `unix_seconds` (the current step or one
/// either side, compared in constant time), if any.
pub fn matching_step(secret: &str, code: &str, unix_seconds: u64) -> Option<i64> {
    let totp = totp(secret)?;
    if code.len() != DIGITS || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    [
        unix_seconds.saturating_sub(STEP_SECONDS),
        unix_seconds,
        unix_seconds + STEP_SECONDS,
    ]
    .into_iter()
    .find(|t| totp.check(code, *t))
    .map(step_of)
}

/// The code for `secret` at `unix_seconds` (for tests and the demo).
pub fn code_at(secret: &str, unix_seconds: u64) -> Option<String> {
    Some(totp(secret)?.generate(unix_seconds))
}

/// The `otpauth://` URI authenticator apps read (Key Uri Format).
pub fn uri(secret: &str, account: &str) -> String {
    let encode = |s: &str| {
        openidconnect::url::form_urlencoded::byte_serialize(s.as_bytes())
            .collect::<String>()
            .replace('+', "%20")
    };
    format!(
        "otpauth://totp/Roundtable:{}?secret={secret}&issuer=Roundtable&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        encode(account)
    )
}

/// `uri` as an SVG QR code.
pub fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            // Without the XML declaration: the SVG goes inside HTML.
            svg.find("<svg")
                .map(|at| svg[at..].to_owned())
                .unwrap_or_default()
        }
        Err(_) => String::new(),
    }
}

/// A new recovery code: sixteen characters from an alphabet without
/// look-alikes (about 79 bits, so its plain SHA-256 cannot be searched for),
/// shown as `xxxx-xxxx-xxxx-xxxx`.
pub fn new_recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    let chars: Vec<char> = (0..16)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// What is stored of a recovery code: the SHA-256 of its normal form.
pub fn recovery_digest(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex::encode(Sha256::digest(normal.as_bytes()))
}

/// The code as typed, without spaces or hyphens.
pub fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1, time 59: 94287082 (eight digits); the
        // last six are the six-digit code.
        let secret = Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        assert_eq!(code_at(&secret, 59).as_deref(), Some("287082"));
        assert_eq!(code_at(&secret, 1111111109).as_deref(), Some("081804"));
    }

    #[test]
    fn codes_match_their_step_and_neighbours_only() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now).unwrap();
        assert_eq!(matching_step(&secret, &code, now), Some(step_of(now)));
        assert_eq!(
            matching_step(&secret, &code, now + 30),
            Some(step_of(now)),
            "a step late"
        );
        assert_eq!(
            matching_step(&secret, &code, now + 90),
            None,
            "three steps late"
        );
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }

    #[test]
    fn recovery_codes_are_compared_in_normal_form() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 19);
        assert_eq!(
            recovery_digest(&code),
            recovery_digest(&code.to_uppercase().replace('-', " "))
        );
        assert_ne!(
            recovery_digest(&code),
            recovery_digest(&new_recovery_code())
        );
    }

    #[test]
    fn the_uri_names_the_account() {
        let uri = uri("JBSWY3DPEHPK3PXP", "priya@roundtable.example");
        assert!(uri.starts_with(
            "otpauth://totp/Roundtable:priya%40roundtable.example?secret=JBSWY3DPEHPK3PXP"
        ));
        assert!(qr_svg(&uri).starts_with("<svg"));
    }
}
