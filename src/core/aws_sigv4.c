/*-------------------------------------------------------------------------
 *
 * aws_sigv4.c
 *	  AWS Signature Version 4 signing.
 *
 * Follows "Create a canonical request for Signature Version 4": the path
 * URI-encoded (S3 once, other services twice, with dot segments removed),
 * query parameters decoded, re-encoded per RFC 3986 and sorted by key then
 * value, header names lowercased and sorted, values trimmed with runs of
 * spaces folded and repeats joined with ','.  libcurl's own AWS_SIGV4 is
 * not used: it does not canonicalize query strings the way S3 checks them.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "aws_sigv4.h"
#include "sha256.h"

/* A growing string over the core allocator */
typedef struct Buf
{
	const CoreAllocator *a;
	char	   *data;
	size_t		len;
	size_t		cap;
} Buf;

static void
buf_init(Buf *b, const CoreAllocator *a)
{
	b->a = a;
	b->cap = 256;
	b->len = 0;
	b->data = a->alloc(a->ctx, b->cap);
	b->data[0] = '\0';
}

static void
buf_add(Buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
	{
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->data = b->a->realloc(b->a->ctx, b->data, b->cap);
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
buf_str(Buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static bool
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		(c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
}

static void
buf_encode(Buf *b, const char *s, size_t len, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (unreserved(c) || (keep_slash && c == '/'))
			buf_add(b, (const char *) &c, 1);
		else
		{
			char		esc[3] = {'%', hex[c >> 4], hex[c & 15]};

			buf_add(b, esc, 3);
		}
	}
}

char *
core_sigv4_uri_encode(const CoreAllocator *a, const char *s, size_t len,
				 bool keep_slash)
{
	Buf			b;

	buf_init(&b, a);
	buf_encode(&b, s, len, keep_slash);
	return b.data;
}

/* Percent-decode [s, s+len) into b; a stray '%' stays as it is */
static void
buf_decode(Buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
	{
		if (s[i] == '%' && i + 2 < len &&
			core_hex_digit(s[i + 1]) >= 0 && core_hex_digit(s[i + 2]) >= 0)
		{
			char		c = (char) (core_hex_digit(s[i + 1]) * 16 + core_hex_digit(s[i + 2]));

			buf_add(b, &c, 1);
			i += 2;
		}
		else
			buf_add(b, &s[i], 1);
	}
}

static void
hmac(const unsigned char *key, size_t keylen, const char *msg,
	 unsigned char out[32])
{
	unsigned int outlen = 32;

	HMAC(EVP_sha256(), key, (int) keylen, (const unsigned char *) msg,
		 strlen(msg), out, &outlen);
}

/*
 * The canonical URI.  With normalize, empty and "." segments go, ".." pops
 * one, and a trailing slash stays if the path had one.
 */
static void
canonical_uri(Buf *out, const SigV4Request *req)
{
	const CoreAllocator *a = out->a;
	const char *path = (req->path && req->path[0]) ? req->path : "/";
	Buf			norm;

	buf_init(&norm, a);
	if (req->normalize_path)
	{
		const char **segs;
		size_t	   *lens;
		int			n = 0;
		size_t		plen = strlen(path);
		const char *p = path;
		const char *end = path + plen;

		segs = a->alloc(a->ctx, sizeof(char *) * (plen + 1));
		lens = a->alloc(a->ctx, sizeof(size_t) * (plen + 1));
		while (p < end)
		{
			const char *slash = memchr(p, '/', end - p);
			const char *segend = slash ? slash : end;
			size_t		sl = segend - p;

			if (sl == 0 || (sl == 1 && p[0] == '.'))
				;
			else if (sl == 2 && p[0] == '.' && p[1] == '.')
			{
				if (n > 0)
					n--;
			}
			else
			{
				segs[n] = p;
				lens[n] = sl;
				n++;
			}
			p = slash ? slash + 1 : end;
		}
		buf_str(&norm, "/");
		for (int i = 0; i < n; i++)
		{
			if (i > 0)
				buf_str(&norm, "/");
			buf_add(&norm, segs[i], lens[i]);
		}
		if (n > 0 && plen > 1 && path[plen - 1] == '/')
			buf_str(&norm, "/");
		a->free(a->ctx, segs);
		a->free(a->ctx, lens);
	}
	else
	{
		if (path[0] != '/')
			buf_str(&norm, "/");
		buf_str(&norm, path);
	}

	if (req->encode_path_twice)
		buf_encode(out, norm.data, norm.len, true);
	else
	{
		/* S3: the path is encoded exactly once, whatever the wire form */
		Buf			raw;

		buf_init(&raw, a);
		buf_decode(&raw, norm.data, norm.len);
		buf_encode(out, raw.data, raw.len, true);
		a->free(a->ctx, raw.data);
	}
	a->free(a->ctx, norm.data);
}

typedef struct Pair
{
	char	   *key;
	char	   *value;
} Pair;

static int
pair_cmp(const void *x, const void *y)
{
	const Pair *p = x;
	const Pair *q = y;
	int			c = strcmp(p->key, q->key);

	return c != 0 ? c : strcmp(p->value, q->value);
}

/* Query parameters decoded, re-encoded, sorted by key then value */
static void
canonical_query(Buf *out, const char *query)
{
	const CoreAllocator *a = out->a;
	const char *p = query;
	const char *end;
	Pair	   *pairs;
	int			n = 0;
	size_t		qlen;

	if (query == NULL || query[0] == '\0')
		return;
	qlen = strlen(query);
	end = query + qlen;
	pairs = a->alloc(a->ctx, sizeof(Pair) * (qlen + 1));
	while (p < end)
	{
		const char *amp = memchr(p, '&', end - p);
		const char *pend = amp ? amp : end;
		const char *eq = memchr(p, '=', pend - p);
		const char *kend = eq ? eq : pend;
		Buf			k,
					v,
					ek,
					ev;

		if (pend > p)
		{
			buf_init(&k, a);
			buf_init(&v, a);
			buf_decode(&k, p, kend - p);
			if (eq)
				buf_decode(&v, eq + 1, pend - eq - 1);
			buf_init(&ek, a);
			buf_init(&ev, a);
			buf_encode(&ek, k.data, k.len, false);
			buf_encode(&ev, v.data, v.len, false);
			a->free(a->ctx, k.data);
			a->free(a->ctx, v.data);
			pairs[n].key = ek.data;
			pairs[n].value = ev.data;
			n++;
		}
		p = amp ? amp + 1 : end;
	}
	qsort(pairs, n, sizeof(Pair), pair_cmp);
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			buf_str(out, "&");
		buf_str(out, pairs[i].key);
		buf_str(out, "=");
		buf_str(out, pairs[i].value);
		a->free(a->ctx, pairs[i].key);
		a->free(a->ctx, pairs[i].value);
	}
	a->free(a->ctx, pairs);
}

typedef struct CanonHeader
{
	char	   *name;			/* lowercased */
	int			order;			/* position in the request, for repeats */
	const char *value;
} CanonHeader;

static int
header_cmp(const void *x, const void *y)
{
	const CanonHeader *p = x;
	const CanonHeader *q = y;
	int			c = strcmp(p->name, q->name);

	return c != 0 ? c : p->order - q->order;
}

/* Trimmed, with every run of whitespace folded to one space */
static void
buf_header_value(Buf *b, const char *v)
{
	const char *s = v;
	const char *e = v + strlen(v);
	bool		space = false;

	while (s < e && core_is_space(*s))
		s++;
	while (e > s && core_is_space(e[-1]))
		e--;
	for (; s < e; s++)
	{
		if (core_is_space(*s))
			space = true;
		else
		{
			if (space)
				buf_str(b, " ");
			space = false;
			buf_add(b, s, 1);
		}
	}
}

/*
 * The canonical headers (lowercase names, sorted, values trimmed, repeats
 * joined by commas) into creq, and their names joined by ';' into signed
 */
static void
canonical_headers(const CoreAllocator *a, const SigV4Request *req,
				  Buf *creq, Buf *signed_headers)
{
	CanonHeader *hs = a->alloc(a->ctx, sizeof(CanonHeader) * req->nheaders);

	for (int i = 0; i < req->nheaders; i++)
	{
		size_t		n = strlen(req->headers[i].name);

		hs[i].name = a->alloc(a->ctx, n + 1);
		for (size_t j = 0; j <= n; j++)
		{
			char		c = req->headers[i].name[j];

			hs[i].name[j] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
		}
		hs[i].order = i;
		hs[i].value = req->headers[i].value;
	}
	qsort(hs, req->nheaders, sizeof(CanonHeader), header_cmp);
	for (int i = 0; i < req->nheaders; i++)
	{
		bool		repeat = i > 0 && strcmp(hs[i].name, hs[i - 1].name) == 0;

		if (repeat)
			buf_str(creq, ",");
		else
		{
			if (i > 0)
			{
				buf_str(creq, "\n");
				buf_str(signed_headers, ";");
			}
			buf_str(creq, hs[i].name);
			buf_str(creq, ":");
			buf_str(signed_headers, hs[i].name);
		}
		buf_header_value(creq, hs[i].value);
	}
	for (int i = 0; i < req->nheaders; i++)
		a->free(a->ctx, hs[i].name);
	a->free(a->ctx, hs);
}

/* The credential scope: date/region/service/aws4_request */
static void
buf_scope(Buf *b, const char *date, const SigV4Key *key)
{
	buf_str(b, date);
	buf_str(b, "/");
	buf_str(b, key->region);
	buf_str(b, "/");
	buf_str(b, key->service);
	buf_str(b, "/aws4_request");
}

/* The hex signature of sts: HMAC chain from the secret over the scope */
static void
signature_hex(const CoreAllocator *a, const SigV4Key *key, const char *date,
			  const Buf *sts, char out[65])
{
	Buf			secret;
	unsigned char k[32];
	unsigned char sig[32];

	buf_init(&secret, a);
	buf_str(&secret, "AWS4");
	buf_str(&secret, key->secret_access_key);
	hmac((unsigned char *) secret.data, secret.len, date, k);
	memset(secret.data, 0, secret.len);
	a->free(a->ctx, secret.data);
	hmac(k, 32, key->region, k);
	hmac(k, 32, key->service, k);
	hmac(k, 32, "aws4_request", k);
	hmac(k, 32, sts->data, sig);
	memset(k, 0, sizeof(k));
	core_hex_encode(sig, 32, out);
}

/* The request and key can be signed; else a reason in errbuf */
static bool
sign_check(const SigV4Request *req, const SigV4Key *key, char *errbuf, size_t errlen)
{
	if (key->amz_date == NULL || strlen(key->amz_date) != 16 ||
		key->amz_date[8] != 'T' || key->amz_date[15] != 'Z')
	{
		snprintf(errbuf, errlen, "x-amz-date \"%s\" is not YYYYMMDDTHHMMSSZ",
				 key->amz_date ? key->amz_date : "");
		return false;
	}
	if (req->nheaders == 0)
	{
		snprintf(errbuf, errlen, "a signed request needs at least the host header");
		return false;
	}
	return true;
}

bool
core_sigv4_sign(const CoreAllocator *a, const SigV4Request *req,
		   const SigV4Key *key, SigV4Result *out, char *errbuf, size_t errlen)
{
	Buf			creq,
				signed_headers,
				sts,
				authz;
	char		hash[65];
	char		date[9];

	memset(out, 0, sizeof(*out));
	if (!sign_check(req, key, errbuf, errlen))
		return false;
	memcpy(date, key->amz_date, 8);
	date[8] = '\0';

	/* the canonical request */
	buf_init(&creq, a);
	buf_str(&creq, req->method);
	buf_str(&creq, "\n");
	canonical_uri(&creq, req);
	buf_str(&creq, "\n");
	canonical_query(&creq, req->query);
	buf_str(&creq, "\n");
	buf_init(&signed_headers, a);
	canonical_headers(a, req, &creq, &signed_headers);
	buf_str(&creq, "\n\n");
	buf_str(&creq, signed_headers.data);
	buf_str(&creq, "\n");
	buf_str(&creq, req->payload_hash ? req->payload_hash : SIGV4_EMPTY_SHA256);

	/* the string to sign */
	core_sha256_hex(creq.data, creq.len, hash);
	buf_init(&sts, a);
	buf_str(&sts, "AWS4-HMAC-SHA256\n");
	buf_str(&sts, key->amz_date);
	buf_str(&sts, "\n");
	buf_scope(&sts, date, key);
	buf_str(&sts, "\n");
	buf_str(&sts, hash);

	signature_hex(a, key, date, &sts, out->signature);

	buf_init(&authz, a);
	buf_str(&authz, "AWS4-HMAC-SHA256 Credential=");
	buf_str(&authz, key->access_key_id);
	buf_str(&authz, "/");
	buf_scope(&authz, date, key);
	buf_str(&authz, ", SignedHeaders=");
	buf_str(&authz, signed_headers.data);
	buf_str(&authz, ", Signature=");
	buf_str(&authz, out->signature);

	out->canonical_request = creq.data;
	out->string_to_sign = sts.data;
	out->signed_headers = signed_headers.data;
	out->authorization = authz.data;
	return true;
}

void
core_sigv4_free(const CoreAllocator *a, SigV4Result *out)
{
	if (out->canonical_request)
		a->free(a->ctx, out->canonical_request);
	if (out->string_to_sign)
		a->free(a->ctx, out->string_to_sign);
	if (out->signed_headers)
		a->free(a->ctx, out->signed_headers);
	if (out->authorization)
		a->free(a->ctx, out->authorization);
	memset(out, 0, sizeof(*out));
}
