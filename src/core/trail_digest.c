/*-------------------------------------------------------------------------
 *
 * trail_digest.c
 *	  CloudTrail digest files: signing string, signature check, SHA-256.
 *
 * CloudTrail signs each hourly digest with SHA256withRSA (RSA PKCS#1 v1.5
 * over SHA-256) and keeps the hex signature in S3 object metadata, not in
 * the JSON.  The signed text chains to the previous digest through its
 * signature, so verifying the newest digest and walking previousDigest*
 * back covers the whole chain.  The public keys come from ListPublicKeys
 * as DER RSAPublicKey (PKCS#1); SubjectPublicKeyInfo and PEM are accepted
 * too, since that is what openssl and most tools write.
 *
 * Every path clears the OpenSSL error queue before returning, so a failed
 * check leaves nothing behind for the next, unrelated OpenSSL caller (libpq,
 * libcurl) in the same process to misread.
 *
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "trail_digest.h"

/*
 * The largest signature worth decoding: OpenSSL verifies with RSA moduli of
 * at most 16384 bits (OPENSSL_RSA_MAX_MODULUS_BITS), so 2048 bytes.
 */
#define DIGEST_MAX_SIG_BYTES 2048

/* printf into err, when the caller gave a buffer */
static void set_err(char *err, size_t errlen, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t errlen, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/*
 * core_digest_signing_string
 *		The four lines CloudTrail signs, joined by '\n' with no trailing
 *		newline, exactly as the AWS CLI validator builds them.
 *
 * NULL text fields count as empty; a NULL previous signature is a starting
 * digest, which the CLI renders as the literal text null (its None).
 */
char *
core_digest_signing_string(const CoreAllocator *a, const char *end_time,
					  const char *bucket, const char *object,
					  const char *digest_sha256_hex,
					  const char *prev_signature, size_t *len)
{
	const char *parts[5];
	static const char *const seps[5] = {"\n", "/", "\n", "\n", ""};
	size_t		total = 0;
	char	   *out;
	char	   *p;

	parts[0] = end_time ? end_time : "";
	parts[1] = bucket ? bucket : "";
	parts[2] = object ? object : "";
	parts[3] = digest_sha256_hex ? digest_sha256_hex : "";
	parts[4] = prev_signature ? prev_signature : "null";

	for (int i = 0; i < 5; i++)
		total += strlen(parts[i]) + strlen(seps[i]);

	out = a->alloc(a->ctx, total + 1);
	p = out;
	for (int i = 0; i < 5; i++)
	{
		size_t		n = strlen(parts[i]);
		size_t		s = strlen(seps[i]);

		memcpy(p, parts[i], n);
		p += n;
		memcpy(p, seps[i], s);
		p += s;
	}
	*p = '\0';
	if (len)
		*len = total;
	return out;
}

/*
 * Decode hex into buf (at most cap bytes).  Returns the byte count, -1 when
 * the text is empty, odd-length or has a non-hex character, or -2 when it
 * is well-formed but longer than cap.  Either case of digit is fine.
 */
static ssize_t
decode_hex(const char *s, unsigned char *buf, size_t cap)
{
	size_t		n = strlen(s);

	if (n == 0 || n % 2 != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (core_hex_digit(s[i]) < 0)
			return -1;
	if (n / 2 > cap)
		return -2;
	for (size_t i = 0; i < n / 2; i++)
		buf[i] = (unsigned char) (core_hex_digit(s[2 * i]) * 16 +
								  core_hex_digit(s[2 * i + 1]));
	return (ssize_t) (n / 2);
}

/* Does the key text start (after blanks) with a PEM armor line? */
static bool
looks_pem(const unsigned char *key, size_t keylen)
{
	static const char armor[] = "-----BEGIN ";
	size_t		i = 0;

	while (i < keylen && core_is_space((char) key[i]))
		i++;
	return keylen - i >= sizeof(armor) - 1 &&
		memcmp(key + i, armor, sizeof(armor) - 1) == 0;
}

/*
 * Decode an RSA public key from DER (RSAPublicKey or SubjectPublicKeyInfo)
 * or PEM (either armor).  NULL when it is none of those.
 *
 * The format is chosen from the bytes rather than letting the decoder try
 * everything, so DER must be exactly one structure (no trailing bytes) and
 * text that is not PEM is never read as DER.  Private keys are refused: a
 * digest check has no business holding one, and accepting one would hide a
 * mixed-up configuration.
 */
static EVP_PKEY *
decode_rsa_public(const unsigned char *key, size_t keylen)
{
	bool		pem = looks_pem(key, keylen);
	OSSL_DECODER_CTX *dctx;
	EVP_PKEY   *pkey = NULL;
	const unsigned char *p = key;
	size_t		left = keylen;
	BIGNUM	   *d = NULL;

	dctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, pem ? "PEM" : "DER", NULL,
										 "RSA", EVP_PKEY_PUBLIC_KEY,
										 NULL, NULL);
	if (dctx == NULL)
		return NULL;
	if (OSSL_DECODER_CTX_get_num_decoders(dctx) == 0 ||
		!OSSL_DECODER_from_data(dctx, &p, &left))
	{
		OSSL_DECODER_CTX_free(dctx);
		EVP_PKEY_free(pkey);
		return NULL;
	}
	OSSL_DECODER_CTX_free(dctx);
	if (pkey == NULL)
		return NULL;

	if ((!pem && left != 0) || !EVP_PKEY_is_a(pkey, "RSA") ||
		EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_D, &d))
	{
		BN_clear_free(d);
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return pkey;
}

/*
 * core_digest_verify_signature
 *		Check a hex SHA256withRSA signature over msg.
 *
 * The key is checked before the signature text: a key that cannot be read
 * is a configuration problem that affects every digest, so it is the more
 * useful thing to report.
 */
DigestSigStatus
core_digest_verify_signature(const unsigned char *key, size_t keylen,
						const char *msg, size_t msglen,
						const char *sig_hex,
						char *err, size_t errlen)
{
	unsigned char sig[DIGEST_MAX_SIG_BYTES];
	ssize_t		siglen;
	EVP_PKEY   *pkey;
	EVP_MD_CTX *md;
	DigestSigStatus status;
	int			rc;

	if (err && errlen)
		err[0] = '\0';

	pkey = (key && keylen) ? decode_rsa_public(key, keylen) : NULL;
	if (pkey == NULL)
	{
		ERR_clear_error();
		set_err(err, errlen, "public key is neither a DER nor a PEM RSA public key");
		return DIGEST_SIG_BAD_KEY;
	}

	siglen = sig_hex ? decode_hex(sig_hex, sig, sizeof(sig)) : -1;
	if (siglen == -1)
	{
		EVP_PKEY_free(pkey);
		ERR_clear_error();
		set_err(err, errlen, "signature is not an even-length hexadecimal string");
		return DIGEST_SIG_BAD_SIGNATURE;
	}
	/* Well-formed but the wrong size cannot verify; say so plainly */
	if (siglen == -2 || siglen != EVP_PKEY_get_size(pkey))
	{
		set_err(err, errlen,
				"signature is %zu bytes, the %d-bit key needs %d",
				strlen(sig_hex) / 2, EVP_PKEY_get_bits(pkey),
				EVP_PKEY_get_size(pkey));
		EVP_PKEY_free(pkey);
		ERR_clear_error();
		return DIGEST_SIG_INVALID;
	}

	md = EVP_MD_CTX_new();
	if (md == NULL ||
		EVP_DigestVerifyInit_ex(md, NULL, "SHA256", NULL, NULL, pkey, NULL) != 1)
	{
		set_err(err, errlen, "could not set up SHA256withRSA verification");
		status = DIGEST_SIG_INVALID;
	}
	else
	{
		/* A NULL message of length 0 is the empty string */
		rc = EVP_DigestVerify(md, sig, (size_t) siglen,
							  (const unsigned char *) (msg ? msg : ""),
							  msg ? msglen : 0);
		if (rc == 1)
			status = DIGEST_SIG_OK;
		else
		{
			set_err(err, errlen, "signature does not verify");
			status = DIGEST_SIG_INVALID;
		}
	}
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pkey);
	ERR_clear_error();
	return status;
}
