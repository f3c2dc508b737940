/**
 * A self-signed certificate for 127.0.0.1 (EC P-256, valid until Nov  9 07:27:27 2126 GMT), for tests of the
 * HTTP client over TLS only: the test trusts it on its own client's agent. Made with
 * `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1`.
 * Its key protects nothing.
 */
export const LOCALHOST_CERT = `-----BEGIN CERTIFICATE-----
MIIBjzCCATagAwIBAgIUXSASD+gIHI7z0GDvuTbNKg9V32UwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwMzA3MjcyN1oYDzIxMjYxMTA5
MDcyNzI3WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATLZFr5YJabiy7+B5Sp8D3/5pDUsMbhN9P6DfYqVj4ffpLY58NwsSN1
FznwtEj2L8QHrzQ0zhZwffNpdN5Oqn1fo2QwYjAdBgNVHQ4EFgQUdaP9m2ZOCaX8
9b1I7LO1iappgDcwHwYDVR0jBBgwFoAUdaP9m2ZOCaX89b1I7LO1iappgDcwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0cAMEQC
IBlycHWYF8/elwcPk8AxWLfM+fkgo2e2kFGfhV+8Nd44AiBo+oddhR61pWNAqLpk
EvXUZyma6zVj/Wiuv/obCv+eRA==
-----END CERTIFICATE-----
`;

export const LOCALHOST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/gef1i8xzjlmEVmk
D1T+k8pMgns7St1vcT/5vOmP7RuhRANCAATLZFr5YJabiy7+B5Sp8D3/5pDUsMbh
N9P6DfYqVj4ffpLY58NwsSN1FznwtEj2L8QHrzQ0zhZwffNpdN5Oqn1f
-----END PRIVATE KEY-----
`;
