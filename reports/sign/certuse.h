/* certuse.h -- may this certificate sign a report? The one rule that
 * `ccsla sign` applies before signing and `ccsla verify` after.
 *
 * RFC 5280 4.2.1.3 and 4.2.1.12; the profile readers apply (Acrobat's
 * signing-certificate checks, ETSI EN 319 412-2 for signatures):
 *   - keyUsage, when present, has digitalSignature or nonRepudiation
 *     (contentCommitment);
 *   - extendedKeyUsage, when present, holds a purpose that allows signing
 *     documents: emailProtection (1.3.6.1.5.5.7.3.4, what Acrobat and most
 *     PAdES validators accept), documentSigning (1.3.6.1.5.5.7.3.36, RFC
 *     9336), anyExtendedKeyUsage (2.5.29.37.0), Adobe Authentic Documents
 *     Trust (1.2.840.113583.1.1.5) or Microsoft document signing
 *     (1.3.6.1.4.1.311.10.3.12). serverAuth, clientAuth, codeSigning,
 *     timeStamping or OCSPSigning alone do not;
 *   - an extension that cannot be decoded, or appears twice, refuses.
 * Absent extensions restrict nothing (RFC 5280). */
#ifndef CCSLA_CERTUSE_H
#define CCSLA_CERTUSE_H

#include <stddef.h>

#include <openssl/x509.h>

/* 0 when cert may sign documents; -1 otherwise, with why in plain words
 * ("its key usage (keyEncipherment) allows neither ..."), to follow "the
 * certificate is not for signing documents: ". */
int certuse_check(X509 *cert, char *why, size_t why_size);
/* A short description of what the certificate allows, e.g. "key usage
 * digitalSignature, nonRepudiation; extended key usage emailProtection". */
void certuse_describe(X509 *cert, char *buf, size_t size);

#endif
