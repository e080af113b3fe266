/*
 * outdir.c: the output folder of a build: its lock, and the temporary
 * files killed builds left in it.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "outdir.h"

/* Is process pid stopped (SIGSTOP, ^Z)?  Linux's /proc; elsewhere, no. */
static int
pid_stopped(long pid)
{
	char path[64], line[512], *p;
	FILE *f;
	int stopped = 0;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(line, sizeof(line), f) && (p = strrchr(line, ')')) != NULL)
		stopped = p[1] == ' ' && (p[2] == 'T' || p[2] == 't');
	fclose(f);
	return stopped;
}

/*
 * Take the output folder's lock.  It is a flock(2) lock, which ends with
 * the process that holds it: a killed build never holds it.  The file says
 * who holds it ("pid start-time"), so that a waiting build can tell, and
 * a stopped one is named, never waited for in silence.  Gives up after
 * --lock-timeout seconds.  Returns the descriptor, or -1 (said why).
 */
int
outdir_lock(const char *out, const char *lockpath, double timeout)
{
	struct timespec t0, now, nap = { 0, 50000000L };
	struct stat st;
	char who[64];
	long pid = 0;
	long long when = 0;
	int fd = -1, said = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int tries = 0; tries < 2 && fd < 0; tries++) {
		/* A symbolic link in its place is removed (never followed: it
		 * could point at any file the user may write); a FIFO would
		 * block the open without O_NONBLOCK. */
		fd = open(lockpath, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
		    0644);
		if (fd < 0 && errno == ELOOP)
			unlink(lockpath);
		else
			break;
	}
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "kbc: %s: %s\n", lockpath, fd < 0 ? strerror(errno) :
		    "not a regular file; remove it");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		ssize_t n;

		if (errno != EWOULDBLOCK && errno != EINTR) {
			fprintf(stderr, "kbc: %s: %s\n", lockpath, strerror(errno));
			close(fd);
			return -1;
		}
		if (!said) {
			char since_s[64] = "";
			time_t t;
			struct tm tm;

			if ((n = pread(fd, who, sizeof(who) - 1, 0)) > 0) {
				who[n] = '\0';
				if (sscanf(who, "%ld %lld", &pid, &when) != 2)
					pid = 0;
			}
			t = (time_t)when;
			if (pid > 0 && gmtime_r(&t, &tm))
				strftime(since_s, sizeof(since_s), " since %Y-%m-%d %H:%M:%S UTC", &tm);
			if (pid > 0)
				fprintf(stderr, "kbc: %s is locked by kbc process %ld%s%s; %s\n",
				    out, pid, since_s, pid_stopped(pid) ?
				    " (stopped: kill -CONT or kill it)" : "",
				    timeout >= 0 ? "waiting (--lock-timeout)" : "waiting");
			else
				fprintf(stderr, "kbc: %s is locked by another build; waiting\n",
				    out);
			said = 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (timeout >= 0 && (double)(now.tv_sec - t0.tv_sec) +
		    (double)(now.tv_nsec - t0.tv_nsec) / 1e9 >= timeout) {
			fprintf(stderr, "kbc: %s: still locked after %g seconds; giving up\n",
			    out, timeout);
			close(fd);
			return -1;
		}
		nanosleep(&nap, NULL);
	}
	snprintf(who, sizeof(who), "%ld %lld\n", (long)getpid(), (long long)time(NULL));
	/* Only what a waiting build prints depends on it: no error. */
	if (ftruncate(fd, 0) == 0 && pwrite(fd, who, strlen(who), 0) < 0)
		who[0] = '\0';
	return fd;
}

/*
 * Remove the temporary files of earlier builds that were killed (their
 * names are unique, so a new build never reuses one).  Called with the
 * lock held: no other build is writing them.
 */
void
outdir_clean(const char *out)
{
	static const char *const prefixes[] = { ".kb.sqlite.", ".kb.idx.", ".kbc-cache.",
	    NULL };
	DIR *d = opendir(out);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		for (int i = 0; prefixes[i]; i++)
			if (strncmp(de->d_name, prefixes[i], strlen(prefixes[i])) == 0 &&
			    n > 4 && strcmp(de->d_name + n - 4, ".tmp") == 0) {
				char p[8192];

				snprintf(p, sizeof(p), "%s/%s", out, de->d_name);
				unlink(p);	/* a link itself, never what it points to */
			}
	}
	closedir(d);
}
