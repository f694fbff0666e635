/*
 * The floor: inflate every file named on stdin with zlib in one thread and
 * throw the bytes away.  Prints seconds and uncompressed bytes.
 *
 * With --in-memory, the files are read into memory first and only the
 * inflating is timed, with one z_stream reset between files: what zlib
 * itself costs for these files, without opening them or setting it up.
 * Small files cost more per byte there too (a deflate block's Huffman
 * tables are built per file, and they compress less).
 *
 * With --in-memory --libdeflate (built with -DHAVE_LIBDEFLATE -ldeflate),
 * the same loop inflates each file in one libdeflate call into a buffer of
 * its ISIZE, as the reader's one-call inflater does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>
#ifdef HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static int
gzread_all(void)
{
	char		path[4096];
	static unsigned char buf[1 << 20];
	unsigned long long total = 0;
	double		t0 = seconds();

	while (fgets(path, sizeof(path), stdin))
	{
		gzFile		f;
		int			n;

		path[strcspn(path, "\n")] = '\0';
		f = gzopen(path, "rb");
		if (f == NULL)
		{
			fprintf(stderr, "cannot open %s\n", path);
			return 1;
		}
		gzbuffer(f, 1 << 20);
		while ((n = gzread(f, buf, sizeof(buf))) > 0)
			total += (unsigned long long) n;
		gzclose(f);
	}
	printf("%.3f %llu\n", seconds() - t0, total);
	return 0;
}

static int
inflate_in_memory(int libdeflate)
{
	char		path[4096];
	unsigned char *all = NULL;
	size_t		used = 0,
				cap = 0,
				nfiles = 0,
				capfiles = 0;
	size_t	   *ends = NULL;
	static unsigned char out[1 << 16];
	unsigned long long total = 0;
	z_stream	z;
	double		t0;

	while (fgets(path, sizeof(path), stdin))
	{
		FILE	   *f;
		size_t		n;

		path[strcspn(path, "\n")] = '\0';
		if ((f = fopen(path, "rb")) == NULL)
		{
			fprintf(stderr, "cannot open %s\n", path);
			return 1;
		}
		for (;;)
		{
			if (cap - used < 65536)
			{
				cap = cap ? cap * 2 : 1 << 24;
				if ((all = realloc(all, cap)) == NULL)
					return 1;
			}
			if ((n = fread(all + used, 1, cap - used, f)) == 0)
				break;
			used += n;
		}
		fclose(f);
		if (nfiles == capfiles)
		{
			capfiles = capfiles ? capfiles * 2 : 1024;
			if ((ends = realloc(ends, capfiles * sizeof(size_t))) == NULL)
				return 1;
		}
		ends[nfiles++] = used;
	}
#ifdef HAVE_LIBDEFLATE
	if (libdeflate)
	{
		struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
		unsigned char *big = NULL;
		size_t		bigcap = 0;

		t0 = seconds();
		for (size_t i = 0; i < nfiles; i++)
		{
			size_t		start = i ? ends[i - 1] : 0;
			const unsigned char *t = all + ends[i] - 4;
			size_t		isize = t[0] | (size_t) t[1] << 8 | (size_t) t[2] << 16 | (size_t) t[3] << 24;
			size_t		got;

			if (isize > bigcap)
			{
				bigcap = isize * 2;
				if ((big = realloc(big, bigcap)) == NULL)
					return 1;
			}
			if (libdeflate_gzip_decompress(d, all + start, ends[i] - start, big, isize, &got) != LIBDEFLATE_SUCCESS)
			{
				fprintf(stderr, "file %zu: libdeflate failed\n", i + 1);
				return 1;
			}
			total += got;
		}
		printf("%.3f %llu\n", seconds() - t0, total);
		libdeflate_free_decompressor(d);
		return 0;
	}
#else
	if (libdeflate)
	{
		fprintf(stderr, "built without libdeflate\n");
		return 1;
	}
#endif
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return 1;
	t0 = seconds();
	for (size_t i = 0; i < nfiles; i++)
	{
		size_t		start = i ? ends[i - 1] : 0;
		int			rc;

		inflateReset(&z);
		z.next_in = all + start;
		z.avail_in = ends[i] - start;
		do
		{
			z.next_out = out;
			z.avail_out = sizeof(out);
			rc = inflate(&z, Z_NO_FLUSH);
			total += sizeof(out) - z.avail_out;
		} while (rc == Z_OK);
		if (rc != Z_STREAM_END)
		{
			fprintf(stderr, "file %zu: inflate gave %d\n", i + 1, rc);
			return 1;
		}
	}
	printf("%.3f %llu\n", seconds() - t0, total);
	inflateEnd(&z);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--in-memory") == 0)
		return inflate_in_memory(argc > 2 && strcmp(argv[2], "--libdeflate") == 0);
	return gzread_all();
}
