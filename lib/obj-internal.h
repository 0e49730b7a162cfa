/* Private: kube_obj is a cJSON node. Only lib/ sees this. */
#ifndef KUBE_OBJ_INTERNAL_H
#define KUBE_OBJ_INTERNAL_H

#include <cjson/cJSON.h>
#include <kube/obj.h>

static inline cJSON *J(kube_obj *o)
{
	return (cJSON *)o;
}
static inline const cJSON *CJ(const kube_obj *o)
{
	return (const cJSON *)o;
}
static inline kube_obj *K(cJSON *j)
{
	return (kube_obj *)j;
}
static inline const kube_obj *CK(const cJSON *j)
{
	return (const kube_obj *)j;
}

#endif
