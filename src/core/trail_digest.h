/*-------------------------------------------------------------------------
 *
 * trail_digest.h
 *	  CloudTrail digest files (log file integrity validation): the string
 *	  CloudTrail signs, SHA256withRSA verification against the keys
 *	  ListPublicKeys returns, SHA-256 of inflated content, and digest
 *	  object names.
 *
 * Follows the AWS CLI validator (awscli/customizations/cloudtrail/
 * validation.py).  No backend calls: the memory OpenSSL needs comes from
 * OpenSSL and is released before each call returns, except for an
 * incremental hash, which the caller must end or abort.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_TRAIL_DIGEST_H
#define IOTATRAIL_TRAIL_DIGEST_H

#include "core.h"

/* Result of checking one digest signature */
typedef enum DigestSigStatus
{
	DIGEST_SIG_OK,
	DIGEST_SIG_INVALID,			/* well-formed, does not verify */
	DIGEST_SIG_BAD_KEY,			/* key bytes are neither DER nor PEM RSA public key */
	DIGEST_SIG_BAD_SIGNATURE	/* signature text is not even-length hex */
} DigestSigStatus;

/*
 * The string CloudTrail signs: digestEndTime "\n" bucket "/" object "\n"
 * hex sha256 of the uncompressed digest "\n" previous signature or "null".
 * Returns a NUL-terminated string from the allocator; *len gets its length.
 * prev_signature NULL means a starting digest (literal text null).
 */
extern char *core_digest_signing_string(const CoreAllocator *a, const char *end_time,
								   const char *bucket, const char *object,
								   const char *digest_sha256_hex,
								   const char *prev_signature, size_t *len);

/*
 * Verify a hex SHA256withRSA (PKCS#1 v1.5) signature over msg with an RSA
 * public key given as DER (PKCS#1 RSAPublicKey as ListPublicKeys returns it,
 * or SubjectPublicKeyInfo) or PEM text ("-----BEGIN RSA PUBLIC KEY-----" or
 * "-----BEGIN PUBLIC KEY-----").  Writes a reason into err on anything but OK.
 */
extern DigestSigStatus core_digest_verify_signature(const unsigned char *key, size_t keylen,
											   const char *msg, size_t msglen,
											   const char *sig_hex,
											   char *err, size_t errlen);

#endif							/* IOTATRAIL_TRAIL_DIGEST_H */
