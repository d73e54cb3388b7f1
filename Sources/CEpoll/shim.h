#ifndef ALLOT_CEPOLL_SHIM_H
#define ALLOT_CEPOLL_SHIM_H
// Glibc's Swift module does not export these headers. No feature macros are
// defined here: _GNU_SOURCE in a module shim breaks clean builds with an
// fd_set mismatch between modules, so accept4 is declared by hand instead.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>

#ifndef SOCK_NONBLOCK
#define SOCK_NONBLOCK 04000
#endif
#ifndef SOCK_CLOEXEC
#define SOCK_CLOEXEC 02000000
#endif

extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);

// ioctl is variadic, which Swift cannot call, so SIOCOUTQ is wrapped here. It
// stores the bytes of a TCP socket's send queue that the peer has not yet
// acknowledged, and returns 0, or -1 with errno set.
static inline int allot_unacknowledged_output_bytes(int fd, int *bytes) {
    return ioctl(fd, SIOCOUTQ, bytes);
}
#endif
