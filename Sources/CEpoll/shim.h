#ifndef ALLOT_CEPOLL_SHIM_H
#define ALLOT_CEPOLL_SHIM_H
// Glibc's Swift module does not export these headers. No feature macros are
// defined here: _GNU_SOURCE in a module shim breaks clean builds with an
// fd_set mismatch between modules, so accept4 is declared by hand instead.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#ifndef SOCK_NONBLOCK
#define SOCK_NONBLOCK 04000
#endif
#ifndef SOCK_CLOEXEC
#define SOCK_CLOEXEC 02000000
#endif

extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
#endif
