/* p11key.c -- a private key in a PKCS#11 token (p11key.h).
 *
 * OpenSSL 3.0 reaches PKCS#11 tokens through the ENGINE API (deprecated in
 * 3.0 in favour of providers, but Debian 12 ships libp11's engine, not a
 * PKCS#11 provider), hence the deprecation warnings are silenced in this
 * file only. */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <string.h>

#include <openssl/engine.h>
#include <openssl/err.h>

#include "p11key.h"

int p11key_is_uri(const char *s)
{
	return s && strncmp(s, "pkcs11:", 7) == 0;
}

int p11key_load(const char *uri, const char *module, const char *pin, EVP_PKEY **key, void **engine,
                struct ccsla_error *err)
{
	ENGINE *e;
	char why[256] = "";

	*key = NULL;
	*engine = NULL;
	ENGINE_load_builtin_engines();
	if (!(e = ENGINE_by_id("pkcs11"))) {
		ERR_clear_error();
		return ccsla_error_set(err, uri, 0, "key", "cannot load OpenSSL's pkcs11 engine (install "
		                       "libengine-pkcs11-openssl)");
	}
	if ((module && !ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module, 0)) ||
	    (pin && !ENGINE_ctrl_cmd_string(e, "PIN", pin, 0)) || !ENGINE_init(e)) {
		ERR_error_string_n(ERR_peek_last_error(), why, sizeof why);
		ERR_clear_error();
		ENGINE_free(e);
		return ccsla_error_set(err, module ? module : uri, 0, "key", "cannot start the PKCS#11 module: %s", why);
	}
	*key = ENGINE_load_private_key(e, uri, NULL, NULL);
	if (!*key) {
		ERR_clear_error();
		ENGINE_finish(e);
		ENGINE_free(e);
		ccsla_error_set(err, uri, 0, "key", "the token gives no private key for this URI: no such token or "
		                "object, or a wrong PIN (--pass-env, --pass-file)");
		return -2;
	}
	*engine = e;
	return 0;
}

void p11key_release(void *engine)
{
	if (!engine)
		return;
	ENGINE_finish(engine);
	ENGINE_free(engine);
}
