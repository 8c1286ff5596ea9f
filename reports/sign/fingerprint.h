/* fingerprint.h -- fingerprint.txt beside a signed report: the signer
 * certificate's SHA-256 fingerprint, so that a CCC can publish it outside
 * the PDF (a web page, the contract annex) and a client can check with
 * ccsla verify --fingerprint "$(cat fingerprint.txt)" report.pdf. */
#ifndef CCSLA_FINGERPRINT_H
#define CCSLA_FINGERPRINT_H

#include "core/error.h"
#include "sign.h"

/* Writes DIR/fingerprint.txt for the PDF at pdf_path (DIR is its folder),
 * atomically: one line, "AA:BB:...:FF" (95 characters, the form
 * ccsla verify prints and --fingerprint takes), then LF. */
int signer_write_fingerprint_beside(const struct signer *s, const char *pdf_path, struct ccsla_error *err);

#endif
