/*
 * test_core.c
 *	  Unit tests of the byte-level core outside PostgreSQL: gzip stream,
 *	  splitter, reader (every input shape), string decoding, value parsers.
 *	  Built with ASan/UBSan by run-core.sh.  Ends with "N passed, M failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "aws_ini.h"
#include "crc32_fast.h"
#include "aws_xml.h"
#include "json_scan.h"
#include "record_reader.h"
#include "record_scan.h"
#include "trail_layout.h"
#include "value_parse.h"

static int passed,
			failed;

#define CHECK(cond, ...) do { \
	if (cond) passed++; \
	else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

/* A byte source over memory that returns at most `chunk` bytes per read */
typedef struct Src
{
	const unsigned char *p;
	size_t		len;
	size_t		pos;
	size_t		chunk;
} Src;

static ssize_t
src_read(void *arg, unsigned char *buf, size_t len, char *errbuf, size_t errlen)
{
	Src		   *s = arg;
	size_t		n = s->len - s->pos;

	(void) errbuf;
	(void) errlen;
	if (n > len)
		n = len;
	if (n > s->chunk)
		n = s->chunk;
	memcpy(buf, s->p + s->pos, n);
	s->pos += n;
	return (ssize_t) n;
}

/* gzip-compress into a malloc'd buffer */
static unsigned char *
gz(const char *text, size_t len, size_t *outlen)
{
	z_stream	zs;
	size_t		cap = len + 1024;
	unsigned char *out = malloc(cap);

	memset(&zs, 0, sizeof(zs));
	deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	zs.next_in = (unsigned char *) text;
	zs.avail_in = (uInt) len;
	zs.next_out = out;
	zs.avail_out = (uInt) cap;
	deflate(&zs, Z_FINISH);
	*outlen = zs.total_out;
	deflateEnd(&zs);
	return out;
}

typedef struct Result
{
	int			rc;				/* last return of core_record_reader_next */
	int			nrecords;
	int			nproblems;
	char		names[512];		/* eventName of each record, comma-separated */
	int			indexes[16];
	unsigned long long offsets[16];
	char		errmsg[CORE_ERRLEN];
	unsigned long long err_offset;
	CoreError	err_code;		/* from core_record_reader_error */
	int			err_record;
	char		first_problem[200];
	CoreError	first_problem_code;
	RecordReaderStats stats;	/* at the end (or the error) */
} Result;

/*
 * With reuse set, one reader reads every input in turn (restarted, as a
 * scan does from file to file) instead of a fresh one per input: every
 * test must give the same answers either way.
 */
static bool reuse = false;
static RecordReader shared;
static bool shared_ready = false;
static size_t shared_max;

/*
 * The one-call inflater's limit for every reader of the tests: 0 (zlib
 * streams all), or what the reader sets by default.  The reader tests run
 * with both.
 */
static size_t inflate_limit = GZIP_WHOLE_DEFAULT_LIMIT;

/* Read every record from a source */
static Result
read_all_from(CoreReadFn read, void *arg, size_t max_record)
{
	RecordReader local;
	RecordReader *rrp = reuse ? &shared : &local;
	EventRecord rec;
	Result		res;

#define rr (*rrp)
	memset(&res, 0, sizeof(res));
	if (reuse && shared_ready && shared_max != max_record)
	{
		core_record_reader_end(&shared);
		shared_ready = false;
	}
	if (reuse && shared_ready)
		core_record_reader_restart(&rr, read, arg);
	else
		core_record_reader_init(&rr, read, arg, &core_malloc_allocator, max_record, 64);
	core_record_reader_set_inflate_limit(&rr, inflate_limit);
	shared_ready = reuse;
	shared_max = max_record;
	while ((res.rc = core_record_reader_next(&rr, &rec)) == 1)
	{
		if (rec.problem)
		{
			if (res.nproblems++ == 0)
			{
				snprintf(res.first_problem, sizeof(res.first_problem), "%s", rec.problem);
				res.first_problem_code = rec.error;
			}
			continue;
		}
		{
			RecordFields f;
			char		name[64];

			core_record_scan(rec.data, rec.len, &f);
			if (f.f[RF_EVENT_NAME].type == JT_STRING)
				core_json_string_decode(f.f[RF_EVENT_NAME], name);
			else
				strcpy(name, "-");
			if (res.nrecords < 16)
			{
				res.indexes[res.nrecords] = rec.index;
				res.offsets[res.nrecords] = rec.offset;
			}
			res.nrecords++;
			if (strlen(res.names) + strlen(name) + 2 < sizeof(res.names))
			{
				if (res.names[0])
					strcat(res.names, ",");
				strcat(res.names, name);
			}
		}
	}
	{
		RecordReaderError err;

		res.err_code = core_record_reader_error(&rr, &err);
		CHECK(err.code == res.err_code && (res.rc < 0) == (res.err_code != CORE_OK),
			  "core_record_reader_error after rc %d: %d", res.rc, (int) err.code);
		snprintf(res.errmsg, sizeof(res.errmsg), "%s", err.detail);
		res.err_offset = err.offset;
		res.err_record = err.record;
	}
	core_record_reader_stats(&rr, &res.stats);
	if (!reuse)
		core_record_reader_end(&rr);
	return res;
#undef rr
}

/* Read every record of an input, fed in chunks of `chunk` bytes */
static Result
read_all(const unsigned char *data, size_t len, size_t chunk, size_t max_record)
{
	static Src	src;

	src = (Src) {data, len, 0, chunk};
	return read_all_from(src_read, &src, max_record);
}

#define R(name) "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-05-01T10:00:00Z\",\"eventName\":\"" name "\"}"

static const size_t chunks[] = {1, 2, 3, 7, 64, 1 << 20};

/* The same records come out whatever the read chunking */
static void
test_shapes(void)
{
	static const struct
	{
		const char *input;
		const char *names;
	}			cases[] = {
		{"{\"Records\":[" R("A") "," R("B") "]}", "A,B"},
		{"  {\"Foo\":[1,{\"Records\":[]}],\"Records\":[" R("A") "],\"Bar\":{\"x\":\"}\"}}  ", "A"},
		{R("A") "\n" R("B") "\n\n" R("C"), "A,B,C"},
		{R("Single"), "Single"},
		{"[" R("A") "," R("B") "]", "A,B"},
		{"{\"Events\":[{\"EventId\":\"1\",\"CloudTrailEvent\":\"{\\\"eventVersion\\\":\\\"1.0\\\",\\\"eventTime\\\":\\\"x\\\",\\\"eventName\\\":\\\"L\\\\u00e9\\\"}\"}],\"NextToken\":\"n\"}", "L\xc3\xa9"},
		{"{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":" R("EB") "}", "EB"},
		{"\xef\xbb\xbf{\"Records\":[" R("Bom") "]}", "Bom"},
		{"{\"Records\":[]}", ""},
		{"{\"awsAccountId\":\"1\",\"digestStartTime\":\"x\",\"logFiles\":[]}", ""},
		{"{\"Records\":[{\"eventVersion\":\"1.0\",\"eventName\":\"Esc\\\"}\",\"x\":[\"]\",\"\\\\\"]}]}", "Esc\"}"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++)
		{
			Result		r = read_all((const unsigned char *) cases[i].input,
									 strlen(cases[i].input), chunks[c], 1 << 20);

			CHECK(r.rc == 0 && r.nproblems == 0 && strcmp(r.names, cases[i].names) == 0,
				  "shape %zu chunk %zu: rc=%d problems=%d names=\"%s\" want \"%s\" err=%s",
				  i, chunks[c], r.rc, r.nproblems, r.names, cases[i].names, r.errmsg);
		}
}

/* Record index and byte offset are the record's place in the input */
static void
test_offsets(void)
{
	const char *in = "{\"Records\":[" R("A") ",  " R("B") "]}";
	Result		r = read_all((const unsigned char *) in, strlen(in), 5, 1 << 20);
	size_t		off_b = strstr(in, ",  {") - in + 3;

	CHECK(r.nrecords == 2 && r.indexes[0] == 0 && r.indexes[1] == 1, "indexes");
	CHECK(r.offsets[0] == 12 && r.offsets[1] == off_b,
		  "offsets %llu %llu want 12 %zu", r.offsets[0], r.offsets[1], off_b);
}

/* Gzip: single member, multi-member, truncated, corrupt, trailing garbage */
static void
test_gzip(void)
{
	const char *a = "{\"Records\":[" R("A") "]}";
	const char *b = "{\"Records\":[" R("B") "," R("C") "]}";
	size_t		la,
				lb;
	unsigned char *ga = gz(a, strlen(a), &la);
	unsigned char *gb = gz(b, strlen(b), &lb);
	unsigned char *multi = malloc(la + lb + 8);
	Result		r;

	memcpy(multi, ga, la);
	memcpy(multi + la, gb, lb);
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++)
	{
		r = read_all(ga, la, chunks[c], 1 << 20);
		CHECK(r.rc == 0 && strcmp(r.names, "A") == 0, "gzip chunk %zu: %s %s", chunks[c], r.names, r.errmsg);
		r = read_all(multi, la + lb, chunks[c], 1 << 20);
		CHECK(r.rc == 0 && strcmp(r.names, "A,B,C") == 0, "multi-member chunk %zu: %s %s", chunks[c], r.names, r.errmsg);
	}
	r = read_all(multi, la + lb - 5, 64, 1 << 20);
	CHECK(r.rc < 0 && strstr(r.errmsg, "truncated") != NULL && strcmp(r.names, "A,B,C") == 0 &&
		  r.err_code == CORE_ERR_GZIP_TRUNCATED && r.err_record == 3,
		  "truncated: rc=%d %s names=%s code=%d record=%d", r.rc, r.errmsg, r.names,
		  (int) r.err_code, r.err_record);
	multi[la + lb / 2] ^= 0x55;
	r = read_all(multi, la + lb, 64, 1 << 20);
	CHECK(r.rc < 0 && strstr(r.errmsg, "corrupt gzip") != NULL && r.err_code == CORE_ERR_GZIP_CORRUPT,
		  "corrupt: rc=%d %s code=%d", r.rc, r.errmsg, (int) r.err_code);
	multi[la + lb / 2] ^= 0x55;
	memcpy(multi + la + lb, "junk", 4);
	r = read_all(multi, la + lb + 4, 64, 1 << 20);
	CHECK(r.rc < 0 && strstr(r.errmsg, "after the end of the gzip stream") != NULL &&
		  r.err_code == CORE_ERR_GZIP_TRAILING_DATA, "trailing: %s code=%d", r.errmsg, (int) r.err_code);
	memset(multi + la + lb, 0, 8);
	r = read_all(multi, la + lb + 8, 64, 1 << 20);
	CHECK(r.rc == 0 && strcmp(r.names, "A,B,C") == 0, "zero padding: %s", r.errmsg);
	CHECK(r.stats.gzip && r.stats.raw_bytes == la + lb + 8 &&
		  r.stats.bytes == strlen(a) + strlen(b) && r.stats.documents == 2 && r.stats.items == 3,
		  "gzip stats: gzip=%d raw=%llu bytes=%llu documents=%d items=%d", r.stats.gzip,
		  (unsigned long long) r.stats.raw_bytes, (unsigned long long) r.stats.bytes,
		  r.stats.documents, r.stats.items);

	/* a trailer that does not match: CRC, then length; in either member */
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++)
	{
		static const struct
		{
			int			member;
			int			from_end;	/* byte of the member's trailer */
			const char *msg;
		}			bad[] = {
			{0, 8, "incorrect data check"}, {0, 5, "incorrect data check"},
			{0, 4, "incorrect length check"}, {1, 1, "incorrect length check"},
			{1, 7, "incorrect data check"},
		};

		for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		{
			size_t		at = (bad[k].member ? la + lb : la) - bad[k].from_end;

			multi[at] ^= 0x01;
			r = read_all(multi, la + lb, chunks[c], 1 << 20);
			multi[at] ^= 0x01;
			CHECK(r.rc < 0 && strstr(r.errmsg, bad[k].msg) != NULL &&
				  strstr(r.errmsg, bad[k].member ? "gzip member 2" : "gzip member 1") != NULL &&
				  r.err_code == CORE_ERR_GZIP_CORRUPT,
				  "trailer byte %zu, chunk %zu: rc=%d %s", at, chunks[c], r.rc, r.errmsg);
		}
	}
	free(ga);
	free(gb);
	free(multi);
}

/* core_crc32_fast against zlib's crc32: every length and alignment near the
 * folding thresholds, long buffers, chained calls */
static void
test_crc32(void)
{
	static unsigned char buf[200000];
	unsigned int seed = 7;
	int			bad = 0;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char) ((seed = seed * 1103515245 + 12345) >> 16);
	for (size_t off = 0; off < 16; off++)
		for (size_t len = 0; len < 300; len++)
			bad += core_crc32_fast(0, buf + off, len) != (uint32_t) crc32(0, buf + off, (uInt) len);
	CHECK(bad == 0, "short lengths: %d differ", bad);
	bad = 0;
	for (size_t len = sizeof(buf) - 100; len <= sizeof(buf) - 3; len++)
		bad += core_crc32_fast(0x12345678, buf + 3, len) != (uint32_t) crc32(0x12345678, buf + 3, (uInt) len);
	CHECK(bad == 0, "long buffers: %d differ", bad);
	{
		uint32_t	c = 0;

		for (size_t at = 0; at < sizeof(buf);)
		{
			size_t		n = (at * 7919) % 5000 + 1;

			if (n > sizeof(buf) - at)
				n = sizeof(buf) - at;
			c = core_crc32_fast(c, buf + at, n);
			at += n;
		}
		CHECK(c == (uint32_t) crc32(0, buf, sizeof(buf)), "chained calls");
	}
	CHECK(core_crc32_fast(0, (const unsigned char *) "123456789", 9) == 0xCBF43926u, "check value");
}

/* Syntax errors carry the offset of the first bad byte */
static void
test_errors(void)
{
	static const struct
	{
		const char *input;
		const char *msg;
		unsigned long long offset;
		CoreError	code;
	}			cases[] = {
		{"", "the input is empty", 0, CORE_ERR_EMPTY_INPUT},
		{"   ", "the input is empty", 3, CORE_ERR_EMPTY_INPUT},
		{"{\"Records\":[{\"a\":}]}", "expected a JSON value", 17, CORE_ERR_JSON_SYNTAX},
		{"{\"Records\":[{\"a\":1}", "is incomplete", 19, CORE_ERR_JSON_INCOMPLETE},
		{"{\"Records\":[]} x", "unexpected data after the end", 15, CORE_ERR_JSON_STRUCTURE},
		{"{\"Records\":{}}", "expected an array as the value of \"Records\"", 11, CORE_ERR_JSON_STRUCTURE},
		{"{\"a\":\"\x01\"}", "control character", 6, CORE_ERR_JSON_SYNTAX},
		{"{\"a\":\"\\x\"}", "invalid escape", 7, CORE_ERR_JSON_SYNTAX},
		{"{\"a\":\"\\u12G4\"}", "four hex digits", 10, CORE_ERR_JSON_SYNTAX},
		{"{\"a\":01}", "leading zero", 6, CORE_ERR_JSON_SYNTAX},
		{"{\"a\":-}", "expected a digit", 6, CORE_ERR_JSON_SYNTAX},
		{"{\"a\":1.}", "after '.'", 7, CORE_ERR_JSON_SYNTAX},
		{"{\"a\":1e}", "expected an exponent", 7, CORE_ERR_JSON_SYNTAX},
		{"{\"a\":tru}", "expected true, false or null", 8, CORE_ERR_JSON_SYNTAX},
		{"{\"a\":[1}", "unexpected '}'", 7, CORE_ERR_JSON_SYNTAX},
		{"{\"a\" 1}", "expected ':'", 5, CORE_ERR_JSON_SYNTAX},
		{"{1:2}", "expected a string as an object key", 1, CORE_ERR_JSON_SYNTAX},
		{"{\"a\":1 \"b\":2}", "expected ',' or '}'", 7, CORE_ERR_JSON_SYNTAX},
		{"[1 2]", "expected ',' or ']'", 3, CORE_ERR_JSON_SYNTAX},
		{"1", "expected a JSON object", 0, CORE_ERR_JSON_STRUCTURE},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		Result		r = read_all((const unsigned char *) cases[i].input,
								 strlen(cases[i].input), 3, 1 << 20);

		CHECK(r.rc < 0 && strstr(r.errmsg, cases[i].msg) && r.err_offset == cases[i].offset &&
			  r.err_code == cases[i].code,
			  "error case %zu: rc=%d \"%s\" at %llu code %d, want \"%s\" at %llu code %d", i, r.rc,
			  r.errmsg, r.err_offset, (int) r.err_code, cases[i].msg, cases[i].offset,
			  (int) cases[i].code);
	}
}

/* Bad items are reported and the stream goes on */
static void
test_problem_items(void)
{
	const char *in = "{\"Records\":[" R("A") ",{\"x\":1},5," R("B") "]}";
	Result		r = read_all((const unsigned char *) in, strlen(in), 4, 1 << 20);
	char		big[5000];
	char		deep[400];
	int			n;

	CHECK(r.rc == 0 && r.nrecords == 2 && r.nproblems == 2 && strcmp(r.names, "A,B") == 0,
		  "problems: rc=%d n=%d p=%d %s", r.rc, r.nrecords, r.nproblems, r.names);
	n = snprintf(big, sizeof(big), "{\"Records\":[" R("A") ",{\"eventVersion\":\"%0*d\"}," R("B") "]}", 3000, 0);
	r = read_all((const unsigned char *) big, (size_t) n, 100, 1024);
	/* the core's text names the limit, not the SQL option that set it */
	CHECK(r.rc == 0 && r.nproblems == 1 &&
		  strcmp(r.first_problem, "the record is larger than the limit of 1024 bytes") == 0 &&
		  r.first_problem_code == CORE_ERR_RECORD_TOO_LARGE &&
		  strcmp(r.names, "A,B") == 0, "oversize: %d %d %s %s", r.rc, r.nproblems, r.first_problem, r.names);
	n = snprintf(deep, sizeof(deep), "{\"Records\":[{\"eventVersion\":\"1\",\"x\":%0*d%0*d}," R("B") "]}", 100, 0, 100, 0);
	memset(deep + 36, '[', 100);
	memset(deep + 136, ']', 100);
	r = read_all((const unsigned char *) deep, (size_t) n, 7, 1 << 20);
	CHECK(r.rc == 0 && r.nproblems == 1 && strstr(r.first_problem, "too deeply") &&
		  r.first_problem_code == CORE_ERR_RECORD_TOO_DEEP &&
		  strcmp(r.names, "B") == 0, "deep: %d %d %s %s %s", r.rc, r.nproblems, r.first_problem, r.names, r.errmsg);
}

/* A byte source that fails after `fail_at` bytes */
typedef struct FailSrc
{
	Src			src;
	size_t		fail_at;
} FailSrc;

static ssize_t
fail_read(void *arg, unsigned char *buf, size_t len, char *errbuf, size_t errlen)
{
	FailSrc    *f = arg;

	if (f->src.pos >= f->fail_at)
	{
		snprintf(errbuf, errlen, "the disk caught fire");
		return -1;
	}
	if (len > f->fail_at - f->src.pos)
		len = f->fail_at - f->src.pos;
	return src_read(&f->src, buf, len, errbuf, errlen);
}

/*
 * The kinds of errors and bad records come as codes (no caller matches
 * text), counters through core_record_reader_stats, and no text of the core
 * names a SQL option
 */
static void
test_error_codes(void)
{
	char	   *key = malloc(300000);
	int			n;
	Result		r;
	const char *shapes = "[" R("A") ",5,{\"x\":1}]"
		"{\"Events\":[{\"CloudTrailEvent\":\"[1]\"},{\"CloudTrailEvent\":\"{\\\"eventVersion\\\":\\\"1.0\\\",\\\"eventTime\\\":\\\"x\\\"} {}\"},{\"x\":1}]}"
		"{\"awsAccountId\":\"1\",\"digestStartTime\":\"x\",\"logFiles\":[]}"
		"{\"detail\":{\"x\":1}}";
	static const CoreError want[] = {
		CORE_ERR_RECORD_NOT_OBJECT, CORE_ERR_NOT_A_RECORD,
		CORE_ERR_NOT_A_RECORD, CORE_ERR_EMBEDDED_JSON, CORE_ERR_NOT_A_RECORD,
		CORE_ERR_NOT_A_RECORD,
	};
	Src			src = {(const unsigned char *) shapes, strlen(shapes), 0, 7};
	RecordReader rr;
	EventRecord rec;
	RecordReaderStats stats;
	int			i = 0,
				good = 0,
				rc;

	/*
	 * a key over the limit (and the window: 256 kB) is an error of the
	 * input; the text gives the limit, no option
	 */
	n = snprintf(key, 300000, "{\"Records\":[],\"%0*d\":1}", 290000, 0);
	r = read_all((const unsigned char *) key, (size_t) n, 1 << 20, 1024);
	free(key);
	CHECK(r.rc < 0 && r.err_code == CORE_ERR_KEY_TOO_LARGE &&
		  strcmp(r.errmsg, "object key is longer than the limit of 1024 bytes") == 0,
		  "long key: rc=%d code=%d %s", r.rc, (int) r.err_code, r.errmsg);

	/* each kind of bad record has its code; digests are counted */
	core_record_reader_init(&rr, src_read, &src, &core_malloc_allocator, 1 << 20, 64);
	while ((rc = core_record_reader_next(&rr, &rec)) == 1)
	{
		if (rec.problem == NULL)
		{
			good++;
			CHECK(rec.error == CORE_OK, "good record with code %d", (int) rec.error);
			continue;
		}
		CHECK(i < (int) (sizeof(want) / sizeof(want[0])) && rec.error == want[i],
			  "bad record %d (%s): code %d", i, rec.problem, (int) rec.error);
		i++;
	}
	core_record_reader_stats(&rr, &stats);
	CHECK(rc == 0 && good == 1 && i == 6 && core_record_reader_error(&rr, NULL) == CORE_OK,
		  "bad records: rc=%d good=%d bad=%d", rc, good, i);
	CHECK(!stats.gzip && stats.documents == 4 && stats.items == 8 && stats.digests_skipped == 1 &&
		  stats.raw_bytes == strlen(shapes) && stats.bytes == strlen(shapes),
		  "stats: documents=%d items=%d digests=%d raw=%llu", stats.documents, stats.items,
		  stats.digests_skipped, (unsigned long long) stats.raw_bytes);

	/* a failing source: CORE_ERR_READ with its message, plain or gzip'd */
	for (int g = 0; g < 2; g++)
	{
		const char *text = "{\"Records\":[" R("A") "," R("B") "]}";
		size_t		len = strlen(text);
		unsigned char *zipped = g ? gz(text, len, &len) : NULL;
		FailSrc		f = {{zipped ? zipped : (const unsigned char *) text, len, 0, 5}, len / 2};
		RecordReaderError err;

		core_record_reader_restart(&rr, fail_read, &f);
		CHECK(core_record_reader_error(&rr, &err) == CORE_OK && err.detail[0] == '\0',
			  "a restart clears the error");
		while ((rc = core_record_reader_next(&rr, &rec)) == 1)
			;
		CHECK(rc < 0 && core_record_reader_error(&rr, &err) == CORE_ERR_READ &&
			  strcmp(err.detail, "the disk caught fire") == 0 && err.code == CORE_ERR_READ,
			  "failing source (gzip %d): rc=%d code=%d %s", g, rc, (int) err.code, err.detail);
		core_record_reader_stats(&rr, &stats);
		CHECK(stats.raw_bytes == len / 2 && stats.gzip == (g == 1),
			  "failing source stats: raw=%llu gzip=%d", (unsigned long long) stats.raw_bytes, stats.gzip);
		free(zipped);
	}
	core_record_reader_end(&rr);

	/* every code has its own words */
	for (int c = CORE_OK; c <= CORE_ERR_EMBEDDED_JSON; c++)
	{
		const char *d = core_error_describe((CoreError) c);

		CHECK(d && d[0] && strcmp(d, "unknown error") != 0 && strstr(d, "max_record_size") == NULL,
			  "describe %d: %s", c, d ? d : "NULL");
		for (int o = CORE_OK; o < c; o++)
			CHECK(strcmp(d, core_error_describe((CoreError) o)) != 0, "describe %d = %d", c, o);
	}
	CHECK(core_error_is_gzip(CORE_ERR_GZIP_CORRUPT) && !core_error_is_gzip(CORE_ERR_JSON_SYNTAX),
		  "core_error_is_gzip");
}

/* A Records document of n records named <prefix><i>, plus pad spaces */
static char *
records_doc(int n, const char *prefix, size_t pad)
{
	size_t		cap = 64 + (size_t) n * 160 + pad;
	char	   *doc = malloc(cap);
	size_t		len;

	len = (size_t) snprintf(doc, cap, "{\"Records\":[");
	memset(doc + len, ' ', pad);
	len += pad;
	for (int i = 0; i < n; i++)
		len += (size_t) snprintf(doc + len, cap - len, "%s{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-05-01T10:00:00Z\",\"eventName\":\"%s%d\"}",
								 i ? "," : "", prefix, i);
	snprintf(doc + len, cap - len, "]}");
	return doc;
}

/* Append the gzip of text to buf at *len */
static void
append_gz(unsigned char *buf, size_t *len, const char *text, size_t tlen)
{
	size_t		n;
	unsigned char *g = gz(text, tlen, &n);

	memcpy(buf + *len, g, n);
	*len += n;
	free(g);
}

static void
put_le32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

/* Whether two reads of one input agree; says how they differ when not */
static bool
same_result(const Result *a, const Result *b, const char *what)
{
	bool		same = a->rc == b->rc && a->nrecords == b->nrecords &&
		a->nproblems == b->nproblems && strcmp(a->names, b->names) == 0 &&
		memcmp(a->offsets, b->offsets, sizeof(a->offsets)) == 0 &&
		strcmp(a->errmsg, b->errmsg) == 0 && a->err_offset == b->err_offset &&
		a->err_code == b->err_code && a->err_record == b->err_record &&
		strcmp(a->first_problem, b->first_problem) == 0 &&
		a->stats.bytes == b->stats.bytes && a->stats.gzip == b->stats.gzip &&
		a->stats.documents == b->stats.documents && a->stats.items == b->stats.items;

	/* after a JSON error the one-call inflater has read further */
	if (a->rc == 0 || core_error_is_gzip(a->err_code) || a->err_code == CORE_ERR_READ)
		same = same && a->stats.raw_bytes == b->stats.raw_bytes;
	if (!same)
		printf("  %s: zlib rc=%d n=%d code=%d rec=%d off=%llu raw=%llu bytes=%llu \"%s\"\n"
			   "  %*s  1-call rc=%d n=%d code=%d rec=%d off=%llu raw=%llu bytes=%llu \"%s\"\n",
			   what, a->rc, a->nrecords, (int) a->err_code, a->err_record, a->err_offset,
			   (unsigned long long) a->stats.raw_bytes, (unsigned long long) a->stats.bytes, a->errmsg,
			   (int) strlen(what), "", b->rc, b->nrecords, (int) b->err_code, b->err_record, b->err_offset,
			   (unsigned long long) b->stats.raw_bytes, (unsigned long long) b->stats.bytes, b->errmsg);
	return same;
}

/*
 * Hostile gzip input, read by zlib streaming alone and by the one-call
 * inflater (at the default limit and at a small one that sends some members
 * back to zlib): the same rows, errors, offsets and counts, whatever the
 * read sizes.  Without libdeflate in the build both are zlib.
 */
static void
test_inflaters_agree(void)
{
	enum
	{
		NCASES = 32
	};
	static const size_t read_sizes[] = {1, 7, 4096, 1 << 20};
	static const size_t limits[] = {4096, GZIP_WHOLE_DEFAULT_LIMIT};
	unsigned char *buf[NCASES];
	size_t		len[NCASES];
	const char *name[NCASES];
	char	   *small = records_doc(3, "S", 0);
	char	   *big = records_doc(100, "B", 0);	/* > 4096 bytes */
	char	   *bomb = records_doc(2, "Z", 3 << 20);
	char	   *noise = records_doc(1, "N", 0);
	int			n = 0,
				served = 0;
	size_t		l;

#define CASE(label) (name[n] = (label), buf[n] = calloc(1, 200000 + (4 << 20)), len[n] = 0, n++)
#define LAST buf[n - 1], &len[n - 1]
	CASE("one member");
	append_gz(LAST, small, strlen(small));
	CASE("three members, a big one between");
	append_gz(LAST, small, strlen(small));
	append_gz(LAST, big, strlen(big));
	append_gz(LAST, small, strlen(small));
	CASE("big member last");
	append_gz(LAST, small, strlen(small));
	append_gz(LAST, big, strlen(big));
	CASE("empty member first");
	append_gz(LAST, "", 0);
	append_gz(LAST, small, strlen(small));
	CASE("empty member last");
	append_gz(LAST, small, strlen(small));
	append_gz(LAST, "", 0);
	CASE("empty member alone");
	append_gz(LAST, "", 0);
	CASE("bomb (3 MB of spaces)");
	append_gz(LAST, bomb, strlen(bomb));
	CASE("bomb with a lying ISIZE");
	append_gz(LAST, bomb, strlen(bomb));
	put_le32(buf[n - 1] + len[n - 1] - 4, 100);
	for (int k = 0; k < 2; k++)
	{
		CASE(k ? "ISIZE too large" : "ISIZE too small");
		append_gz(LAST, small, strlen(small));
		l = len[n - 1];
		put_le32(buf[n - 1] + l - 4, (uint32_t) strlen(small) + (k ? 1000 : -1));
	}
	CASE("ISIZE too small, first of two");
	append_gz(LAST, small, strlen(small));
	put_le32(buf[n - 1] + len[n - 1] - 4, 5);
	append_gz(LAST, small, strlen(small));
	CASE("CRC wrong in the second member");
	append_gz(LAST, small, strlen(small));
	append_gz(LAST, small, strlen(small));
	buf[n - 1][len[n - 1] - 6] ^= 1;
	CASE("corrupt deflate data");
	append_gz(LAST, big, strlen(big));
	buf[n - 1][len[n - 1] / 2] ^= 0x55;
	{
		static const int cut[] = {1, 4, 5, 8, 9, 100, 0};

		for (int k = 0; k < 7; k++)
		{
			CASE("truncated");
			append_gz(LAST, small, strlen(small));
			append_gz(LAST, big, strlen(big));
			len[n - 1] -= cut[k] ? (size_t) cut[k] : len[n - 1] - 11;
		}
	}
	CASE("trailing garbage");
	append_gz(LAST, small, strlen(small));
	memcpy(buf[n - 1] + len[n - 1], "junk", 4);
	len[n - 1] += 4;
	CASE("trailing zeros");
	append_gz(LAST, small, strlen(small));
	len[n - 1] += 100;
	CASE("trailing magic alone");
	append_gz(LAST, small, strlen(small));
	memcpy(buf[n - 1] + len[n - 1], "\x1f\x8b", 2);
	len[n - 1] += 2;
	CASE("trailing byte");
	append_gz(LAST, small, strlen(small));
	buf[n - 1][len[n - 1]++] = 0x1f;
	for (int k = 0; k < 2; k++)
	{
		unsigned char *p;
		uint32_t	hcrc;

		CASE(k ? "FHCRC, wrong" : "FHCRC, right");
		append_gz(LAST, small, strlen(small));
		p = buf[n - 1];
		memmove(p + 12, p + 10, len[n - 1] - 10);
		len[n - 1] += 2;
		p[3] |= 0x02;
		hcrc = (uint32_t) crc32(0, p, 10) + (uint32_t) k;
		p[10] = hcrc & 0xff;
		p[11] = (hcrc >> 8) & 0xff;
	}
	{
		/* a record of noise: compressed, it outgrows the small limit */
		char	   *doc = malloc(70000);
		uint32_t	x = 12345;

		l = (size_t) snprintf(doc, 70000, "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventName\":\"N\",\"x\":\"");
		for (int i = 0; i < 60000; i++)
		{
			x = x * 1103515245 + 12345;
			doc[l++] = 'a' + (x >> 16) % 26;
		}
		l += (size_t) snprintf(doc + l, 70000 - l, "\"}]}");
		CASE("incompressible, past the small limit");
		append_gz(LAST, doc, l);
		append_gz(LAST, small, strlen(small));
		free(doc);
	}
	CASE("plain JSON");
	memcpy(buf[n - 1], small, strlen(small));
	len[n - 1] = strlen(small);
#undef CASE
#undef LAST

	for (int c = 0; c < n; c++)
		for (size_t r = 0; r < sizeof(read_sizes) / sizeof(read_sizes[0]); r++)
		{
			Result		zlib_only,
						one_call;

			inflate_limit = 0;
			zlib_only = read_all(buf[c], len[c], read_sizes[r], 1 << 20);
			CHECK(!zlib_only.stats.inflated_whole, "%s: limit 0 is zlib alone", name[c]);
			for (size_t k = 0; k < sizeof(limits) / sizeof(limits[0]); k++)
			{
				char		what[128];

				snprintf(what, sizeof(what), "%s, reads of %zu, limit %zu", name[c], read_sizes[r], limits[k]);
				inflate_limit = limits[k];
				one_call = read_all(buf[c], len[c], read_sizes[r], 1 << 20);
				served += one_call.stats.inflated_whole;
				CHECK(same_result(&zlib_only, &one_call, what), "%s: the inflaters disagree", what);
			}
			/* a source that fails part way: same message, same rows */
			for (int k = 1; k <= 3; k++)
			{
				FailSrc		f = {{buf[c], len[c], 0, read_sizes[r]}, len[c] * k / 4};

				inflate_limit = 0;
				zlib_only = read_all_from(fail_read, &f, 1 << 20);
				f.src.pos = 0;
				inflate_limit = GZIP_WHOLE_DEFAULT_LIMIT;
				one_call = read_all_from(fail_read, &f, 1 << 20);
				CHECK(same_result(&zlib_only, &one_call, name[c]), "%s, reads of %zu, failing at %zu: the inflaters disagree",
					  name[c], read_sizes[r], f.fail_at);
			}
		}
	/* the one-call inflater served what it can (none without libdeflate) */
	inflate_limit = GZIP_WHOLE_DEFAULT_LIMIT;
	{
		Result		r1 = read_all(buf[0], len[0], 4096, 1 << 20);

		CHECK(r1.stats.inflated_whole == core_gzip_whole_available() &&
			  strcmp(r1.names, "S0,S1,S2") == 0,
			  "one member: inflated whole %d, names %s", r1.stats.inflated_whole, r1.names);
	}
	CHECK(core_gzip_whole_available() ? served >= n * 2 : served == 0,
		  "the one-call inflater served %d reads of %d inputs", served, n);
	printf("inflaters: %s, one call served %d of %d gzip reads\n",
		   core_gzip_whole_inflater(GZIP_WHOLE_DEFAULT_LIMIT), served, n * 8);
	for (int c = 0; c < n; c++)
		free(buf[c]);
	free(small);
	free(big);
	free(bomb);
	free(noise);
}

/* String decoding and jsonb sanitizing */
static void
test_strings(void)
{
	static const struct
	{
		const char *json;
		const char *decoded;
	}			cases[] = {
		{"\"plain\"", "plain"},
		{"\"a\\u0000b\"", "a\xef\xbf\xbd" "b"},
		{"\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80"},
		{"\"x\\ud800y\"", "x\xef\xbf\xbdy"},
		{"\"x\\udc00\"", "x\xef\xbf\xbd"},
		{"\"\xc3\x28\"", "\xef\xbf\xbd("},
		{"\"\xe6\x9d\xb1\"", "\xe6\x9d\xb1"},
		{"\"\\\"\\\\\\/\\n\\t\"", "\"\\/\n\t"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		const char *j = cases[i].json;
		JsonSlice	s = core_json_slice(j, j + strlen(j));
		char		out[64];

		core_json_string_decode(s, out);
		CHECK(strcmp(out, cases[i].decoded) == 0, "decode case %zu", i);
	}
	{
		const char *in = "{\"a\":\"x\\u0000\\\\u0000\\ud800\",\"b\":\"\xff\"}";
		char		out[128];

		core_json_sanitize(in, strlen(in), out);
		CHECK(strcmp(out, "{\"a\":\"x\\ufffd\\\\u0000\\ufffd\",\"b\":\"\xef\xbf\xbd\"}") == 0,
			  "sanitize: %s", out);
		CHECK(!core_json_needs_sanitize("{\"a\":1}", 7), "needs_sanitize ascii");
	}
}

/*
 * The sixteen-byte scans (json_simd.h) against what one byte at a time
 * gives: a special sequence at every position around the block edges.
 */
static void
test_string_positions(void)
{
	static const struct
	{
		const char *json;		/* as written inside the string */
		const char *decoded;
		bool		sanitize;	/* core_json_needs_sanitize says yes */
	}			specials[] = {
		{"\\n", "\n", false},
		{"\\\"", "\"", false},
		{"\\\\", "\\", false},
		{"\xc3\xa9", "\xc3\xa9", true},
		{"\xff", "\xef\xbf\xbd", true},
		{"\\u00e9", "\xc3\xa9", true},
	};

	for (size_t k = 0; k < sizeof(specials) / sizeof(specials[0]); k++)
		for (int pos = 0; pos <= 40; pos++)
		{
			char		json[128];
			char		want[128];
			char		out[JSON_DECODE_MAX(128)];
			JsonSlice	s;
			size_t		n;

			snprintf(json, sizeof(json), "\"%.*s%s%.*s\" ,", pos,
					 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", specials[k].json,
					 40 - pos, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
			snprintf(want, sizeof(want), "%.*s%s%.*s", pos,
					 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", specials[k].decoded,
					 40 - pos, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
			s = core_json_slice(json, json + strlen(json));
			CHECK(s.type == JT_STRING && s.len == strlen(json) - 2,
				  "string end: special %zu at %d", k, pos);
			n = core_json_string_decode(s, out);
			CHECK(n == strlen(want) && strcmp(out, want) == 0,
				  "decode: special %zu at %d", k, pos);
			CHECK(core_json_needs_sanitize(json, strlen(json)) == specials[k].sanitize,
				  "needs_sanitize: special %zu at %d", k, pos);
		}
}

/* Timestamps, UUIDs and addresses */
static void
test_values(void)
{
	int64_t		t;
	unsigned char u[16];
	ParsedIp	ip;

	CHECK(core_parse_iso8601("2000-01-01T00:00:00Z", 20, &t) && t == 0, "epoch");
	CHECK(core_parse_iso8601("2018-02-14T23:55:14Z", 20, &t) && t == 571967714LL * 1000000, "seed time %lld", (long long) t);
	CHECK(core_parse_iso8601("2018-02-15T01:55:14.5+02:00", 27, &t) && t == 571967714LL * 1000000 + 500000, "offset");
	CHECK(core_parse_iso8601("20180214T235514Z", 16, &t) && t == 571967714LL * 1000000, "basic");
	CHECK(core_parse_iso8601("1999-12-31 23:59:59", 19, &t) && t == -1000000, "no zone");
	CHECK(!core_parse_iso8601("yesterday", 9, &t), "yesterday");
	CHECK(!core_parse_iso8601("2023-02-29T00:00:00Z", 20, &t), "not a leap year");
	CHECK(!core_parse_iso8601("2024-05-01T10:00:00Zjunk", 24, &t), "trailing junk");
	CHECK(!core_parse_iso8601("2024-13-01T10:00:00Z", 20, &t), "month 13");
#define LOOSE(str, expect) \
	CHECK(core_parse_timestamp_loose(str, strlen(str), &t) && t == (expect), "loose %s -> %lld", str, (long long) t)
#define SEED_USEC (571967714LL * 1000000)
	LOOSE("2018-02-14T23:55:14Z", SEED_USEC);
	LOOSE(" 2018-02-14T23:55:14Z ", SEED_USEC);
	LOOSE("1518652514", SEED_USEC);
	LOOSE("1518652514000", SEED_USEC);
	LOOSE("1518652514000000", SEED_USEC);
	LOOSE("1518652514.25", SEED_USEC + 250000);
	LOOSE("1518652514123.5", SEED_USEC + 123500);
	LOOSE("0", -946684800LL * 1000000);
	LOOSE("-1", -946684801LL * 1000000);
	LOOSE("Feb 14, 2018 11:55:14 PM", SEED_USEC);
	LOOSE("February 14, 2018 11:55:14 PM", SEED_USEC);
	LOOSE("feb 14, 2018 11:55:14 pm", SEED_USEC);
	LOOSE("Feb 14, 2018 11:55:14\xE2\x80\xAFPM", SEED_USEC);
	LOOSE("Feb 14, 2018 23:55:14", SEED_USEC);
	LOOSE("Feb 15, 2018 12:05:00 AM", 571968300LL * 1000000);
	CHECK(!core_parse_timestamp_loose("Feb 30, 2018 11:55:14 PM", 24, &t), "feb 30");
	CHECK(!core_parse_timestamp_loose("Feb 14, 2018 13:55:14 PM", 24, &t), "13 PM");
	CHECK(!core_parse_timestamp_loose("HIDDEN_DUE_TO_SECURITY_REASONS", 30, &t), "hidden");
	CHECK(!core_parse_timestamp_loose("", 0, &t), "empty");
	CHECK(!core_parse_timestamp_loose("12345678901234567890", 20, &t), "too many digits");
	CHECK(!core_parse_timestamp_loose("1518652514x", 11, &t), "trailing junk");
	CHECK(!core_parse_timestamp_loose("Fe", 2, &t), "short");
	CHECK(core_parse_uuid("17885899-6977-41be-a6a0-74bb95a78294", 36, u) && u[0] == 0x17 && u[15] == 0x94, "uuid");
	CHECK(!core_parse_uuid("EXAMPLE8-9621-4d00-b913-beca2EXAMPLE", 36, u), "doc placeholder uuid");
	CHECK(core_parse_ip("198.162.1.0", 11, &ip) && ip.family == 4 && ip.addr[1] == 162, "ipv4");
	CHECK(core_parse_ip("2001:db8::1", 11, &ip) && ip.family == 6 && ip.addr[15] == 1, "ipv6");
	CHECK(!core_parse_ip("iotanalytics.amazonaws.com", 26, &ip), "service name");
	CHECK(!core_parse_ip("AWS Internal", 12, &ip), "AWS Internal");
}

/* Field lookup, nested identity included */
static void
test_record_scan(void)
{
	const char *rec = "{\"eventVersion\":\"1.05\",\"userIdentity\":{\"type\":\"AssumedRole\","
		"\"sessionContext\":{\"attributes\":{\"mfaAuthenticated\":\"false\"},"
		"\"sessionIssuer\":{\"arn\":\"arn:aws:iam::1:role/R\"}}},\"eventTime\":\"t\","
		"\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\"},\"unknownKey\":{\"eventName\":\"no\"},"
		"\"eventName\":\"Yes\"}";
	RecordFields f;

	core_record_scan(rec, strlen(rec), &f);
	CHECK(core_json_string_is(f.f[RF_UI_TYPE], "AssumedRole"), "ui type");
	CHECK(core_json_string_is(f.f[RF_AT_MFA_AUTHENTICATED], "false"), "mfa");
	CHECK(core_json_string_is(f.f[RF_SI_ARN], "arn:aws:iam::1:role/R"), "issuer arn");
	CHECK(core_json_string_is(f.f[RF_TLS_VERSION], "TLSv1.3"), "tls");
	CHECK(core_json_string_is(f.f[RF_EVENT_NAME], "Yes"), "eventName not taken from a nested object");
	CHECK(f.f[RF_ERROR_CODE].type == JT_ABSENT, "absent");
	CHECK(strcmp(core_record_field_path(RF_AT_MFA_AUTHENTICATED),
				 "userIdentity.sessionContext.attributes.mfaAuthenticated") == 0, "path");
}

/* Pushed-down conditions: a record is left out only when it surely fails */
static bool
quals_pass(const RecordQuals *q, const char *rec)
{
	RecordFields f;

	core_record_scan(rec, strlen(rec), &f);
	return core_record_quals_may_pass(q, &f);
}

static void
test_record_quals(void)
{
	static const char *const names[] = {"CreateChannel", "DeleteDatastore"};
	static const char *const regions[] = {"eu-west-1"};
	const char *ok = "{\"eventTime\":\"2024-05-03T12:00:00Z\",\"eventName\":\"CreateChannel\","
		"\"awsRegion\":\"eu-west-1\",\"recipientAccountId\":\"111\",\"errorCode\":\"AccessDenied\"}";
	RecordQuals q;
	int64_t		t;

	memset(&q, 0, sizeof(q));
	CHECK(!core_record_quals_any(&q) && quals_pass(&q, ok), "no conditions");

	q.event_name = (StringQual) {names, 2};
	CHECK(core_record_quals_any(&q) && quals_pass(&q, ok), "name in the list");
	CHECK(!quals_pass(&q, "{\"eventName\":\"GetObject\"}"), "name not in the list");
	CHECK(!quals_pass(&q, "{\"eventName\":null}") && !quals_pass(&q, "{\"a\":1}"),
		  "NULL name never equals");
	CHECK(quals_pass(&q, "{\"eventName\":\"Create\\u0043hannel\"}"), "escaped name: typed and rechecked");
	CHECK(quals_pass(&q, "{\"eventName\":7}"), "a number: left for typing to report");
	q.event_name = (StringQual) {names, 0};
	CHECK(!quals_pass(&q, ok), "empty list: nothing");
	memset(&q, 0, sizeof(q));

	q.aws_region = (StringQual) {regions, 1};
	q.recipient_account_id = (StringQual) {names, 2};
	CHECK(!quals_pass(&q, ok), "account not in the list");
	q.recipient_account_id = (StringQual) {NULL, 0};
	CHECK(quals_pass(&q, ok), "region in the list");
	CHECK(!quals_pass(&q, "{\"awsRegion\":\"us-east-1\"}"), "other region");
	memset(&q, 0, sizeof(q));

	q.error_code = NQ_NOT_NULL;
	CHECK(quals_pass(&q, ok), "IS NOT NULL: a code");
	CHECK(!quals_pass(&q, "{\"errorCode\":null}") && !quals_pass(&q, "{\"b\":1}"),
		  "IS NOT NULL: null, absent");
	q.error_code = NQ_NULL;
	CHECK(!quals_pass(&q, ok), "IS NULL: a code");
	CHECK(quals_pass(&q, "{\"errorCode\":null}") && quals_pass(&q, "{\"b\":1}"),
		  "IS NULL: null, absent");
	CHECK(quals_pass(&q, "{\"errorCode\":5}"), "IS NULL: a number is left for typing");
	memset(&q, 0, sizeof(q));

	CHECK(core_parse_iso8601("2024-05-03T12:00:00Z", 20, &t), "parse bound");
	q.has_lo = true;
	q.lo = t;
	CHECK(quals_pass(&q, ok), ">= equal");
	q.lo_strict = true;
	CHECK(!quals_pass(&q, ok), "> equal");
	CHECK(quals_pass(&q, "{\"eventTime\":\"2024-05-03T12:00:00.001Z\"}"), "> a millisecond later");
	CHECK(!quals_pass(&q, "{\"eventTime\":\"2024-05-03T11:59:59Z\"}"), "> earlier");
	CHECK(!quals_pass(&q, "{\"eventTime\":null}"), "NULL time never compares");
	CHECK(quals_pass(&q, "{\"eventTime\":\"yesterday\"}"), "unparsable time: left for typing to report");
	q.has_lo = false;
	q.has_hi = true;
	q.hi = t;
	q.hi_strict = false;
	CHECK(quals_pass(&q, ok), "<= equal");
	q.hi_strict = true;
	CHECK(!quals_pass(&q, ok), "< equal");
	CHECK(quals_pass(&q, "{\"eventTime\":\"2024-05-03T11:59:59Z\"}"), "< earlier");
}

/* Shared credentials and config files */
static void
test_aws_ini(void)
{
	const char *creds =
		"# comment\n"
		"[default]\n"
		"aws_access_key_id = AKIDDEFAULT\n"
		"aws_secret_access_key=secret/with=equals+plus\r\n"
		"\n"
		"[audit]\n"
		"  ; indented comment\n"
		"aws_access_key_id\t=\tAKIDAUDIT  \n"
		"s3 =\n"
		"  max_concurrent_requests = 20\n"
		"aws_session_token = tok\n";
	const char *config =
		"[default]\nregion = us-east-1\n"
		"[profile audit]\nregion = eu-west-1\nrole_arn = arn:aws:iam::1:role/r\n"
		"[profile  spaced ]\nregion=ap-south-1";
	char		out[64];

	CHECK(core_aws_ini_lookup(creds, strlen(creds), "default", "aws_access_key_id", out, sizeof(out)) &&
		  strcmp(out, "AKIDDEFAULT") == 0, "default key id");
	CHECK(core_aws_ini_lookup(creds, strlen(creds), "default", "aws_secret_access_key", out, sizeof(out)) &&
		  strcmp(out, "secret/with=equals+plus") == 0, "secret with = and CRLF: %s", out);
	CHECK(core_aws_ini_lookup(creds, strlen(creds), "audit", "aws_access_key_id", out, sizeof(out)) &&
		  strcmp(out, "AKIDAUDIT") == 0, "tabs and trailing spaces");
	CHECK(core_aws_ini_lookup(creds, strlen(creds), "audit", "aws_session_token", out, sizeof(out)) &&
		  strcmp(out, "tok") == 0, "after a nested setting");
	CHECK(!core_aws_ini_lookup(creds, strlen(creds), "audit", "max_concurrent_requests", out, sizeof(out)),
		  "nested settings are not top-level keys");
	CHECK(!core_aws_ini_lookup(creds, strlen(creds), "missing", "aws_access_key_id", out, sizeof(out)),
		  "missing profile");
	CHECK(!core_aws_ini_lookup(creds, strlen(creds), "default", "aws_secret_access_key", out, 5),
		  "too long for the buffer");
	CHECK(core_aws_ini_lookup(config, strlen(config), "audit", "region", out, sizeof(out)) &&
		  strcmp(out, "eu-west-1") == 0, "[profile audit]");
	CHECK(core_aws_ini_lookup(config, strlen(config), "default", "region", out, sizeof(out)) &&
		  strcmp(out, "us-east-1") == 0, "[default] in config");
	CHECK(core_aws_ini_lookup(config, strlen(config), "spaced", "region", out, sizeof(out)) &&
		  strcmp(out, "ap-south-1") == 0, "no newline at end, spaces in header");
	CHECK(!core_aws_ini_lookup("[a\nk=v", 7, "a", "k", out, sizeof(out)), "unclosed header");
}

/* The text of the first element called name, or NULL */
static char *
xml_text(const char *doc, const char *name)
{
	AwsXmlElement el;
	char		err[CORE_ERRLEN];

	if (!core_aws_xml_find(doc, strlen(doc), name, &el))
		return NULL;
	return core_aws_xml_text(&core_malloc_allocator, &el, err, sizeof(err));
}

/* S3 listings and errors */
static void
test_aws_xml(void)
{
	const char *list =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
		"<Name>trail</Name><Prefix>AWSLogs/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>"
		"<IsTruncated>true</IsTruncated>"
		"<Contents><Key>AWSLogs/a&amp;b &lt;c&gt; &#xFC;&#252;.json.gz</Key><Size>123</Size>"
		"<ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag></Contents>"
		"<Contents><Key><![CDATA[AWSLogs/x<y>.json]]></Key><Size>0</Size></Contents>"
		"<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>"
		"<StartAfter/></ListBucketResult>";
	const char *error =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>PermanentRedirect</Code>"
		"<Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message>"
		"<Endpoint>trail.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>trail</Bucket>"
		"<RequestId>4442587FB7D0A2F9</RequestId></Error>";
	AwsXmlElement el;
	char	   *t;
	char		err[CORE_ERRLEN];
	int			n = 0;
	const char *p = list;

	while (core_aws_xml_find(p, strlen(p), "Contents", &el))
	{
		n++;
		p = el.after;
	}
	CHECK(n == 2, "two Contents, got %d", n);
	CHECK((t = xml_text(list, "Key")) && strcmp(t, "AWSLogs/a&b <c> \xc3\xbc\xc3\xbc.json.gz") == 0,
		  "entities decoded: %s", t ? t : "(null)");
	free(t);
	CHECK((t = xml_text(list, "ETag")) && strcmp(t, "\"9b2cf535f27731c974343645a3985328\"") == 0, "quot");
	free(t);
	CHECK((t = xml_text(list, "IsTruncated")) && strcmp(t, "true") == 0, "IsTruncated");
	free(t);
	CHECK((t = xml_text(list, "StartAfter")) && strcmp(t, "") == 0, "empty element");
	free(t);
	CHECK(core_aws_xml_find(list, strlen(list), "Contents", &el) &&
		  core_aws_xml_find(el.after, strlen(el.after), "Key", &el) &&
		  (t = core_aws_xml_text(&core_malloc_allocator, &el, err, sizeof(err))) &&
		  strcmp(t, "AWSLogs/x<y>.json") == 0, "CDATA");
	free(t);
	CHECK(xml_text(list, "Keys") == NULL && xml_text(list, "Ke") == NULL, "no prefix matches");
	CHECK((t = xml_text(error, "Code")) && strcmp(t, "PermanentRedirect") == 0, "error code");
	free(t);
	CHECK((t = xml_text(error, "Endpoint")) && strcmp(t, "trail.s3.eu-west-1.amazonaws.com") == 0, "endpoint");
	free(t);
	CHECK(xml_text("<Key>abc", "Key") == NULL, "unclosed");
	CHECK(xml_text("<Key", "Key") == NULL, "truncated tag");
	CHECK(core_aws_xml_find("<Key>&bogus;</Key>", 18, "Key", &el) &&
		  core_aws_xml_text(&core_malloc_allocator, &el, err, sizeof(err)) == NULL &&
		  strstr(err, "invalid character reference") != NULL, "bad entity: %s", err);
	CHECK(core_aws_xml_find("<Key>&#0;</Key>", 15, "Key", &el) &&
		  core_aws_xml_text(&core_malloc_allocator, &el, err, sizeof(err)) == NULL, "NUL reference");
	CHECK(core_aws_xml_find("<Key>&#x110000;</Key>", 21, "Key", &el) &&
		  core_aws_xml_text(&core_malloc_allocator, &el, err, sizeof(err)) == NULL, "beyond Unicode");
	CHECK(core_aws_xml_find("<Key>a<b>c</b></Key>", 20, "Key", &el) &&
		  core_aws_xml_text(&core_malloc_allocator, &el, err, sizeof(err)) == NULL &&
		  strstr(err, "unexpected markup") != NULL, "markup in text");
	CHECK(core_aws_xml_find("<Key>a<![CDATA[b", 16, "Key", &el) == false, "unterminated CDATA");
}

/* Key-layout pruning decisions */
/* The shared helpers of core.h: UTF-8, hex, surrogates, civil dates */
static void
test_core_helpers(void)
{
	static const struct
	{
		unsigned long cp;
		const char *utf8;
	}			u[] = {
		{0x24, "\x24"}, {0x7F, "\x7F"}, {0x80, "\xC2\x80"}, {0xA2, "\xC2\xA2"},
		{0x7FF, "\xDF\xBF"}, {0x800, "\xE0\xA0\x80"}, {0x20AC, "\xE2\x82\xAC"},
		{0xFFFD, "\xEF\xBF\xBD"}, {0xFFFF, "\xEF\xBF\xBF"},
		{0x10000, "\xF0\x90\x80\x80"}, {0x1F600, "\xF0\x9F\x98\x80"},
		{0x10FFFF, "\xF4\x8F\xBF\xBF"},
	};
	static const struct
	{
		int			y,
					m,
					d;
		int64_t		days;
	}			dates[] = {
		{1970, 1, 1, 0}, {1969, 12, 31, -1}, {2000, 1, 1, 10957}, {2000, 2, 29, 11016},
		{2000, 3, 1, 11017}, {2024, 5, 3, 19846}, {1900, 3, 1, -25508}, {1, 1, 1, -719162},
		{9999, 12, 31, 2932896},
	};
	const unsigned char bytes[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
	char		out[16];

	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
	{
		int			n = core_utf8_encode(u[i].cp, out);

		CHECK(n == (int) strlen(u[i].utf8) && memcmp(out, u[i].utf8, n) == 0,
			  "utf8 of U+%04lX: %d bytes", u[i].cp, n);
	}
	core_hex_encode(bytes, sizeof(bytes), out);
	CHECK(strcmp(out, "00017f80abff") == 0, "hex: %s", out);
	core_hex_encode(bytes, 0, out);
	CHECK(out[0] == '\0', "hex of nothing");
	{
		int64_t		size = -1;
		const char *bad_sizes[] = {"", "abc", "12a", "-1", "+1", " 1", "1 ", "0x10",
		"9223372036854775808", "99999999999999999999999"};

		CHECK(core_parse_size("0", &size) && size == 0, "size 0");
		CHECK(core_parse_size("9223372036854775807", &size) && size == INT64_MAX,
			  "size INT64_MAX: %lld", (long long) size);
		CHECK(core_parse_size("00123", &size) && size == 123, "size with leading zeros");
		for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++)
			CHECK(!core_parse_size(bad_sizes[i], &size), "size \"%s\" refused", bad_sizes[i]);
		CHECK(!core_parse_size(NULL, &size), "no size refused");
	}
	CHECK(core_is_high_surrogate(0xD800) && core_is_high_surrogate(0xDBFF) &&
		  !core_is_high_surrogate(0xDC00) && !core_is_high_surrogate(0xD7FF),
		  "high surrogates");
	CHECK(core_is_low_surrogate(0xDC00) && core_is_low_surrogate(0xDFFF) &&
		  !core_is_low_surrogate(0xDBFF) && !core_is_low_surrogate(0xE000),
		  "low surrogates");
	CHECK(core_surrogate_pair(0xD83D, 0xDE00) == 0x1F600 &&
		  core_surrogate_pair(0xD800, 0xDC00) == 0x10000 &&
		  core_surrogate_pair(0xDBFF, 0xDFFF) == 0x10FFFF, "surrogate pairs");
	CHECK(core_is_space(' ') && core_is_space('\t') && core_is_space('\n') &&
		  core_is_space('\r') && !core_is_space('\v') && !core_is_space('\0') &&
		  !core_is_space('x'), "JSON whitespace");
	CHECK(core_is_blank(' ') && core_is_blank('\t') && !core_is_blank('\n') &&
		  !core_is_blank('\r'), "blanks");
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		CHECK(core_days_from_civil(dates[i].y, dates[i].m, dates[i].d) == dates[i].days,
			  "days of %04d-%02d-%02d: %lld", dates[i].y, dates[i].m, dates[i].d,
			  (long long) core_days_from_civil(dates[i].y, dates[i].m, dates[i].d));
}

static void
test_digest_names(void)
{
	static const struct
	{
		const char *s;
		bool		want;
	}			cases[] = {
		{"AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2024/05/01/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240501T010000Z.json.gz", true},
		{"p/AWSLogs/o-a1b2c3d4e5/111111111111/CloudTrail-Digest/eu-west-1/2024/05/01/111111111111_CloudTrail-Digest_eu-west-1_t_us-east-1_20240501T010000Z_backfill.json.gz", true},
		{"111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240501T010000Z.json.gz", true},
		{"/tmp/x/_CloudTrail-Digest_.json.gz", true},
		{"AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/111111111111_CloudTrail_us-east-1_20240501T0010Z_abcdefabcdefabcd.json.gz", false},
		{"AWSLogs/x_CloudTrail-Digest_y/CloudTrail/a.json.gz", false},
		{"111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240501T010000Z.json", false},
		{"111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240501T010000Z.json.gz.signature", false},
		{"111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240501T010000Z.JSON.GZ", false},
		{"111111111111_CloudTrail-Digest-us-east-1.json.gz", false},
		{"dir_CloudTrail-Digest_/", false},
		{".json.gz", false},
		{"gz", false},
		{"", false},
		{"AWSLogs/111111111111/CloudTrail-Digest/", true},
		{"AWSLogs/111111111111/CloudTrail-Digest", true},
		{"CloudTrail-Digest", true},
		{"/tmp/CloudTrail-Digest-backup/AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/111111111111_CloudTrail_us-east-1_20240501T0010Z_abcdefabcdefabcd.json.gz", false},
		{"/tmp/CloudTrail-Digest/AWSLogs/111111111111/CloudTrail/", false},
		{"bucket-CloudTrail-Digest/", false},
		{"AWSLogs/111111111111/CloudTrail-Digests/", false},
	};
	char		why[300];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		snprintf(why, sizeof(why), "core_trail_path_is_digest(\"%s\") should be %s",
				 cases[i].s, cases[i].want ? "true" : "false");
		CHECK(core_trail_path_is_digest(cases[i].s) == cases[i].want, "%s", why);
	}
	CHECK(!core_trail_path_is_digest(NULL), "core_trail_path_is_digest(NULL)");
	CHECK(core_trail_name_is_digest("CloudTrail-Digest/x", 17), "a component given by length");
}

/* The keys under prefix in the order a listing walk gives them, into out */
static const char *const walk_keys[] = {
	"AWSLogs/111111111111/CloudTrail/eu-west-1/2024/05/02/b.json.gz",
	"AWSLogs/111111111111/CloudTrail/eu-west-1/2024/05/01/z.json.gz",
	"AWSLogs/111111111111/CloudTrail/eu-west-1/2024/05/01/a.json.gz",
	"AWSLogs/111111111111/CloudTrail/eu-west-1/2024/05/01-x/a.json.gz",
	"AWSLogs/111111111111/CloudTrail/eu-west-1/2024/05/stray.json.gz",
	"AWSLogs/111111111111/CloudTrail/eu-west-1/2024/05/01/deeper/c.json.gz",
	"AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/q.json.gz",
	"AWSLogs/111111111111/CloudTrail-x/eu-west-1/2024/05/01/q.json.gz",
	"AWSLogs/111111111111/zz.json.gz",
	"AWSLogs/111111111111/CloudTrail/eu-west-1/2024/05/01a.json.gz",
	"AWSLogs/222222222222/CloudTrail/eu-west-1/2024/05/01/a.json.gz",
	"AWSLogs/a.json.gz",
	"AWSLogs/o-abc123/111111111111/CloudTrail/eu-west-1/2024/05/01/a.json.gz",
	"AWSLogsX/a.json.gz",
	"top.json.gz",
};
#define NWALK (int) (sizeof(walk_keys) / sizeof(walk_keys[0]))

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static void
walk_simulated(const TrailFilter *f, const char *prefix, const char **out,
			   int *n)
{
	size_t		len = strlen(prefix);
	const char *under[NWALK];
	int			nunder = 0;
	char		prefixes[NWALK][256];
	int			nprefixes = 0;

	for (int i = 0; i < NWALK; i++)
		if (strncmp(walk_keys[i], prefix, len) == 0)
			under[nunder++] = walk_keys[i];
	if (!core_trail_prefix_needs_walk(f, prefix, len))
	{
		qsort(under, nunder, sizeof(char *), compare_strings);
		for (int i = 0; i < nunder; i++)
			out[(*n)++] = under[i];
		return;
	}
	/* a delimited level: its objects, then its prefixes, each in key order */
	qsort(under, nunder, sizeof(char *), compare_strings);
	for (int i = 0; i < nunder; i++)
	{
		const char *slash = strchr(under[i] + len, '/');

		if (slash == NULL)
			out[(*n)++] = under[i];
		else if (nprefixes == 0 ||
				 strncmp(prefixes[nprefixes - 1], under[i], slash - under[i] + 1) != 0 ||
				 prefixes[nprefixes - 1][slash - under[i] + 1] != '\0')
		{
			memcpy(prefixes[nprefixes], under[i], slash - under[i] + 1);
			prefixes[nprefixes][slash - under[i] + 1] = '\0';
			nprefixes++;
		}
	}
	qsort(prefixes, nprefixes, sizeof(prefixes[0]), (int (*) (const void *, const void *)) strcmp);
	for (int i = 0; i < nprefixes; i++)
		walk_simulated(f, prefixes[i], out, n);
}

static const TrailFilter *position_filter;
static size_t position_root;

static int
compare_positions(const void *a, const void *b)
{
	char		pa[512];
	char		pb[512];

	core_trail_walk_position(position_filter, *(const char *const *) a, position_root, pa, sizeof(pa));
	core_trail_walk_position(position_filter, *(const char *const *) b, position_root, pb, sizeof(pb));
	return strcmp(pa, pb);
}

/* Sorting keys by core_trail_walk_position gives the order the walk lists them in */
static void
check_walk_order(const TrailFilter *f, const char *root, const char *what)
{
	const char *walked[NWALK];
	const char *sorted[NWALK];
	int			nwalked = 0;
	int			nsorted = 0;
	bool		same = true;

	walk_simulated(f, root, walked, &nwalked);
	for (int i = 0; i < NWALK; i++)
		if (strncmp(walk_keys[i], root, strlen(root)) == 0)
			sorted[nsorted++] = walk_keys[i];
	position_filter = f;
	position_root = strlen(root);
	qsort(sorted, nsorted, sizeof(char *), compare_positions);
	for (int i = 0; i < nsorted && i < nwalked; i++)
		if (strcmp(sorted[i], walked[i]) != 0)
			same = false;
	CHECK(nwalked == nsorted && same, "walk positions follow the walk: %s (%d walked, %d sorted)",
		  what, nwalked, nsorted);
}

static void
test_walk_positions(void)
{
	static const char *const regions[] = {"eu-west-1"};
	TrailFilter f = {0};
	char		small[8];
	size_t		n;

	check_walk_order(&f, "", "no filter, one listing");
	check_walk_order(&f, "AWSLogs/1", "no filter, a partial root");
	f.has_days = true;
	f.first_day = (int32_t) core_days_from_civil(2024, 5, 1);
	f.last_day = (int32_t) core_days_from_civil(2024, 5, 3);
	check_walk_order(&f, "", "days: delimited to the day folders");
	check_walk_order(&f, "AWSLogs/111111111111/", "days, from an account");
	check_walk_order(&f, "AWSLogs/1", "days, from a partial segment");
	f.has_days = false;
	f.regions = regions;
	f.nregions = 1;
	CHECK(core_trail_filter_active(&f), "a region filter is active");
	check_walk_order(&f, "", "regions: delimited to the region");
	n = core_trail_walk_position(&f, "AWSLogs/111111111111/CloudTrail/eu-west-1/x.json.gz", 0, small, sizeof(small));
	CHECK(n > sizeof(small) && strlen(small) == sizeof(small) - 1, "a position cut to its buffer, NUL ended");
	n = core_trail_walk_position(&f, "AWSLogs/a.json.gz", 100, small, sizeof(small));
	CHECK(n <= 1 && strlen(small) == n, "a root longer than the key: nothing of the key left");
}

static void
test_trail_layout(void)
{
	static const char *const regions[] = {"eu-west-1"};
	static const char *const accounts[] = {"111111111111"};
	TrailFilter f = {0};
	TrailFilter none = {0};

#define MAY(pfx) core_trail_prefix_may_match(&f, pfx, strlen(pfx))
#define WALK(pfx) core_trail_prefix_needs_walk(&f, pfx, strlen(pfx))
	CHECK(core_trail_prefix_segment("AWSLogs/", 8) == TS_ROOT, "root");
	CHECK(core_trail_prefix_segment("x/AWSLogs/o-abc123/111111111111/", 32) == TS_ACCOUNT, "org account");
	CHECK(core_trail_prefix_segment("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/", 53) == TS_DAY, "day");
	CHECK(core_trail_prefix_segment("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/0", 51) == TS_MONTH,
		  "a partial segment says nothing");
	CHECK(core_trail_prefix_segment("AWSLogs/1234/", 13) == TS_UNKNOWN, "not an account");
	CHECK(core_trail_prefix_segment("AWSLogs/111111111111/CloudTrail/us-east-1/2024/13/", 50) == TS_UNKNOWN, "month 13");

	CHECK(!core_trail_filter_active(&none) && !core_trail_prefix_needs_walk(&none, "AWSLogs/", 8), "no filter, no walk");

	f.has_days = true;
	f.first_day = (int32_t) core_days_from_civil(2024, 5, 1);
	f.last_day = (int32_t) core_days_from_civil(2024, 5, 3);
	CHECK(f.first_day == 19844, "2024-05-01 is day 19844, got %d", f.first_day);
	CHECK(MAY("AWSLogs/111111111111/CloudTrail/us-east-1/2024/"), "year in range");
	CHECK(!MAY("AWSLogs/111111111111/CloudTrail/us-east-1/2023/"), "year before");
	CHECK(MAY("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/"), "month in range");
	CHECK(!MAY("AWSLogs/111111111111/CloudTrail/us-east-1/2024/04/"), "month before");
	CHECK(!MAY("AWSLogs/111111111111/CloudTrail/us-east-1/2024/06/"), "month after");
	CHECK(MAY("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/"), "first day");
	CHECK(MAY("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/03/"), "last day");
	CHECK(!MAY("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/04/"), "day after");
	CHECK(!MAY("AWSLogs/111111111111/CloudTrail/us-east-1/2024/04/30/"), "day before");
	CHECK(MAY("AWSLogs/111111111111/CloudTrail/us-east-1/2024/02/31/"), "Feb 31 is no date: kept (its month was pruned)");
	CHECK(MAY("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/32x/"), "not a day: kept");
	CHECK(MAY("logs/2023/"), "off the layout: kept");
	CHECK(!MAY("AWSLogs/111111111111/CloudTrail-Digest/"), "digests pruned");
	CHECK(WALK("") && WALK("custom/") && WALK("AWSLogs/") && WALK("AWSLogs/o-abc123/"), "walk to the layout");
	CHECK(WALK("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/"), "walk months with days");
	CHECK(!WALK("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/"), "a day is listed whole");
	CHECK(!WALK("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/x/"), "below a day");

	{
		char		after[256];

		strcpy(f.first_stamp, "20240501T1130Z");
		CHECK(core_trail_day_start_after(&f, "AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/", 53,
									after, sizeof(after)) &&
			  strcmp(after, "AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/"
					 "111111111111_CloudTrail_us-east-1_20240501T1130Z") == 0, "start-after: %s", after);
		CHECK(!core_trail_day_start_after(&f, "AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/02/", 53,
									 after, sizeof(after)), "start-after only on the first day");
		CHECK(!core_trail_day_start_after(&f, "AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/", 50,
									 after, sizeof(after)), "start-after only on a day");
		CHECK(!core_trail_day_start_after(&f, "AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/", 53,
									 after, 20), "start-after that does not fit");
		f.first_stamp[0] = '\0';
	}

	f.has_days = false;
	f.regions = regions;
	f.nregions = 1;
	f.accounts = accounts;
	f.naccounts = 1;
	CHECK(MAY("AWSLogs/111111111111/") && !MAY("AWSLogs/222222222222/"), "accounts");
	CHECK(MAY("AWSLogs/o-x1/111111111111/CloudTrail/eu-west-1/") &&
		  !MAY("AWSLogs/o-x1/111111111111/CloudTrail/us-east-1/"), "regions");
	CHECK(MAY("AWSLogs/111111111111/CloudTrail/eu-west-1/2001/01/01/"), "no days: any day");
	CHECK(WALK("AWSLogs/111111111111/CloudTrail/") && !WALK("AWSLogs/111111111111/CloudTrail/eu-west-1/"),
		  "regions only: stop walking at the region");
	f.nothing = true;
	CHECK(!MAY("AWSLogs/") && !MAY(""), "contradictory filter: nothing");
#undef MAY
#undef WALK
}

int
main(void)
{
	for (int pass = 0; pass < 4; pass++)
	{
		/* the second time through, one reader restarted for every input;
		 * the last two, zlib alone */
		reuse = pass % 2 == 1;
		inflate_limit = pass < 2 ? GZIP_WHOLE_DEFAULT_LIMIT : 0;
		test_shapes();
		test_offsets();
		test_gzip();
		test_errors();
		test_problem_items();
		if (shared_ready)
			core_record_reader_end(&shared);
		shared_ready = false;
	}
	inflate_limit = GZIP_WHOLE_DEFAULT_LIMIT;
	test_error_codes();
	test_inflaters_agree();
	if (shared_ready)
		core_record_reader_end(&shared);
	reuse = false;
	test_crc32();
	test_strings();
	test_string_positions();
	test_aws_xml();
	test_trail_layout();
	test_walk_positions();
	test_digest_names();
	test_core_helpers();
	test_aws_ini();
	test_values();
	test_record_scan();
	test_record_quals();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
