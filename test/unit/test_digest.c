/*
 * test_digest.c
 *	  Unit tests of trail_digest.c: the signing string, SHA256withRSA
 *	  verification with every key form accepted, the bad-input statuses,
 *	  SHA-256 (one-shot and incremental) and digest object names.
 *
 * The RSA-2048 key pairs are generated at start with OpenSSL's EVP API and
 * the test signs with EVP_DigestSign, so verification is checked against an
 * independent signer rather than against itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "sha256.h"
#include "trail_digest.h"

static int	passed;
static int	failed;
static int	n;

static void
check(bool ok, const char *why)
{
	n++;
	if (ok)
	{
		passed++;
		printf("ok %d\n", n);
	}
	else
	{
		failed++;
		printf("not ok %d - %s\n", n, why);
	}
}

/* An exported key; data from OPENSSL_malloc */
typedef struct Blob
{
	unsigned char *data;
	size_t		len;
} Blob;

/* Export the public half as DER or PEM in the given structure */
static Blob
export_key(EVP_PKEY *pkey, const char *format, const char *structure)
{
	Blob		b = {NULL, 0};
	OSSL_ENCODER_CTX *ectx;

	ectx = OSSL_ENCODER_CTX_new_for_pkey(pkey, EVP_PKEY_PUBLIC_KEY, format,
										 structure, NULL);
	if (ectx == NULL || OSSL_ENCODER_CTX_get_num_encoders(ectx) == 0 ||
		!OSSL_ENCODER_to_data(ectx, &b.data, &b.len))
	{
		fprintf(stderr, "cannot export key as %s %s\n", format, structure);
		exit(2);
	}
	OSSL_ENCODER_CTX_free(ectx);
	return b;
}

/* The private key as PKCS#8 PEM, which must be refused */
static Blob
export_private(EVP_PKEY *pkey)
{
	Blob		b = {NULL, 0};
	OSSL_ENCODER_CTX *ectx;

	ectx = OSSL_ENCODER_CTX_new_for_pkey(pkey, EVP_PKEY_KEYPAIR, "PEM",
										 "PrivateKeyInfo", NULL);
	if (ectx == NULL || !OSSL_ENCODER_to_data(ectx, &b.data, &b.len))
	{
		fprintf(stderr, "cannot export private key\n");
		exit(2);
	}
	OSSL_ENCODER_CTX_free(ectx);
	return b;
}

/* SHA256withRSA signature over msg, as lowercase hex (malloc'd) */
static char *
sign_hex(EVP_PKEY *pkey, const char *msg, size_t len)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char sig[1024];
	size_t		siglen = sizeof(sig);
	char	   *hex;

	if (md == NULL ||
		EVP_DigestSignInit_ex(md, NULL, "SHA256", NULL, NULL, pkey, NULL) != 1 ||
		EVP_DigestSign(md, sig, &siglen, (const unsigned char *) msg, len) != 1)
	{
		fprintf(stderr, "cannot sign\n");
		exit(2);
	}
	EVP_MD_CTX_free(md);
	hex = malloc(2 * siglen + 1);
	for (size_t i = 0; i < siglen; i++)
		snprintf(hex + 2 * i, 3, "%02x", sig[i]);
	return hex;
}

/* Verify and check both the status and that no OpenSSL error is left over */
static void
expect(const char *name, const Blob *key, const char *msg, size_t msglen,
	   const char *sig, DigestSigStatus want)
{
	char		err[CORE_ERRLEN];
	char		why[512];
	DigestSigStatus got;

	memset(err, 'x', sizeof(err));
	got = core_digest_verify_signature(key->data, key->len, msg, msglen, sig,
								  err, sizeof(err));
	snprintf(why, sizeof(why), "%s: status %d, want %d (%s)", name, got, want,
			 got == DIGEST_SIG_OK ? "" : err);
	check(got == want, why);
	snprintf(why, sizeof(why), "%s: error message %s", name,
			 got == DIGEST_SIG_OK ? "not empty on OK" : "empty");
	check(got == DIGEST_SIG_OK ? err[0] == '\0' : err[0] != '\0', why);
	snprintf(why, sizeof(why), "%s: OpenSSL error queue not empty", name);
	check(ERR_peek_error() == 0, why);
}

static bool
has_prefix(const Blob *b, const char *prefix)
{
	return b->len >= strlen(prefix) && memcmp(b->data, prefix, strlen(prefix)) == 0;
}

static void
signing_string(void)
{
	const CoreAllocator *a = &core_malloc_allocator;
	size_t		len = 0;
	char	   *s;
	const char *want;

	s = core_digest_signing_string(a, "2015-08-17T14:01:31Z", "S3-LOG-BUCKET-NAME",
							  "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_TrailName_us-east-2_20150817T140131Z.json.gz",
							  "4ff08d7c6ecd6eb313257e839645d20363ee3784a2328a7d76b99b53cd9bc5ac",
							  NULL, &len);
	want = "2015-08-17T14:01:31Z\n"
		"S3-LOG-BUCKET-NAME/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_TrailName_us-east-2_20150817T140131Z.json.gz\n"
		"4ff08d7c6ecd6eb313257e839645d20363ee3784a2328a7d76b99b53cd9bc5ac\n"
		"null";
	check(strcmp(s, want) == 0 && len == strlen(want),
		  "starting digest signing string");
	free(s);

	s = core_digest_signing_string(a, "2024-05-01T02:00:00Z", "b", "AWSLogs/1/x.json.gz",
							  "00ff", "a1b2c3", &len);
	want = "2024-05-01T02:00:00Z\nb/AWSLogs/1/x.json.gz\n00ff\na1b2c3";
	check(strcmp(s, want) == 0 && len == strlen(want), "chained signing string");
	free(s);

	/* an empty previous signature stays empty: only NULL means null */
	s = core_digest_signing_string(a, "", "", "", "", "", &len);
	check(strcmp(s, "\n/\n\n") == 0 && len == 4, "all-empty signing string");
	free(s);

	s = core_digest_signing_string(a, NULL, NULL, NULL, NULL, NULL, NULL);
	check(strcmp(s, "\n/\n\nnull") == 0, "all-NULL signing string");
	free(s);
}

static void
signatures(EVP_PKEY *pkey, EVP_PKEY *other)
{
	const CoreAllocator *a = &core_malloc_allocator;
	Blob		der1 = export_key(pkey, "DER", "type-specific");
	Blob		spki = export_key(pkey, "DER", "SubjectPublicKeyInfo");
	Blob		pem1 = export_key(pkey, "PEM", "type-specific");
	Blob		pemspki = export_key(pkey, "PEM", "SubjectPublicKeyInfo");
	Blob		otherder = export_key(other, "DER", "type-specific");
	Blob		priv = export_private(pkey);
	Blob		garbage = {(unsigned char *) "\x30\x82\x01\x0a garbage", 13};
	Blob		empty = {(unsigned char *) "", 0};
	Blob		text = {(unsigned char *) "not a key at all", 16};
	Blob		badpem = {(unsigned char *) "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", 57};
	Blob		trailing;
	size_t		msglen;
	char	   *msg;
	char	   *sig;
	char	   *sig2;
	char	   *mangled;
	char		hash[65];

	/* the forms are what the test means them to be */
	check(der1.len > 0 && der1.data[0] == 0x30 && der1.len < spki.len,
		  "PKCS#1 DER is shorter than SPKI DER");
	check(has_prefix(&pem1, "-----BEGIN RSA PUBLIC KEY-----"), "PKCS#1 PEM armor");
	check(has_prefix(&pemspki, "-----BEGIN PUBLIC KEY-----"), "SPKI PEM armor");

	core_sha256_hex("{\"digest\":1}", 12, hash);
	msg = core_digest_signing_string(a, "2024-05-01T01:00:00Z", "bucket",
								"AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2024/05/01/111111111111_CloudTrail-Digest_us-east-1_trail_us-east-1_20240501T010000Z.json.gz",
								hash, NULL, &msglen);
	sig = sign_hex(pkey, msg, msglen);
	check(strlen(sig) == 512, "RSA-2048 signature is 512 hex digits");

	expect("PKCS#1 DER", &der1, msg, msglen, sig, DIGEST_SIG_OK);
	expect("SPKI DER", &spki, msg, msglen, sig, DIGEST_SIG_OK);
	expect("PKCS#1 PEM", &pem1, msg, msglen, sig, DIGEST_SIG_OK);
	expect("SPKI PEM", &pemspki, msg, msglen, sig, DIGEST_SIG_OK);

	/* uppercase hex is the same signature */
	mangled = strdup(sig);
	for (char *p = mangled; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char) (*p - 'a' + 'A');
	expect("uppercase hex", &der1, msg, msglen, mangled, DIGEST_SIG_OK);
	free(mangled);

	/* one flipped hex digit, at each end and in the middle */
	for (size_t pos = 0; pos < 512; pos += 255)
	{
		mangled = strdup(sig);
		mangled[pos] = mangled[pos] == '0' ? '1' : '0';
		expect("flipped digit", &der1, msg, msglen, mangled, DIGEST_SIG_INVALID);
		free(mangled);
	}

	/* the message one byte shorter, a signature of another message */
	expect("truncated message", &der1, msg, msglen - 1, sig, DIGEST_SIG_INVALID);
	sig2 = sign_hex(pkey, "another message", 15);
	expect("other message's signature", &der1, msg, msglen, sig2, DIGEST_SIG_INVALID);
	expect("other message verifies", &der1, "another message", 15, sig2, DIGEST_SIG_OK);
	free(sig2);

	/* another key */
	expect("different key", &otherder, msg, msglen, sig, DIGEST_SIG_INVALID);

	/* well-formed hex of the wrong length */
	expect("short signature", &der1, msg, msglen, "00ff", DIGEST_SIG_INVALID);
	mangled = malloc(8192 + 3);
	memset(mangled, 'a', 8192 + 2);
	mangled[8192 + 2] = '\0';
	expect("huge signature", &der1, msg, msglen, mangled, DIGEST_SIG_INVALID);
	free(mangled);

	/* not hex, odd length, empty, NULL */
	mangled = strdup(sig);
	mangled[511] = '\0';
	expect("odd-length hex", &der1, msg, msglen, mangled, DIGEST_SIG_BAD_SIGNATURE);
	mangled[511] = 'g';
	expect("non-hex digit", &der1, msg, msglen, mangled, DIGEST_SIG_BAD_SIGNATURE);
	free(mangled);
	expect("empty signature", &der1, msg, msglen, "", DIGEST_SIG_BAD_SIGNATURE);
	expect("NULL signature", &der1, msg, msglen, NULL, DIGEST_SIG_BAD_SIGNATURE);
	expect("spaces in signature", &der1, msg, msglen, "00 ff", DIGEST_SIG_BAD_SIGNATURE);

	/* keys that are not RSA public keys */
	expect("garbage key", &garbage, msg, msglen, sig, DIGEST_SIG_BAD_KEY);
	expect("empty key", &empty, msg, msglen, sig, DIGEST_SIG_BAD_KEY);
	expect("text key", &text, msg, msglen, sig, DIGEST_SIG_BAD_KEY);
	expect("bad PEM body", &badpem, msg, msglen, sig, DIGEST_SIG_BAD_KEY);
	expect("private key PEM", &priv, msg, msglen, sig, DIGEST_SIG_BAD_KEY);
	expect("garbage key, bad signature", &garbage, msg, msglen, "xyz", DIGEST_SIG_BAD_KEY);
	trailing.len = der1.len + 1;
	trailing.data = malloc(trailing.len);
	memcpy(trailing.data, der1.data, der1.len);
	trailing.data[der1.len] = 0;
	expect("DER with a trailing byte", &trailing, msg, msglen, sig, DIGEST_SIG_BAD_KEY);
	trailing.len = der1.len - 1;
	expect("truncated DER", &trailing, msg, msglen, sig, DIGEST_SIG_BAD_KEY);
	free(trailing.data);
	check(core_digest_verify_signature(NULL, 0, msg, msglen, sig, NULL, 0) == DIGEST_SIG_BAD_KEY,
		  "NULL key, NULL error buffer");
	check(ERR_peek_error() == 0, "NULL key leaves no OpenSSL error");

	/* the empty message, given as NULL */
	sig2 = sign_hex(pkey, "", 0);
	expect("empty message", &der1, NULL, 0, sig2, DIGEST_SIG_OK);
	free(sig2);

	free(sig);
	free(msg);
	OPENSSL_free(der1.data);
	OPENSSL_free(spki.data);
	OPENSSL_free(pem1.data);
	OPENSSL_free(pemspki.data);
	OPENSSL_free(otherder.data);
	OPENSSL_clear_free(priv.data, priv.len);
}

static void
hashes(void)
{
	char		one[65];
	char		inc[65];
	unsigned char *big;
	size_t		biglen = 1000003;
	Sha256 *h;

	core_sha256_hex("abc", 3, one);
	check(strcmp(one, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0,
		  "sha256(abc)");
	core_sha256_hex(NULL, 0, one);
	check(strcmp(one, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0,
		  "sha256 of nothing");

	big = malloc(biglen);
	for (size_t i = 0; i < biglen; i++)
		big[i] = (unsigned char) (i * 131 + (i >> 9));
	core_sha256_hex(big, biglen, one);

	/* uneven chunks, with empty updates in between */
	h = core_sha256_begin();
	check(h != NULL, "begin");
	for (size_t off = 0, step = 1; off < biglen; off += step, step = step * 3 + 1)
	{
		size_t		k = off + step > biglen ? biglen - off : step;

		core_sha256_update(h, big + off, k);
		core_sha256_update(h, NULL, 0);
	}
	core_sha256_end(h, inc);
	check(strcmp(one, inc) == 0 && strlen(inc) == 64, "incremental == one-shot");

	h = core_sha256_begin();
	core_sha256_update(h, "abc", 3);
	core_sha256_end(h, inc);
	check(strcmp(inc, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0,
		  "incremental sha256(abc)");

	h = core_sha256_begin();
	core_sha256_end(h, inc);
	check(strcmp(inc, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0,
		  "incremental with no update");

	/* abort frees without output; NULL is harmless */
	h = core_sha256_begin();
	core_sha256_update(h, big, 100);
	core_sha256_abort(h);
	core_sha256_abort(NULL);
	core_sha256_end(NULL, inc);
	check(inc[0] == '\0', "end of NULL gives the empty string");
	check(ERR_peek_error() == 0, "hashing leaves no OpenSSL error");
	free(big);
}

int
main(void)
{
	EVP_PKEY   *pkey = EVP_RSA_gen(2048);
	EVP_PKEY   *other = EVP_RSA_gen(2048);

	if (pkey == NULL || other == NULL)
	{
		fprintf(stderr, "cannot generate RSA keys\n");
		return 2;
	}
	ERR_clear_error();
	signing_string();
	signatures(pkey, other);
	hashes();
	EVP_PKEY_free(pkey);
	EVP_PKEY_free(other);
	printf("digest: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
