#ifndef ALLOT_CZLIB_SHIM_H
#define ALLOT_CZLIB_SHIM_H
#include <zlib.h>
#endif
