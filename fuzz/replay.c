/*
 * replay.c: run a fuzz target's harness, without libFuzzer, over the
 * inputs kept in REPLAY_DIR (tests/fuzz-regress/<target>/): crashes found
 * before, now regression tests.  Built with each fuzz_*.c as a test
 * program, so that make asan replays them under the sanitizers.  Prints
 * TAP.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	DIR *d = opendir(REPLAY_DIR);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	while (d && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.') {
			names = realloc(names, (n + 1) * sizeof(*names));
			names[n++] = strdup(de->d_name);
		}
	if (d)
		closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		char path[4096];
		FILE *f;
		unsigned char *buf;
		long len;

		snprintf(path, sizeof(path), "%s/%s", REPLAY_DIR, names[i]);
		if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
		    (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
			printf("not ok %zu - cannot read %s\n", i + 1, path);
			if (f)
				fclose(f);
			continue;
		}
		buf = malloc((size_t)len + 1);
		if (fread(buf, 1, (size_t)len, f) != (size_t)len)
			len = 0;
		fclose(f);
		LLVMFuzzerTestOneInput(buf, (size_t)len);
		printf("ok %zu - %s replays cleanly\n", i + 1, path);
		free(buf);
		free(names[i]);
	}
	free(names);
	printf("1..%zu\n", n);
	return 0;
}
