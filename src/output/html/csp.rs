//! The page's Content-Security-Policy. The report embeds an untrusted article, so even if some
//! markup slipped through escaping, the browser must refuse to run it: everything is denied by
//! default and only the page's own `<style>` and `<script>` are allowed, pinned by their SHA-256
//! hashes (a nonce would be pointless in a static file anyone can read).

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The CSP source expression `'sha256-…'` for an inline element's exact content.
pub fn hash_source(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The policy for a page with this inline style and (optionally) this inline script.
pub fn policy(style: &str, script: Option<&str>) -> String {
    let script_src = script.map_or_else(|| "'none'".to_owned(), hash_source);
    format!(
        "default-src 'none'; style-src {}; script-src {script_src}; img-src 'none'; \
         font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'",
        hash_source(style)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_matches_known_vectors() {
        // SHA-256 of the empty string and of "abc" (FIPS 180-2 test vector), base64-encoded.
        assert_eq!(hash_source(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
        assert_eq!(hash_source("abc"), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
    }

    #[test]
    fn policy_denies_by_default() {
        let p = policy("a{}", None);
        assert!(p.starts_with("default-src 'none';"));
        assert!(p.contains("script-src 'none'"));
        assert!(!p.contains("unsafe"));
    }
}
