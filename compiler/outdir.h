/*
 * outdir.h: the output folder of a build: its lock, and the temporary
 * files killed builds left in it.
 */
#ifndef KBC_OUTDIR_H
#define KBC_OUTDIR_H

/*
 * Take the lock file lockpath of the output folder out (flock(2): it ends
 * with its process).  While another build holds it, say which process
 * (and whether it is stopped) on stderr and wait, at most timeout seconds
 * when timeout >= 0.  A symbolic link in the lock's place is removed,
 * never followed.  Returns the descriptor to keep open, or -1 (said why).
 */
int	outdir_lock(const char *out, const char *lockpath, double timeout);
/* Remove the temporary files of killed builds.  Call with the lock held. */
void	outdir_clean(const char *out);

#endif
