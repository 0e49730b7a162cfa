/* Private to lib/printer/: Go's view of JSON values (what kubectl's printers get from
 * unstructured decoding) and Go's fmt rules for printing them. */
#ifndef KUBE_PRINTER_INTERNAL_H
#define KUBE_PRINTER_INTERNAL_H

#include <stdint.h>

#include <kube/printer.h>

#include "obj-internal.h"

/* A Go value as text/template and fmt see it. */
typedef enum {
	GV_INVALID = 0, /* reflect.Value{}: "<no value>" */
	GV_NIL,         /* nil interface{} (JSON null) */
	GV_BOOL,
	GV_INT,   /* Go int (template constants, len, range index) */
	GV_INT64, /* JSON integers */
	GV_UINT8, /* a byte of a string */
	GV_FLOAT, /* JSON non-integers, float constants */
	GV_STRING,
	GV_MAP,   /* map[string]interface {} */
	GV_SLICE, /* []interface {} */
} gv_kind;

typedef struct gv {
	gv_kind kind;
	bool iface;         /* static type interface {} (read from a map or a slice) */
	bool rt;            /* numbers went through a Go JSON round trip (template printer) */
	const cJSON *j;     /* GV_MAP / GV_SLICE node (and JSON scalars) */
	const cJSON *first; /* GV_SLICE: first element (sub-slices start later) */
	const char *s;      /* GV_STRING bytes */
	size_t n;           /* GV_STRING length; GV_SLICE element count */
	int64_t i;
	double f;
	bool b;
} gv;

/* true when text is a base-10 int64 (Go's strconv.ParseInt), with *i set; else *f is the
 * float64 value. */
bool kgo_number(const char *text, int64_t *i, double *f);
/* Classify a JSON node (NULL gives GV_INVALID). With rt, numbers are seen as after Go's
 * json.Marshal + Unmarshal into int64/float64 (kubectl's template printer): an integral float64
 * below 1e21 that fits becomes int64. */
void kgo_from_json_rt(gv *v, const cJSON *j, bool iface, bool rt);
static inline void kgo_from_json(gv *v, const cJSON *j, bool iface)
{
	kgo_from_json_rt(v, j, iface, false);
}
/* Go's type name of v ("int64", "map[string]interface {}"; "interface {}" when v.iface and
 * static is true). */
const char *kgo_type_name(const gv *v, bool static_type);
size_t kgo_slice_len(const gv *v);

/* Members of a JSON object sorted by key (Go's map order); caller frees *out. Returns the count
 * or (size_t)-1 on OOM. */
size_t kgo_sorted_members(const cJSON *obj, const cJSON ***out);
/* Decode one UTF-8 sequence as Go does: returns its length (>= 1 when n > 0) and *r, U+FFFD
 * for an invalid byte (length 1). */
size_t kgo_utf8_decode(const unsigned char *p, size_t n, uint32_t *r);
size_t kgo_rune_count(const char *s, size_t n);
bool kgo_is_print(uint32_t r);
void kgo_put_rune(kube_buf *b, uint32_t r);

/* strconv.Quote (ascii: QuoteToASCII); quote is '"' or '\''. */
void kgo_quote(kube_buf *b, const char *s, size_t n, bool ascii, char quote);
/* fmt %v, fmt %#v. */
void kgo_fmt_v(kube_buf *b, const gv *v);
void kgo_fmt_gosyntax(kube_buf *b, const gv *v);
/* fmt.Sprintf / Sprint / Sprintln over args. */
void kgo_sprintf(kube_buf *b, const char *fmt, size_t fmtlen, const gv *args, size_t nargs);
void kgo_sprint(kube_buf *b, const gv *args, size_t nargs, bool ln);

/* Go's encoding/json output of what kubectl decoded: sorted keys, HTML escaping, numbers
 * re-encoded from their int64/float64 value; indent > 0 is MarshalIndent with that many spaces
 * (first line not indented, depth levels deep). */
void kgo_json(kube_buf *b, const cJSON *j, int indent, int depth);

/* Forget the range state an execution left in jp (client-go's printers build a fresh parser
 * where this matters). */
void kjp_reset(kube_jsonpath *jp);

#endif
