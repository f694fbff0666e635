/*-------------------------------------------------------------------------
 *
 * sha256.c
 *	  SHA-256 in lowercase hex over OpenSSL's EVP interface.
 *
 *-------------------------------------------------------------------------
 */
#include <stdbool.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "core.h"
#include "sha256.h"

struct Sha256
{
	EVP_MD_CTX *md;
	bool		failed;			/* an OpenSSL call failed; end yields "" */
};

void
core_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (EVP_Digest(data ? data : (const void *) "", data ? len : 0,
				   md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
	{
		ERR_clear_error();
		out[0] = '\0';
		return;
	}
	core_hex_encode(md, mdlen, out);
}

Sha256 *
core_sha256_begin(void)
{
	Sha256	   *h = OPENSSL_zalloc(sizeof(Sha256));

	if (h == NULL)
	{
		ERR_clear_error();
		return NULL;
	}
	h->md = EVP_MD_CTX_new();
	if (h->md == NULL || EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) != 1)
	{
		EVP_MD_CTX_free(h->md);
		OPENSSL_free(h);
		ERR_clear_error();
		return NULL;
	}
	return h;
}

void
core_sha256_update(Sha256 *h, const void *data, size_t len)
{
	if (h == NULL || h->failed || len == 0 || data == NULL)
		return;
	if (EVP_DigestUpdate(h->md, data, len) != 1)
	{
		h->failed = true;
		ERR_clear_error();
	}
}

/* Write the hex hash (or "" after a failure) and free the state */
void
core_sha256_end(Sha256 *h, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	out[0] = '\0';
	if (h == NULL)
		return;
	if (!h->failed && EVP_DigestFinal_ex(h->md, md, &mdlen) == 1 && mdlen == 32)
		core_hex_encode(md, mdlen, out);
	else
		ERR_clear_error();
	core_sha256_abort(h);
}

void
core_sha256_abort(Sha256 *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->md);
	OPENSSL_free(h);
}
