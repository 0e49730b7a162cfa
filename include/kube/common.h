/* libkube: common definitions shared by every public header. */
#ifndef KUBE_COMMON_H
#define KUBE_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define KUBE_BEGIN_DECLS extern "C" {
#define KUBE_END_DECLS }
#else
#define KUBE_BEGIN_DECLS
#define KUBE_END_DECLS
#endif

#if defined(__GNUC__)
#define KUBE_EXTERN __attribute__((visibility("default")))
#define KUBE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KUBE_EXTERN
#define KUBE_PRINTF(f, a)
#endif

#define KUBE_VERSION_MAJOR 0
#define KUBE_VERSION_MINOR 1
#define KUBE_VERSION_PATCH 0
#define KUBE_VERSION "0.1.0"

#endif
