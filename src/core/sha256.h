/*-------------------------------------------------------------------------
 *
 * sha256.h
 *	  SHA-256 in lowercase hex, at once or chunk by chunk (OpenSSL): the
 *	  SigV4 signer's payload and canonical-request hashes, digest files'
 *	  hashes of log files.
 *
 * On an OpenSSL failure (out of memory) the hex result is the empty
 * string, which matches no hash, so a check that compares fails safe.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_SHA256_H
#define IOTATRAIL_SHA256_H

#include <stddef.h>

/* Hex SHA-256 of len bytes at data (NULL with 0: the empty input) */
extern void core_sha256_hex(const void *data, size_t len, char out[65]);

/* Incremental form; the state lives in OpenSSL memory until end or abort */
typedef struct Sha256 Sha256;	/* opaque; wraps EVP_MD_CTX */
extern Sha256 *core_sha256_begin(void);	/* NULL on OpenSSL failure */
extern void core_sha256_update(Sha256 *h, const void *data, size_t len);
extern void core_sha256_end(Sha256 *h, char out[65]);	/* frees h */
extern void core_sha256_abort(Sha256 *h);	/* frees h, for error paths */

#endif							/* IOTATRAIL_SHA256_H */
