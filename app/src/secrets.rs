//! Secrets the database keeps sealed: identity providers' client secrets and
//! TOTP shared secrets. A stolen database dump (or backup) then gives away
//! neither.
//!
//! Sealed with XChaCha20-Poly1305 under the server's 32-byte key
//! (`ROUNDTABLE_SECRET_KEY`, see the server's config). Each value is bound to
//! its purpose (associated data such as `totp:42`), so a sealed value copied
//! into another row or column fails to open instead of being used there.
//! Format: `v1.<hex nonce><hex ciphertext and tag>`.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

const VERSION: &str = "v1.";
const NONCE_LEN: usize = 24;

/// The server's sealing key. Its `Debug` never shows the key.
#[derive(Clone)]
pub struct SecretKey(Key);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

impl SecretKey {
    /// A new random key.
    pub fn generate() -> Self {
        SecretKey(XChaCha20Poly1305::generate_key(&mut OsRng))
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
        Ok(SecretKey(*Key::from_slice(&bytes)))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// A keyed digest (HMAC-SHA-256) of `data` for `purpose`: only the
    /// holder of the key can make or check one.
    pub fn mac(&self, purpose: &str, data: &[u8]) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(self.0.as_slice())
            .expect("HMAC takes a key of any length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(data);
        hex::encode(mac.finalize().into_bytes())
    }

    /// Seals `plain` for `purpose`.
    pub fn seal(&self, purpose: &str, plain: &str) -> String {
        let cipher = XChaCha20Poly1305::new(&self.0);
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
        let bytes = hex::decode(sealed.strip_prefix(VERSION)?).ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let plain = XChaCha20Poly1305::new(&self.0)
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

#[cfg(test)]
mod tests {
    use super::SecretKey;

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
