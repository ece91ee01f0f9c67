/*
 * The random bytes SQLCipher asks OpenSSL for, taken from the operating system instead.
 *
 * SQLCipher (the bundled build of libsqlite3-sys) seeds its memory protections at
 * SQLite's first initialization, in every process and for a plain file as much as an
 * encrypted one, by asking its crypto provider for random bytes. Through OpenSSL 3 that
 * first RAND_bytes starts the whole library: it reads openssl.cnf, loads the default
 * provider, fetches the DRBG's cipher and builds the tables of every cipher and digest,
 * and at exit frees them again. `perf` on `counterpart show REF` (100,000 items) put a
 * fifth of the command's samples there (RAND_bytes_ex 18%, OPENSSL_cleanup 3%): about
 * 1.5 ms of a 7 ms command whose limit, the sqlite3 shell, takes 2.5 ms (issue 15).
 *
 * The build flag -DRAND_bytes=counterpart_rand_bytes (LIBSQLITE3_FLAGS in
 * .cargo/config.toml) renames that one call in SQLCipher's OpenSSL provider to this
 * function. It returns what RAND_bytes returns (1 on success, 0 on failure, which
 * SQLCipher reports as an error) and fills the buffer from the kernel's CSPRNG —
 * getrandom(2) on Linux, arc4random_buf on Apple's systems and the BSDs — the source
 * OpenSSL's own generator is seeded from. SQLCipher's other uses of random bytes (a new
 * file's salt, each encrypted page's IV) come here too. OpenSSL itself is then started
 * only when a key is used: the plain path never starts it. Elsewhere (Windows) the call
 * goes on to OpenSSL as before.
 */
#include <stddef.h>

#if defined(__linux__)
#include <errno.h>
#include <sys/random.h>
#include <sys/types.h>

int counterpart_rand_bytes(unsigned char *buf, int num) {
    size_t left;
    if (num < 0 || (buf == NULL && num > 0)) {
        return 0;
    }
    left = (size_t)num;
    while (left > 0) {
        ssize_t got = getrandom(buf, left, 0);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            return 0;
        }
        buf += got;
        left -= (size_t)got;
    }
    return 1;
}

#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
#include <stdlib.h>

int counterpart_rand_bytes(unsigned char *buf, int num) {
    if (num < 0 || (buf == NULL && num > 0)) {
        return 0;
    }
    arc4random_buf(buf, (size_t)num);
    return 1;
}

#else
int RAND_bytes(unsigned char *buf, int num);

int counterpart_rand_bytes(unsigned char *buf, int num) {
    return RAND_bytes(buf, num);
}
#endif
