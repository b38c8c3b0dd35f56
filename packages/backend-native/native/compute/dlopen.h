// dlopen, dlsym and dlclose for the libraries opened at run time (blas.cc, onednn.cc).
#pragma once

#if !defined(_WIN32)
#include <dlfcn.h>
#endif

// glibc 2.34 moved dlopen & co. into libc under a new symbol version; bind the old one (still
// exported, by libdl.so.2 before 2.34 and by libc since) so the prebuilt binary also loads on
// older systems (its floor is then glibc 2.27, for powf).
#if defined(__linux__) && defined(__x86_64__) && defined(__GLIBC__)
__asm__(".symver dlopen,dlopen@GLIBC_2.2.5");
__asm__(".symver dlsym,dlsym@GLIBC_2.2.5");
__asm__(".symver dlclose,dlclose@GLIBC_2.2.5");
#endif
