//! Secrets the database keeps sealed: identity providers' client secrets and
//! TOTP shared secrets. A stolen database dump (or backup) then gives away
//! neither.
//!
//! The server's 32-byte key (`ROUNDTABLE_SECRET_KEY`, see the server's
//! config) is never used directly: HKDF-SHA-256 derives one key for sealing
//! and another for keyed hashes (the audit log's), so neither use can help
//! an attack on the other.
//!
//! Sealed with XChaCha20-Poly1305 under the sealing key. Each value is bound
//! to its purpose (associated data such as `totp:42`), so a sealed value
//! copied into another row or column fails to open instead of being used
//! there. Format: `v2.<hex nonce><hex ciphertext and tag>`; values sealed
//! before the keys were derived (`v1.`, under the server key itself) still
//! open, and are sealed anew when next written.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

const VERSION: &str = "v2.";
const LEGACY_VERSION: &str = "v1.";
const NONCE_LEN: usize = 24;

/// The server's key, and the keys derived from it. Its `Debug` never shows
/// them.
#[derive(Clone)]
pub struct SecretKey {
    server: Key,
    sealing: Key,
    hashing: Key,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

impl SecretKey {
    /// A new random key.
    pub fn generate() -> Self {
        Self::derive(XChaCha20Poly1305::generate_key(&mut OsRng))
    }

    fn derive(server: Key) -> Self {
        let hkdf = hkdf::Hkdf::<sha2::Sha256>::new(None, server.as_slice());
        let key = |info: &[u8]| {
            let mut out = Key::default();
            // 32 bytes is far below HKDF-SHA-256's limit of 8,160.
            hkdf.expand(info, out.as_mut_slice())
                .expect("32 bytes from HKDF-SHA-256");
            out
        };
        SecretKey {
            sealing: key(b"roundtable sealing"),
            hashing: key(b"roundtable keyed hashes"),
            server,
        }
    }

    /// The key from 64 hexadecimal digits.
    pub fn from_hex(text: &str) -> Result<Self, String> {
        let bytes = hex::decode(text.trim())
            .map_err(|_| "the key must be 64 hexadecimal digits".to_owned())?;
        if bytes.len() != 32 {
            return Err(format!(
                "the key must be 64 hexadecimal digits (32 bytes), not {} bytes",
                bytes.len()
            ));
        }
        Ok(Self::derive(*Key::from_slice(&bytes)))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.server)
    }

    /// A keyed digest (HMAC-SHA-256 under the hashing key) of `data` for
    /// `purpose`: only the holder of the key can make or check one.
    pub fn mac(&self, purpose: &str, data: &[u8]) -> String {
        mac_under(&self.hashing, purpose, data)
    }

    /// As [`mac`](Self::mac) under the server key itself, as digests were
    /// made before the keys were derived: for checking those only.
    pub fn legacy_mac(&self, purpose: &str, data: &[u8]) -> String {
        mac_under(&self.server, purpose, data)
    }

    /// Seals `plain` for `purpose`.
    pub fn seal(&self, purpose: &str, plain: &str) -> String {
        let cipher = XChaCha20Poly1305::new(&self.sealing);
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain.as_bytes(),
                    aad: purpose.as_bytes(),
                },
            )
            // Encryption fails only for messages of gigabytes.
            .unwrap_or_default();
        format!("{VERSION}{}{}", hex::encode(nonce), hex::encode(sealed))
    }

    /// Opens what [`seal`](Self::seal) sealed for the same purpose under the
    /// same key; `None` if anything differs or was tampered with.
    pub fn open(&self, purpose: &str, sealed: &str) -> Option<String> {
        let (key, hex) = match sealed.strip_prefix(VERSION) {
            Some(hex) => (&self.sealing, hex),
            None => (&self.server, sealed.strip_prefix(LEGACY_VERSION)?),
        };
        let bytes = hex::decode(hex).ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let plain = XChaCha20Poly1305::new(key)
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: purpose.as_bytes(),
                },
            )
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

fn mac_under(key: &Key, purpose: &str, data: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key.as_slice())
        .expect("HMAC takes a key of any length");
    mac.update(purpose.as_bytes());
    mac.update(&[0]);
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_use_has_its_own_key_derived_from_the_servers() {
        let key = SecretKey::from_hex(&"ab".repeat(32)).unwrap();
        assert_ne!(key.sealing, key.server);
        assert_ne!(key.hashing, key.server);
        assert_ne!(key.sealing, key.hashing);
        assert_ne!(
            key.mac("audit-log", b"x"),
            key.legacy_mac("audit-log", b"x")
        );
        // Derived the same way each time: a restarted server reads its data.
        let again = SecretKey::from_hex(&"ab".repeat(32)).unwrap();
        assert_eq!(key.mac("audit-log", b"x"), again.mac("audit-log", b"x"));
        assert!(key.seal("totp:1", "x").starts_with("v2."));
    }

    #[test]
    fn values_sealed_under_the_server_key_before_still_open() {
        let key = SecretKey::generate();
        let cipher = XChaCha20Poly1305::new(&key.server);
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let body = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: b"JBSWY3DPEHPK3PXP",
                    aad: b"totp:1",
                },
            )
            .unwrap();
        let old = format!("v1.{}{}", hex::encode(nonce), hex::encode(body));
        assert_eq!(
            key.open("totp:1", &old).as_deref(),
            Some("JBSWY3DPEHPK3PXP")
        );
        // Not under the sealing key's label: a v1 value relabelled v2 fails.
        assert_eq!(key.open("totp:1", &old.replacen("v1.", "v2.", 1)), None);
        assert_eq!(key.open("totp:2", &old), None);
    }

    #[test]
    fn sealed_values_open_only_with_the_same_key_and_purpose() {
        let key = SecretKey::generate();
        let sealed = key.seal("totp:1", "JBSWY3DPEHPK3PXP");
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(
            key.open("totp:1", &sealed).as_deref(),
            Some("JBSWY3DPEHPK3PXP")
        );
        assert_eq!(key.open("totp:2", &sealed), None, "another purpose");
        assert_eq!(
            SecretKey::generate().open("totp:1", &sealed),
            None,
            "another key"
        );
        let last = if sealed.ends_with('0') { "1" } else { "0" };
        let tampered = format!("{}{last}", &sealed[..sealed.len() - 1]);
        assert_eq!(key.open("totp:1", &tampered), None, "tampered");
        assert_ne!(
            key.seal("totp:1", "x"),
            key.seal("totp:1", "x"),
            "fresh nonce each time"
        );
        let copy = SecretKey::from_hex(&key.to_hex()).unwrap();
        assert_eq!(
            copy.open("totp:1", &sealed).as_deref(),
            Some("JBSWY3DPEHPK3PXP")
        );
        assert!(SecretKey::from_hex("abcd").is_err());
    }
}
