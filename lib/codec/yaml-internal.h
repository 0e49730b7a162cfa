/* Private to lib/codec: go-yaml v2 scalar resolution, Go number formatting and go-yaml's map key
 * order, shared by the YAML reader and writer. Reimplemented from the documented and observed
 * behaviour of go.yaml.in/yaml/v2 (resolve.go, sorter.go) and Go's strconv/encoding/json. */
#ifndef KUBE_YAML_INTERNAL_H
#define KUBE_YAML_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kube/buf.h>

/* What a scalar resolves to. */
enum kube_yaml_kind {
	KUBE_YAML_STR = 0,
	KUBE_YAML_NULL,
	KUBE_YAML_BOOL,
	KUBE_YAML_INT,  /* fits int64: .i */
	KUBE_YAML_UINT, /* above INT64_MAX, fits uint64: .u */
	KUBE_YAML_FLOAT,
	KUBE_YAML_TIMESTAMP, /* decoded as the original string */
};

/* The tags go-yaml's resolver knows; anything else is KUBE_YAML_TAG_OTHER. */
enum kube_yaml_tag {
	KUBE_YAML_TAG_NONE = 0, /* no tag: implicit resolution */
	KUBE_YAML_TAG_STR,
	KUBE_YAML_TAG_BOOL,
	KUBE_YAML_TAG_INT,
	KUBE_YAML_TAG_FLOAT,
	KUBE_YAML_TAG_NULL,
	KUBE_YAML_TAG_TIMESTAMP,
	KUBE_YAML_TAG_BINARY,
	KUBE_YAML_TAG_MERGE,
	KUBE_YAML_TAG_OTHER,
};

struct kube_yaml_scalar {
	enum kube_yaml_kind kind;
	bool b;
	int64_t i;
	uint64_t u;
	double f;
};

/* Classify a full tag as libyaml reports it ("tag:yaml.org,2002:int"); NULL is NONE. */
enum kube_yaml_tag kube_yaml__tag_kind(const char *tag);
/* Short form for messages: "tag:yaml.org,2002:int" -> "!!int". */
const char *kube_yaml__tag_short(enum kube_yaml_tag t);

/* go-yaml v2 resolve() for an untagged plain scalar (tag == NONE) or one of the resolvable tags
 * (STR, BOOL, INT, FLOAT, NULL, TIMESTAMP), before the tag check. */
void kube_yaml__resolve(const char *s, size_t len, enum kube_yaml_tag tag,
			struct kube_yaml_scalar *out);
/* True when go-yaml v2's encoder asks for a plain scalar: s resolves to a string and is not a
 * YAML 1.1 base-60 float such as 1:20 (libyaml may still quote it for syntactic reasons). */
bool kube_yaml__plain_is_string(const char *s, size_t len);

/* Go strconv.FormatFloat(f, 'g', -1, bits) with go-yaml's .inf/-.inf/.nan spelling. */
void kube_yaml__put_go_float_g(kube_buf *b, double f, int bits);
/* Go encoding/json's text for a float64. f must be finite. */
void kube_yaml__put_go_json_float(kube_buf *b, double f);
/* The text kubectl's pipeline (json number -> int64/float64 -> json -> go-yaml) prints for a
 * JSON number text. */
void kube_yaml__put_go_number(kube_buf *b, const char *text);

/* A map key to sort; item is the caller's, r/n are scratch. */
struct kube_yaml_key {
	const void *item;
	const char *s;
	const uint32_t *r;
	size_t n;
};
/* Sort keys in go-yaml v2's order (sorter.go keyList.Less: letters after other runes, digit runs
 * compared as numbers). Returns false on OOM (keys untouched). */
bool kube_yaml__sort_keys(struct kube_yaml_key *keys, size_t n);

/* Whether s is valid UTF-8 in Go's sense (no surrogates, no overlongs). */
bool kube_yaml__utf8_valid(const char *s, size_t len);
/* Append s with every invalid byte replaced by U+FFFD, as Go's encoding/json does. */
void kube_yaml__put_utf8_fixed(kube_buf *b, const char *s, size_t len);

#endif
