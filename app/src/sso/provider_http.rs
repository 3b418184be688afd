//! The HTTP client Roundtable talks to identity providers with: it follows
//! no redirects, gives up quickly, and reads no answer larger than
//! [`MAX_ANSWER_BYTES`], so a provider (or whoever poses as one) cannot
//! make the server fetch elsewhere, wait, or fill its memory. Unless an
//! administrator marks a provider as internal, it connects to public
//! addresses only (checked on the addresses a name resolves to, as it
//! connects, so a name cannot point at the server's own network): a
//! provider's documents cannot make Roundtable call a service inside it.
//! (Through an HTTP proxy set in the environment, the proxy resolves names
//! and must apply the same rule.)

use openidconnect::reqwest::dns::{Addrs, Name, Resolve, Resolving};
use openidconnect::{http, reqwest, AsyncHttpClient, HttpClientError, HttpRequest, HttpResponse};
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// Discovery documents, key sets and token answers are a few kilobytes.
pub const MAX_ANSWER_BYTES: usize = 256 * 1024;

/// Where a provider may be reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Public addresses only (the default).
    Public,
    /// Any address, private ones too: a provider on the institution's or
    /// Roundtable's own network, so marked by an administrator.
    Internal,
}

#[derive(Clone, Debug)]
pub struct ProviderHttp {
    client: reqwest::Client,
    reach: Reach,
}

impl ProviderHttp {
    pub fn new(reach: Reach) -> reqwest::Result<Self> {
        let builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10));
        let builder = match reach {
            Reach::Public => builder.dns_resolver(Arc::new(PublicOnly)),
            Reach::Internal => builder,
        };
        Ok(ProviderHttp {
            client: builder.build()?,
            reach,
        })
    }

    pub fn reach(&self) -> Reach {
        self.reach
    }
}

/// Why a request may not go to `host` (a name is checked as it resolves).
fn host_problem(reach: Reach, host: Option<&str>) -> Option<String> {
    let host = host?.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<IpAddr>() {
        Ok(ip) if reach == Reach::Public && !is_public(ip) => Some(not_public(host)),
        _ => None,
    }
}

fn not_public(host: &str) -> String {
    format!("{host} is not a public address; only a provider marked internal may use one")
}

/// Resolves names as the system does, keeping public addresses only.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<_> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<_> = found.into_iter().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(not_public(&host).into());
            }
            let addrs: Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

/// Whether `ip` is an address on the public internet: not loopback,
/// private, link-local, shared (carrier-grade NAT), unspecified, multicast,
/// documentation, benchmarking or reserved; IPv4 inside IPv6 is judged as
/// the IPv4 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => {
            if let Some(v4) = ip.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = ip.segments();
            // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
            if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let [a, b] = s[6].to_be_bytes();
                let [c, d] = s[7].to_be_bytes();
                return is_public_v4(Ipv4Addr::new(a, b, c, d));
            }
            !(ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || s[..6] == [0; 6]) // IPv4-compatible (deprecated)
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space
        || (a == 192 && b == 0 && c == 0) // protocol assignments
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240) // reserved
}

fn too_large() -> HttpClientError<reqwest::Error> {
    HttpClientError::Other(format!("answer larger than {MAX_ANSWER_BYTES} bytes"))
}

impl<'c> AsyncHttpClient<'c> for ProviderHttp {
    type Error = HttpClientError<reqwest::Error>;
    type Future =
        Pin<Box<dyn Future<Output = Result<HttpResponse, Self::Error>> + Send + Sync + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            if let Some(problem) = host_problem(self.reach, request.uri().host()) {
                return Err(HttpClientError::Other(problem));
            }
            let mut response = self
                .client
                .execute(request.try_into().map_err(Box::new)?)
                .await
                .map_err(Box::new)?;
            if response
                .content_length()
                .is_some_and(|n| n > MAX_ANSWER_BYTES as u64)
            {
                return Err(too_large());
            }
            let mut builder = http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(Box::new)? {
                if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            builder.body(body).map_err(HttpClientError::Http)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "100.127.255.254",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.10",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "::7f00:1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in [
            "8.8.8.8",
            "81.2.69.160",
            "172.32.0.1",
            "100.128.0.1",
            "198.20.0.1",
            "2a00:1450:4009:81f::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn literal_addresses_are_checked_before_connecting() {
        assert!(host_problem(Reach::Public, Some("127.0.0.1")).is_some());
        assert!(host_problem(Reach::Public, Some("[::1]")).is_some());
        assert!(host_problem(Reach::Public, Some("169.254.169.254")).is_some());
        assert_eq!(host_problem(Reach::Public, Some("8.8.8.8")), None);
        // A name is checked as it resolves (PublicOnly), not here.
        assert_eq!(host_problem(Reach::Public, Some("login.example.org")), None);
        assert_eq!(host_problem(Reach::Internal, Some("127.0.0.1")), None);
    }

    #[tokio::test]
    async fn a_name_that_resolves_to_this_machine_is_refused() {
        let resolved = PublicOnly.resolve("localhost".parse().unwrap()).await;
        let err = resolved.err().expect("refused").to_string();
        assert!(err.contains("not a public address"), "{err}");
    }
}
