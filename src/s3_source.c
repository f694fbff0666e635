/*-------------------------------------------------------------------------
 *
 * s3_source.c
 *	  An S3 scan as a Source: the objects under an s3:// location, or the
 *	  keys named; the kind's check, EXPLAIN counters and parallel sharing.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <curl/curl.h>

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "aws_sigv4.h"
#include "backend_support.h"
#include "pg_compat.h"
#include "s3_scan.h"

/*
 * S3's bucket naming rules (3 to 63 lowercase letters, digits, dots and
 * hyphens, a letter or digit at each end, no empty label): anything else
 * could steer the request's host name or path elsewhere.
 */
static bool
bucket_name_valid(const char *b)
{
	size_t		n = strlen(b);

	if (n < 3 || n > 63 || !isalnum((unsigned char) b[0]) ||
		!isalnum((unsigned char) b[n - 1]) || strstr(b, "..") != NULL)
		return false;
	for (const char *c = b; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' || *c == '-'))
			return false;
	return true;
}

static void
s3_scan_cleanup(void *arg)
{
	S3Scan	   *s3 = arg;

	/* the transfers and pages asked for ahead went with their contexts */
	s3->nactive = 0;
	if (s3->multi)
		curl_multi_cleanup(s3->multi);
	s3->multi = NULL;
}

static S3Scan *
s3_scan_begin(const S3Config *cfg, const char *location, bool skip_errors,
			  const TrailFilter *filter)
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "iotatrail s3 scan",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	S3Scan	   *s3 = palloc0(sizeof(S3Scan));
	MemoryContextCallback *cb = palloc0(sizeof(MemoryContextCallback));
	const char *rest = location + 5;
	const char *slash = strchr(rest, '/');

	s3->cxt = cxt;
	s3->cfg = *cfg;
	s3->buffer_limit = Max(BUFFER_BUDGET / s3->cfg.concurrency, TRANSFER_BUFFER_MIN);
	s3->skip_errors = skip_errors;
	s3->location = pstrdup(location);
	s3->bucket = slash ? pnstrdup(rest, slash - rest) : pstrdup(rest);
	s3->prefix = slash ? pstrdup(slash + 1) : pstrdup("");
	if (s3->bucket[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("location \"%s\" names no bucket", location),
				 errhint("Write s3://bucket/prefix, such as s3://my-trail/AWSLogs/.")));
	if (!bucket_name_valid(s3->bucket))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid bucket name in location \"%s\"", location),
				 errdetail("S3 bucket names are 3 to 63 lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit."),
				 errhint("Write s3://bucket/prefix, such as s3://my-trail/AWSLogs/.")));
	s3->page_cxt = AllocSetContextCreate(cxt, "iotatrail s3 listing", ALLOCSET_DEFAULT_SIZES);
	s3->filter = core_trail_filter_active(filter) ? filter : NULL;
	/* the location itself, and every level above it, must be able to match */
	{
		bool		possible = true;

		for (const char *c = s3->prefix; *c; c++)
			if (*c == '/' && !core_trail_prefix_may_match(s3->filter, s3->prefix, c - s3->prefix + 1))
				possible = false;
		if (s3->filter && s3->filter->nothing)
			possible = false;
		if (possible)
			s3->tasks = list_make1(s3_list_task(s3, s3->prefix));
		else
			s3->pruned++;
	}
	s3->multi = curl_multi_init();
	cb->func = s3_scan_cleanup;
	cb->arg = s3;
	MemoryContextRegisterResetCallback(cxt, cb);
	MemoryContextSwitchTo(old);
	return s3;
}

/* The scan as a Source */
static char *
s3_source_next(Source *src, SourceSkip *skip)
{
	S3Scan	   *s3 = (S3Scan *) src;
	S3Object	obj;

	if (!s3->list_only)
		return s3_scan_next_object(s3);
	if (!s3_next_listed(s3, &obj))
		return NULL;
	s3->last_listed = obj;
	return psprintf("s3://%s/%s", s3->bucket, obj.key);
}

/*
 * The object next named is being fetched already.  A key given (not
 * listed) is not found when its GET answers 404 (errno ENOENT); other
 * failures are raised when it is read.
 */
static bool
s3_source_open(Source *src, const char *name)
{
	S3Scan	   *s3 = (S3Scan *) src;
	Transfer   *t = s3->active[0];

	if (!s3->keys_given)
		return true;
	for (;;)
	{
		if (t->status == 404)
		{
			errno = ENOENT;
			return false;
		}
		if (t->status == 200 || t->status == 206 || (t->done && t->retry_at == 0))
			return true;
		s3_pump(s3, true);
	}
}

static void
s3_source_close(Source *src)
{
	s3_scan_close_object((S3Scan *) src);
}

static void
s3_source_end(Source *src)
{
	MemoryContextDelete(((S3Scan *) src)->cxt);	/* the callback releases curl */
}

static void
s3_source_counts(Source *src, SourceCounts *out)
{
	S3Scan	   *s3 = (S3Scan *) src;

	out->pruned = s3->pruned;
	out->found = s3->listed;
	out->listed = s3->listed;
	out->requests = s3->requests;
	out->retries = s3->retries;
}

/* What the listing said of the object next named: size and ETag */
static bool
s3_source_describe(Source *src, const char *name, SourceEntryInfo *info)
{
	S3Scan	   *s3 = (S3Scan *) src;

	info->size = s3->last_listed.size;
	info->etag = s3->last_listed.etag ? pstrdup(s3->last_listed.etag) : NULL;
	return true;
}

/* The x-amz-meta-signature of the object being read, or NULL */
static char *
s3_source_signature(Source *src, const char *name)
{
	S3Scan	   *s3 = (S3Scan *) src;

	if (!s3->reading || s3->nactive == 0 || s3->active[0]->meta_signature == NULL)
		return NULL;
	return pstrdup(s3->active[0]->meta_signature);
}

/*
 * Share the listed keys with the other participants of a parallel scan:
 * before the first object, claim is asked about each key (by its walk
 * position) and only the keys it grants are fetched.  Keys given are
 * not listed, and not shared.
 */
static void
s3_source_share(Source *src, SourceClaimFn claim, void *arg, void *area)
{
	S3Scan	   *s3 = (S3Scan *) src;

	if (s3->keys_given || claim == NULL)
	{
		s3->claim = NULL;		/* no claims, or no longer */
		return;
	}
	s3->claim = claim;
	s3->claim_arg = arg;
	s3->position_cap = 256;
	s3->position = MemoryContextAlloc(s3->cxt, s3->position_cap);
}

static const SourceOps s3_source_ops = {
	s3_source_next, s3_source_open, s3_scan_read, s3_source_close,
	s3_source_end, s3_source_counts, s3_source_describe, s3_source_signature,
	s3_source_share
};

/* The key of url, an object of the scan's bucket; raises when it names none */
static char *
object_key(const S3Scan *s3, const char *url)
{
	const char *rest = strncmp(url, "s3://", 5) == 0 ? url + 5 : NULL;
	size_t		blen = strlen(s3->bucket);
	const char *key;

	if (rest == NULL || strncmp(rest, s3->bucket, blen) != 0 || rest[blen] != '/')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("object \"%s\" is not in bucket \"%s\"", url, s3->bucket),
				 errdetail("The objects of one scan are read from one bucket, the first object's.")));
	key = rest + blen + 1;
	if (key[0] == '\0' || key[strlen(key) - 1] == '/')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("location \"%s\" names no object", url),
				 errhint("Write s3://bucket/key, such as s3://my-trail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/file.json.gz.")));
	if (s3_key_has_dot_segment(key))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid key in location \"%s\"", url),
				 errdetail("The key has a \".\" or \"..\" path segment, which HTTP clients and servers resolve to another object.")));
	return pstrdup(key);
}

/*
 * Objects named by their URLs (a list of char *, all in the first one's
 * bucket), read in that order: GETs of the keys, as many at a time as a
 * listed scan's, and no listing (iotatrail.read_objects; sync's batches,
 * whose objects were listed once for the whole run; digest validation,
 * one object at a time)
 */
static void
s3_source_keys(S3Scan *s3, List *urls)
{
	MemoryContext old = MemoryContextSwitchTo(s3->cxt);
	ListCell   *lc;

	list_free(s3->tasks);
	s3->tasks = NIL;
	s3->keys_given = true;
	s3->page = palloc(sizeof(S3Object) * list_length(urls));
	foreach(lc, urls)
	{
		CHECK_FOR_INTERRUPTS();
		/* size and ETag come with the answer, as for one key */
		s3->page[s3->page_len++] = (S3Object) {object_key(s3, lfirst(lc)), -1, NULL};
	}
	s3->listed = s3->page_len;
	MemoryContextSwitchTo(old);
}

/* userid reaches S3 through the server: keys, or the server's own rights */
static void
s3_kind_check(const SourceConfig *cfg)
{
	(void) iotatrail_s3_config(cfg->serverid, cfg->userid);
}

/* The objects named, or the (log or digest) objects under the location */
static Source *
s3_kind_begin(const SourceConfig *cfg)
{
	S3Config   *s3cfg = iotatrail_s3_config(cfg->serverid, cfg->userid);
	const char *first = cfg->objects ? linitial(cfg->objects) : cfg->location;
	S3Scan	   *s3 = s3_scan_begin(s3cfg, first, cfg->skip_errors,
								   cfg->objects ? NULL : cfg->filter);

	s3_transfers_init(s3);
	if (cfg->objects)
		s3_source_keys(s3, cfg->objects);
	s3->digests = cfg->digests;
	s3->list_only = cfg->list_only;
	s3->src.ops = &s3_source_ops;
	s3->src.read_arg = s3;
	return &s3->src;
}

/* Listing costs requests: planning does not list */
static double
s3_kind_estimate_bytes(const SourceConfig *cfg, int max_files, int sized_files)
{
	return -1;
}

static void
s3_kind_explain(const SourceCounts *counts, const char *pruning,
				SourceExplainFn prop, void *arg)
{
	if (pruning && pruning[0])
		prop(arg, "S3 Key Pruning", pruning, 0);
	prop(arg, "S3 Prefixes Pruned", NULL, counts->pruned);
	prop(arg, "S3 Objects Listed", NULL, counts->listed);
	prop(arg, "S3 Requests", NULL, counts->requests);
	prop(arg, "S3 Retries", NULL, counts->retries);
}

const SourceKind source_kind_s3 = {
	"s3", false, s3_kind_check, s3_kind_begin, s3_kind_estimate_bytes, s3_kind_explain,
	NULL, NULL
};
