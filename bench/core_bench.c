/*
 * core_bench: time the byte-level core stage by stage over log files, in one
 * thread and outside PostgreSQL, so a profiler sees the core alone.
 *
 *   core_bench MODE FILE...     MODE: inflate | split | scan
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "record_reader.h"
#include "record_scan.h"

static ssize_t
fd_read(void *arg, unsigned char *buf, size_t len, char *errbuf, size_t errlen)
{
	ssize_t		n = read(*(int *) arg, buf, len);

	if (n < 0)
		snprintf(errbuf, errlen, "read failed");
	return n;
}

int
main(int argc, char **argv)
{
	const char *mode = argv[1];
	struct timespec t0, t1;
	unsigned long long records = 0, bytes = 0, matched = 0;
	static unsigned char buf[1 << 17];
	RecordFields fields;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 2; i < argc; i++)
	{
		int			fd = open(argv[i], O_RDONLY);

		if (strcmp(mode, "inflate") == 0)
		{
			GzipStream	gz;
			ssize_t		n;

			core_gzip_stream_init(&gz, fd_read, &fd, &core_malloc_allocator, 1 << 17);
			while ((n = core_gzip_stream_read(&gz, buf, sizeof(buf))) > 0)
				bytes += n;
			core_gzip_stream_end(&gz);
		}
		else
		{
			RecordReader rr;
			RecordReaderStats stats;
			EventRecord rec;

			core_record_reader_init(&rr, fd_read, &fd, &core_malloc_allocator, 64 << 20, 512);
			while (core_record_reader_next(&rr, &rec) > 0)
			{
				records++;
				if (strcmp(mode, "scan") == 0 && rec.data)
				{
					core_record_scan_top(rec.data, rec.len, rec.members, rec.nmembers, &fields);
					if (fields.f[RF_EVENT_SOURCE].len > 0 &&
						memcmp(fields.f[RF_EVENT_SOURCE].p, "\"iotanalytics", 13) == 0)
					{
						core_record_scan_nested(&fields);
						matched++;
					}
				}
			}
			core_record_reader_stats(&rr, &stats);
			bytes += stats.bytes;
			core_record_reader_end(&rr);
		}
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%s: %.3f s, %llu bytes, %llu records, %llu matched\n", mode,
		   (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, bytes, records, matched);
	return 0;
}
