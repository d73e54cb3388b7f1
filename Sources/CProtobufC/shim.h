#ifndef ALLOT_CPROTOBUFC_SHIM_H
#define ALLOT_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
