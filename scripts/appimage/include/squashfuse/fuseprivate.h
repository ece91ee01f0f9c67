/* squashfuse 0.1.105's fuseprivate.h (BSD-2-Clause, Dave Vasilevsky), which Debian's
 * libsquashfuse-dev does not install although libsquashfuse_ll.a defines its functions;
 * sqfs_usage took two arguments then. */
#ifndef SQFS_FUSEPRIVATE_H
#define SQFS_FUSEPRIVATE_H
#include "squashfuse.h"
#include <stdbool.h>
#include <sys/statvfs.h>
#include <fuse3/fuse.h>
#include <fuse3/fuse_lowlevel.h>
int sqfs_listxattr(sqfs *fs, sqfs_inode *inode, char *buf, size_t *size);
void sqfs_usage(char *progname, bool fuse_usage);
#define sqfs_usage(progname, fuse_usage, quiet) (sqfs_usage)((progname), (fuse_usage))
typedef struct {
	char *progname;
	const char *image;
	int mountpoint;
	size_t offset;
	unsigned int idle_timeout_secs;
} sqfs_opts;
int sqfs_opt_proc(void *data, const char *arg, int key, struct fuse_args *outargs);
int sqfs_statfs(sqfs *sq, struct statvfs *st);
#endif
