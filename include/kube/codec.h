/* libkube codecs: YAML in and out the way kubectl does it, and manifest decoding.
 *
 * kubectl reads and writes YAML with go-yaml v2 behind sigs.k8s.io/yaml, so this module follows
 * go-yaml v2's rules (YAML 1.1: `yes`, `on`, `0755` and `2024-01-01` are not plain strings) rather
 * than YAML 1.2. YAML is always converted to the JSON data model: a kube_obj tree.
 *
 * Ownership: `kube_obj **out` results are owned by the caller (kube_obj_free()); documents handed
 * to a kube_doc_cb are owned by the callback; every other pointer parameter is borrowed. */
#ifndef KUBE_CODEC_H
#define KUBE_CODEC_H

#include <kube/common.h>
#include <kube/err.h>
#include <kube/buf.h>
#include <kube/obj.h>

KUBE_BEGIN_DECLS

/* ---- YAML output ---- */

typedef enum {
	/* Keep each object's insertion order instead of go-yaml's sorted key order. */
	KUBE_YAML_KEEP_ORDER = 1u << 0,
	/* Print number text verbatim. By default numbers are printed as kubectl's pipeline prints
	 * them: integers that fit int64 exactly, anything else through a Go float64 (1.0 -> 1,
	 * 1e3 -> 1000, 1234567.5 -> 1.2345675e+06). */
	KUBE_YAML_EXACT_NUMBERS = 1u << 1,
	/* Write o as an element of a top-level block sequence ("- " then the mapping indented by
	 * two), as it appears under `items:` in kubectl's List output. */
	KUBE_YAML_LIST_ITEM = 1u << 2,
} kube_yaml_write_flags;

/* Append o as one YAML document, as kubectl's `-o yaml` prints it (go-yaml v2 Marshal of the
 * object's JSON form): keys sorted go-yaml's way at every level, 2-space indent, sequences at
 * their parent key's column, `{}`/`[]` for empty containers, strings that would read back as
 * another type double-quoted, multi-line strings as `|`/`|-` blocks, long plain strings folded
 * at 80 columns, no `---`/`...` markers, and a final newline. A NULL o prints `null`.
 * flags: kube_yaml_write_flags. Failures (OOM, cap) are sticky in out; check with
 * kube_buf_check(). */
KUBE_EXTERN void kube_yaml_write(kube_buf *out, const kube_obj *o, unsigned flags);

/* Append o as a KYAML document (`kubectl -o kyaml`): a `---` line, the value, a newline. Keys
 * sorted, strings double-quoted, keys quoted only when ambiguous. Failures are sticky in out. */
KUBE_EXTERN void kube_kyaml_write(kube_buf *out, const kube_obj *o);

/* ---- YAML input ---- */

typedef enum {
	/* A key given twice in one mapping is an error, as with go-yaml's UnmarshalStrict
	 * (`yaml: unmarshal errors:\n  line N: key "a" already set in map`). Without it the last
	 * value wins, as with sigs.k8s.io/yaml.YAMLToJSON, which `kubectl apply -f` uses. */
	KUBE_YAML_STRICT = 1u << 0,
} kube_yaml_parse_flags;

/* Parse the first YAML document of s[0..len) the way sigs.k8s.io/yaml.YAMLToJSON does: plain
 * scalars resolved by go-yaml v2's rules (null, bool incl. yes/no/on/off, int incl. 0x1F, 0o17,
 * 0755, 1_000 and +1, float incl. .5 and 1e3; anything else, timestamps included, a string),
 * quoted scalars are strings, `!!str`/`!!int`/`!!float`/`!!bool`/`!!null`/`!!binary` tags are
 * honoured, anchors and aliases expanded, `<<` merge keys applied, non-string keys converted to
 * their string form (`1: a` -> "1", `yes: a` -> "true"). Integers keep their exact value; floats
 * get Go's JSON text. Later documents in s are not read, as with go-yaml.
 * On success *out is the value, or NULL when s holds no document at all (empty, or only comments);
 * an explicit `null` document gives a null kube_obj. flags: kube_yaml_parse_flags.
 * Returns 0, KUBE_EDECODE (message in go-yaml's words, e.g. `yaml: line 3: mapping values are not
 * allowed in this context`), KUBE_ENOMEM, or KUBE_EINVAL when s is NULL and len is not 0.
 * err may be NULL. */
KUBE_EXTERN int kube_yaml_parse(kube_obj **out, const char *s, size_t len, unsigned flags,
				kube_err *err);

/* Receives one decoded document; doc_take is owned by the callback (free it with kube_obj_free()).
 * index counts the documents delivered so far, from 0. Return 0 to go on; a negative kube_code
 * stops the walk and is returned by the walker, which sets err to it with a generic message
 * unless err already carries that code (so a callback may fill err through payload first). */
typedef int (*kube_doc_cb)(kube_obj *doc_take, size_t index, void *payload);

/* Walk a multi-document YAML stream as `kubectl apply -f` splits it: documents are separated by
 * lines that start with `---` (followed only by blanks or a comment), each part is parsed like
 * kube_yaml_parse() (so anchors do not cross parts, and line numbers in errors count from the
 * part's first line, as kubectl's do; a separator with nothing before it belongs to the next
 * part), and parts that are empty, only comments or `null` are skipped. Documents before an
 * error are delivered. A separator line with other text gives
 * `invalid Yaml document separator: TEXT`.
 * Returns 0, KUBE_EDECODE, KUBE_ENOMEM, or the callback's negative value. err may be NULL. */
KUBE_EXTERN int kube_yaml_parse_all(const char *s, size_t len, unsigned flags, kube_doc_cb cb,
				    void *payload, kube_err *err);

/* Decode a manifest that may be JSON or YAML, as kubectl's YAMLOrJSONDecoder does: input whose
 * first non-blank character is `{` is read as a stream of JSON values (concatenated objects are
 * fine; numbers keep their exact text), anything else as kube_yaml_parse_all() reads it. A JSON
 * stream that fails on its first or second value is read again as YAML from that value on (YAML
 * is a superset of most JSON); if YAML fails on its first document too, the JSON error is
 * reported in kubectl's words (`json: offset 15: invalid character ']' looking for beginning of
 * value`). `null` values are skipped.
 * Returns 0, KUBE_EDECODE, KUBE_ENOMEM or the callback's negative value. err may be NULL. */
KUBE_EXTERN int kube_decode_manifest(const char *s, size_t len, unsigned flags, kube_doc_cb cb,
				     void *payload, kube_err *err);

KUBE_END_DECLS
#endif
