/* p11key.h -- a private key held in a PKCS#11 token, named by an RFC 7512
 * URI ("pkcs11:token=...;object=..."), through OpenSSL's pkcs11 engine
 * (libp11, Debian libengine-pkcs11-openssl). The key never leaves the
 * token: signing calls go to it.
 *
 * The returned EVP_PKEY holds its own reference to the engine; the caller
 * frees both: EVP_PKEY_free(), then p11key_release(engine). */
#ifndef CCSLA_P11KEY_H
#define CCSLA_P11KEY_H

#include <openssl/evp.h>

#include "core/error.h"

/* 1 when s is a PKCS#11 URI (starts with "pkcs11:"). */
int p11key_is_uri(const char *s);

/* module: the PKCS#11 module (.so) to load, or NULL for the engine's
 * default (p11-kit's proxy); pin: the token's user PIN, or NULL. Returns 0
 * with *key and *engine set, -1 when the engine or module cannot be loaded,
 * -2 when the token rejects the PIN or holds no such key. */
int p11key_load(const char *uri, const char *module, const char *pin, EVP_PKEY **key, void **engine,
                struct ccsla_error *err);
void p11key_release(void *engine);

#endif
