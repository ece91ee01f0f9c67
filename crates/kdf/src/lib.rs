//! PBKDF2-HMAC-SHA512, SQLCipher 4's key derivation, as one non-generic function.
//!
//! It is a crate of its own only for the build: the generic HMAC and PBKDF2 code is
//! compiled where it is instantiated, and unoptimized (a test build of the core) 256,000
//! rounds take over a second instead of under a tenth. This crate is optimized in every
//! profile (the workspace's `[profile.dev.package.counterpart-kdf]`).

/// Fills `out` with PBKDF2-HMAC-SHA512 of `passphrase` and `salt`, `rounds` iterations.
pub fn pbkdf2_sha512(passphrase: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) {
    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(passphrase, salt, rounds, out);
}

#[cfg(test)]
mod tests {
    /// RFC 6070-style vector for PBKDF2-HMAC-SHA512 ("password", "salt", 1 round).
    #[test]
    fn a_known_vector() {
        let mut out = [0u8; 16];
        super::pbkdf2_sha512(b"password", b"salt", 1, &mut out);
        assert_eq!(
            out,
            [
                0x86, 0x7f, 0x70, 0xcf, 0x1a, 0xde, 0x02, 0xcf, 0xf3, 0x75, 0x25, 0x99, 0xa3, 0xa5,
                0x3d, 0xc4
            ]
        );
    }
}
