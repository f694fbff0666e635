/*
 * The floor: inflate every file named on stdin with zlib in one thread and
 * throw the bytes away.  Prints seconds and uncompressed bytes.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

int
main(void)
{
	char		path[4096];
	static unsigned char buf[1 << 20];
	unsigned long long total = 0;
	struct timespec t0,
				t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
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
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.3f %llu\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, total);
	return 0;
}
