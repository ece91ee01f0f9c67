//! The rustls client configurations for the `sslmode`s that encrypt (`connect.rs` picks one).

use std::sync::Arc;

use counterpart_core::problem::Problem;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{ring, verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

use crate::error::{Error, Result};

type Cert<'a> = CertificateDer<'a>;
type Dss = DigitallySignedStruct;
type Signed = std::result::Result<HandshakeSignatureValid, rustls::Error>;

/// How much of the server's certificate is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Check {
    /// The chain up to a trusted root, and the host name (libpq's `verify-full`).
    Full,
    /// The chain up to a trusted root, not the host name (libpq's `verify-ca`).
    Ca,
    /// Nothing: encryption only, open to a man in the middle (libpq's `require` without a
    /// root certificate file). For a lab server only.
    None,
}

/// The roots: the PEM file `sslrootcert` names, else the system's (`sslrootcert=system`,
/// or none written).
pub(crate) fn config(check: Check, root_cert: Option<&str>) -> Result<ClientConfig> {
    let provider = Arc::new(ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| {
            invalid(Problem::ServerUrlTlsSetup {
                detail: e.to_string(),
            })
        })?;
    let verifier: Arc<dyn ServerCertVerifier> = match check {
        Check::None => Arc::new(Lenient {
            provider,
            chain: None,
        }),
        Check::Full | Check::Ca => {
            let roots = Arc::new(roots(root_cert)?);
            let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                .build()
                .map_err(|e| {
                    invalid(Problem::ServerUrlTlsSetup {
                        detail: e.to_string(),
                    })
                })?;
            if check == Check::Full {
                webpki
            } else {
                Arc::new(Lenient {
                    provider,
                    chain: Some(webpki),
                })
            }
        }
    };
    Ok(builder
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

fn roots(root_cert: Option<&str>) -> Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    match root_cert {
        None | Some("system") => {
            let found = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(found.certs);
            if roots.is_empty() {
                return Err(invalid(Problem::ServerUrlNoRoots));
            }
        }
        Some(file) => {
            let certs = CertificateDer::pem_file_iter(file)
                .and_then(|certs| certs.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|e| {
                    invalid(Problem::ServerUrlRootCertUnreadable {
                        file: file.to_owned(),
                        detail: e.to_string(),
                    })
                })?;
            let (added, _) = roots.add_parsable_certificates(certs);
            if added == 0 {
                return Err(invalid(Problem::ServerUrlRootCertNoCa {
                    file: file.to_owned(),
                }));
            }
        }
    }
    Ok(roots)
}

/// A problem with the server's URL (the field `server`).
pub(crate) fn invalid(problem: Problem) -> Error {
    Error::Invalid {
        field: "server",
        problem,
    }
}

/// `verify-ca` (`chain`: the chain is checked as for `verify-full`, a name that does not
/// match is not an error) and `require` (no `chain`: any certificate is accepted). Either
/// way the handshake's signature is checked, so the session is encrypted to whoever holds
/// the key of the certificate shown.
#[derive(Debug)]
struct Lenient {
    provider: Arc<CryptoProvider>,
    chain: Option<Arc<WebPkiServerVerifier>>,
}

impl ServerCertVerifier for Lenient {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(&self, m: &[u8], c: &Cert<'_>, d: &Dss) -> Signed {
        verify_tls12_signature(m, c, d, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(&self, m: &[u8], c: &Cert<'_>, d: &Dss) -> Signed {
        verify_tls13_signature(m, c, d, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
