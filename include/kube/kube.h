/* libkube umbrella header. */
#ifndef KUBE_KUBE_H
#define KUBE_KUBE_H

#include <kube/common.h>
#include <kube/err.h>
#include <kube/buf.h>
#include <kube/obj.h>
#include <kube/time.h>
#include <kube/codec.h>
#include <kube/config.h>
#include <kube/client.h>
#include <kube/discovery.h>
#include <kube/builder.h>
#include <kube/printer.h>
#include <kube/get.h>
#include <kube/kuberc.h>

#endif
