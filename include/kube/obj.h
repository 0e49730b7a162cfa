/* kube_obj: a JSON value tree (objects keep insertion order; numbers keep their exact text).
 *
 * Ownership: a kube_obj ** out-param is owned by the caller and freed with kube_obj_free();
 * every `const kube_obj *` returned by an accessor is borrowed from its parent and lives as long
 * as the parent is neither freed nor changed. Functions named *_take adopt their argument. */
#ifndef KUBE_OBJ_H
#define KUBE_OBJ_H

#include <kube/common.h>
#include <kube/err.h>
#include <kube/buf.h>

KUBE_BEGIN_DECLS

typedef struct kube_obj kube_obj;

typedef enum {
	KUBE_OBJ_INVALID = 0,
	KUBE_OBJ_NULL,
	KUBE_OBJ_BOOL,
	KUBE_OBJ_NUMBER,
	KUBE_OBJ_STRING,
	KUBE_OBJ_ARRAY,
	KUBE_OBJ_OBJECT,
} kube_obj_type;

/* Parsing. The whole input must be one JSON value (surrounding whitespace allowed). */
KUBE_EXTERN int kube_obj_parse_json(kube_obj **out, const char *s, size_t len, kube_err *err);
KUBE_EXTERN void kube_obj_free(kube_obj *o);
KUBE_EXTERN int kube_obj_dup(kube_obj **out, const kube_obj *o, kube_err *err);

/* Construction (NULL on OOM). */
KUBE_EXTERN kube_obj *kube_obj_new_object(void);
KUBE_EXTERN kube_obj *kube_obj_new_array(void);
KUBE_EXTERN kube_obj *kube_obj_new_string(const char *s);
KUBE_EXTERN kube_obj *kube_obj_new_stringn(const char *s, size_t n);
KUBE_EXTERN kube_obj *kube_obj_new_int(int64_t v);
/* A number from its exact text ("1.5", "9007199254740993"); the text is not validated. */
KUBE_EXTERN kube_obj *kube_obj_new_number_text(const char *text);
KUBE_EXTERN kube_obj *kube_obj_new_bool(bool v);
KUBE_EXTERN kube_obj *kube_obj_new_null(void);

/* Object member set (replacing a key in place, else appended). Adopts v, even on failure.
 * Returns 0 or KUBE_ENOMEM. */
KUBE_EXTERN int kube_obj_set_take(kube_obj *o, const char *key, kube_obj *v);
KUBE_EXTERN int kube_obj_set_str(kube_obj *o, const char *key, const char *s);
/* Array append; adopts v, even on failure. */
KUBE_EXTERN int kube_obj_append_take(kube_obj *a, kube_obj *v);
/* Remove and free a member; no-op when absent. */
KUBE_EXTERN void kube_obj_remove(kube_obj *o, const char *key);
/* Detach a member from o and hand it to the caller (NULL when absent). */
KUBE_EXTERN kube_obj *kube_obj_detach(kube_obj *o, const char *key);
KUBE_EXTERN kube_obj *kube_obj_detach_at(kube_obj *a, size_t i);

/* Inspection. Every accessor accepts NULL and then returns NULL / 0 / false. */
KUBE_EXTERN kube_obj_type kube_obj_type_of(const kube_obj *o);
KUBE_EXTERN const kube_obj *kube_obj_get(const kube_obj *o, const char *key);
KUBE_EXTERN kube_obj *kube_obj_get_mut(kube_obj *o, const char *key);
/* Walk a path of member names: kube_obj_path(o, "metadata", "name", NULL). */
KUBE_EXTERN const kube_obj *kube_obj_path(const kube_obj *o, ...);
KUBE_EXTERN size_t kube_obj_len(const kube_obj *o); /* members of an object or elements */
KUBE_EXTERN const kube_obj *kube_obj_at(const kube_obj *o, size_t i);
/* Iteration: first child and next sibling, in order (objects and arrays). */
KUBE_EXTERN const kube_obj *kube_obj_first(const kube_obj *o);
KUBE_EXTERN const kube_obj *kube_obj_next(const kube_obj *o);
KUBE_EXTERN const char *kube_obj_key(const kube_obj *member); /* member name inside an object */
KUBE_EXTERN const char *kube_obj_str(const kube_obj *o);      /* string value, else NULL */
/* Number text ("80"), else NULL. */
KUBE_EXTERN const char *kube_obj_number_text(const kube_obj *o);
KUBE_EXTERN double kube_obj_double(const kube_obj *o);
/* 0 and *out set when o is a number holding an exact int64; else KUBE_EINVAL (err untouched). */
KUBE_EXTERN int kube_obj_int64(const kube_obj *o, int64_t *out);
KUBE_EXTERN bool kube_obj_bool(const kube_obj *o);
KUBE_EXTERN bool kube_obj_equal(const kube_obj *a, const kube_obj *b);
/* Shorthand: string at a path of member names, or NULL. */
KUBE_EXTERN const char *kube_obj_path_str(const kube_obj *o, ...);

#define kube_obj_foreach(child, parent)                                                            \
	for ((child) = kube_obj_first(parent); (child) != NULL; (child) = kube_obj_next(child))

/* JSON output. */
typedef enum {
	KUBE_JSON_COMPACT = 0,
	KUBE_JSON_INDENT = 1u << 0,      /* 4-space indent, as kubectl -o json */
	KUBE_JSON_SORT_KEYS = 1u << 1,   /* alphabetical member order */
	KUBE_JSON_HTML_ESCAPE = 1u << 2, /* Go's < > & U+2028 U+2029 escaping */
	KUBE_JSON_INDENT2 = 1u << 3,     /* 2-space indent (jsonpath-as-json uses 4; config uses 4) */
} kube_json_flags;
/* Append o as JSON; kubectl's `-o json` is INDENT|SORT_KEYS|HTML_ESCAPE plus a final newline,
 * which the caller adds. */
KUBE_EXTERN void kube_json_write(kube_buf *out, const kube_obj *o, unsigned flags);
/* The same, as if o were nested depth levels deep (its inner lines are indented by depth + 1
 * levels and its closing bracket by depth levels; nothing is written before its first line). */
KUBE_EXTERN void kube_json_write_at(kube_buf *out, const kube_obj *o, unsigned flags, int depth);
/* Append s as a JSON string literal. */
KUBE_EXTERN void kube_json_write_string(kube_buf *out, const char *s, size_t len, unsigned flags);

KUBE_END_DECLS
#endif
