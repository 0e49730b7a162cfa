/* libkube output engines used by `kubec get -o ...`: Go text/tabwriter, kubectl's JSONPath
 * dialect (client-go util/jsonpath), custom-columns and Go text/template.
 *
 * Every engine appends to a kube_buf and never prints. Objects are borrowed `const kube_obj *`
 * JSON trees; they are seen the way kubectl's printers see unstructured objects: numbers whose
 * text is a base-10 int64 are int64, every other number is a float64 (so `1e6` prints as
 * `1e+06` where Go's %v is used), maps print with sorted keys.
 *
 * Error texts: the library returns the message of the Go engine it imitates; the CLI adds the
 * kubectl prefixes. Each function says which part is whose. */
#ifndef KUBE_PRINTER_H
#define KUBE_PRINTER_H

#include <kube/common.h>
#include <kube/err.h>
#include <kube/buf.h>
#include <kube/obj.h>

KUBE_BEGIN_DECLS

/* ---- Go text/tabwriter (github.com/liggitt/tabwriter, a superset of Go's package) ----
 *
 * Text is split into cells at '\t' (and '\v', a "soft" tab); '\n' and '\f' end a line. The cells
 * of a column are the TAB-terminated cells at the same index in consecutive lines; a line with
 * fewer cells ends that column's block. Width = max(minwidth, widest cell + padding) in runes
 * (invalid UTF-8 bytes count one each). The last cell of a line is never padded, so an empty
 * last cell leaves the padding of the cell before it as trailing spaces. '\f' and lines with a
 * single cell end every block (Go flushes there). Bytes 0xff bracket escaped text. */
enum {
	KUBE_TW_FILTER_HTML = 1u << 0,     /* <tags> count 0 columns, &entities; count 1 */
	KUBE_TW_STRIP_ESCAPE = 1u << 1,    /* drop the 0xff escape bytes from the output */
	KUBE_TW_ALIGN_RIGHT = 1u << 2,     /* right-align cells (ignored with padchar '\t') */
	KUBE_TW_DISCARD_EMPTY = 1u << 3,   /* columns of empty soft-tab cells get width 0 */
	KUBE_TW_TAB_INDENT = 1u << 4,      /* pad leading empty cells with tabs */
	KUBE_TW_DEBUG = 1u << 5,           /* '|' between columns, "---" at '\f' */
	KUBE_TW_REMEMBER_WIDTHS = 1u << 6, /* column widths never shrink, even across flushes */
};

typedef struct kube_tabwriter_opts {
	int minwidth; /* minimal cell width including padding */
	int tabwidth; /* width of a tab when padding with tabs */
	int padding;  /* added to the widest cell */
	char padchar; /* 0 means ' '; '\t' pads with tabs */
	unsigned flags;
} kube_tabwriter_opts;

/* kubectl get / custom-columns (printers.GetNewTabWriter) and kubectl describe. */
#define KUBE_TABWRITER_GET_OPTS {6, 4, 3, ' ', KUBE_TW_REMEMBER_WIDTHS}
#define KUBE_TABWRITER_DESCRIBE_OPTS {0, 8, 2, ' ', 0}

typedef struct kube_tabwriter kube_tabwriter;

/* Create a tabwriter. opts is borrowed; NULL is the all-zero options (Go's NewWriter(w, 0, 0, 0,
 * ' ', 0)). Returns 0, KUBE_EINVAL (negative width) or KUBE_ENOMEM; err may be NULL. */
KUBE_EXTERN int kube_tabwriter_new(kube_tabwriter **out, const kube_tabwriter_opts *opts,
				   kube_err *err);
/* Feed text (any split: cells and UTF-8 sequences may span calls). Complete blocks are formatted
 * internally as soon as Go would flush them; nothing reaches an output until
 * kube_tabwriter_flush(). Allocation failures are sticky and reported by the next flush. */
KUBE_EXTERN void kube_tabwriter_write(kube_tabwriter *tw, const char *text, size_t len);
KUBE_EXTERN void kube_tabwriter_puts(kube_tabwriter *tw, const char *s);
/* Format everything buffered (an unterminated last line is written without a newline) and
 * append it to out. Returns 0 or KUBE_ENOMEM (the writer is reset either way). */
KUBE_EXTERN int kube_tabwriter_flush(kube_tabwriter *tw, kube_buf *out, kube_err *err);
/* Forget remembered widths (kubectl does this between the tables of `get a,b`). */
KUBE_EXTERN void kube_tabwriter_reset_widths(kube_tabwriter *tw);
KUBE_EXTERN void kube_tabwriter_free(kube_tabwriter *tw);

/* ---- Go value formatting ---- */

/* Append v as Go's fmt %v prints the value kubectl decoded from JSON: `map[a:b c:[1 x]]` (keys
 * sorted), `<nil>` for null, int64 numbers in decimal, other numbers as float64 (`1.5`,
 * `1e+06`). v is borrowed; NULL prints `<nil>`. */
KUBE_EXTERN void kube_go_format_value(kube_buf *out, const kube_obj *v);

/* ---- JSONPath (k8s.io/client-go/util/jsonpath) ----
 *
 * A template is text with {actions}: `.a.b`, `['a']`, `$`, `..`, `*`, `[n]`, `[a:b:step]`,
 * unions `[0,2]` `['a','b']`, filters `[?(@.x=="v")]` (== != < > <= >=, or existence),
 * `{range ...}...{end}`, literals `{"\n"}`, escaped dots `{.data.tls\.crt}`. Text outside
 * braces is literal (`\n` there is a backslash and an n). Several results of one action are
 * space-separated; strings print raw, numbers and bools as JSON text, null as `null`, maps and
 * arrays as compact JSON with sorted keys and Go's HTML escaping. Map members visited by `*` and
 * `..` come in sorted key order (Go's order is random). */
typedef struct kube_jsonpath kube_jsonpath;

/* Parse tmpl. name is only kept for messages. On failure err->message is client-go's parse
 * error ("unclosed action", "invalid array index \"x\"", ...); kubectl prints it as
 * `error: error parsing jsonpath <tmpl>, <message>`: the CLI adds everything before the
 * message. Returns 0, KUBE_EINVAL or KUBE_ENOMEM. Strings are borrowed. */
KUBE_EXTERN int kube_jsonpath_parse(kube_jsonpath **out, const char *name, const char *tmpl,
				    kube_err *err);
/* Missing fields print nothing when allowed (the default, as kubectl's
 * --allow-missing-template-keys=true); otherwise they fail with "<field> is not found". */
KUBE_EXTERN void kube_jsonpath_set_allow_missing_keys(kube_jsonpath *jp, bool allow);
/* jsonpath-as-json: each action prints its results as a JSON array indented by 4 spaces and
 * followed by a newline. */
KUBE_EXTERN void kube_jsonpath_set_json_output(kube_jsonpath *jp, bool on);
/* Evaluate against root and append the text to out. jp is not const: like client-go, once a
 * {range} has run, later executions resume after that range's first node (`kubectl get -w
 * -o jsonpath='{range ...}'` fails on the second object with "not in range, nothing to end").
 * On failure out is left as it was and err->message is the engine error ("nope is not found",
 * "array index out of bounds: index 5, length 3"). Returns 0, KUBE_EINVAL or KUBE_ENOMEM. */
KUBE_EXTERN int kube_jsonpath_execute(kube_jsonpath *jp, const kube_obj *root, kube_buf *out,
				      kube_err *err);
/* kubectl's JSONPathPrinter.PrintObj: like execute, but on an execution error err->message is
 * the whole text kubectl prints after `error: `: `error executing jsonpath "<tmpl>": Error
 * executing template: <engine error>. Printing more information for debugging the template:`,
 * the tab-indented template and the Go %#v dump of obj, ending in three newlines. */
KUBE_EXTERN int kube_jsonpath_print(kube_jsonpath *jp, const kube_obj *obj, kube_buf *out,
				    kube_err *err);
KUBE_EXTERN void kube_jsonpath_free(kube_jsonpath *jp);

/* The values an evaluation matched, one group per top-level node of the template (text nodes
 * give one string each; a {range} contributes the groups of each iteration). */
typedef struct kube_jsonpath_results kube_jsonpath_results;

/* Run jp on root and collect the values instead of printing them (for custom-columns and
 * --sort-by). Values are borrowed from root, from jp (literals) or from the results (bytes of a
 * string visited by `*`): keep all three alive while using them. Same errors as execute. */
KUBE_EXTERN int kube_jsonpath_find_results(kube_jsonpath_results **out, kube_jsonpath *jp,
					   const kube_obj *root, kube_err *err);
KUBE_EXTERN size_t kube_jsonpath_results_groups(const kube_jsonpath_results *r);
KUBE_EXTERN size_t kube_jsonpath_results_len(const kube_jsonpath_results *r, size_t group);
KUBE_EXTERN const kube_obj *kube_jsonpath_results_at(const kube_jsonpath_results *r,
						     size_t group, size_t i);
KUBE_EXTERN void kube_jsonpath_results_free(kube_jsonpath_results *r);

/* kubectl's RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all become
 * `{.a.b}` (appended to out); "" stays "". Fails with KUBE_EINVAL and kubectl's message
 * ("unexpected path string, expected a 'name1.name2' or ..."). */
KUBE_EXTERN int kube_jsonpath_relaxed(kube_buf *out, const char *expr, kube_err *err);

/* ---- custom-columns (kubectl get -o custom-columns=..., custom-columns-file=...) ---- */
typedef struct kube_customcols kube_customcols;

/* Parse `HDR:expr,HDR2:expr2` (split at every comma, then at the first colon); expr with or
 * without a leading '.' or braces. Messages are the whole text kubectl prints after `error: `:
 * `unexpected custom-columns spec: BAD, expected <header>:<json-path-expr>`, `custom-columns
 * format specified but no custom columns given`, or the relaxed-expression message. An
 * expression that is not valid JSONPath is reported by print_row, as kubectl does after it has
 * printed the header. Returns 0, KUBE_EINVAL or KUBE_ENOMEM. */
KUBE_EXTERN int kube_customcols_parse(kube_customcols **out, const char *spec, kube_err *err);
/* Parse the file form: a line of whitespace-separated headers, then a line of expressions
 * (further lines are ignored). text is borrowed. Messages as kubectl's ("invalid template,
 * missing header line. ...", "number of headers (2) and field specifications (1) don't
 * match"). Note: kubectl prints the header of custom-columns-file even with --no-headers. */
KUBE_EXTERN int kube_customcols_parse_file(kube_customcols **out, const char *text, size_t len,
					   kube_err *err);
KUBE_EXTERN size_t kube_customcols_count(const kube_customcols *cc);
KUBE_EXTERN const char *kube_customcols_header(const kube_customcols *cc, size_t i);
/* Write the header line into tw (the caller skips it for --no-headers). */
KUBE_EXTERN void kube_customcols_print_header(const kube_customcols *cc, kube_tabwriter *tw);
/* Write one line per object into tw: one for obj, or one per element of obj's "items" array
 * when obj is a List. Cells: results joined with ',', `<none>` when nothing matched, `<nil>` for
 * null, Go %v for everything else, ESC printed as `^[` and CR as `\r`. Errors (KUBE_EINVAL) are
 * a column's JSONPath parse error ("unterminated array") or an execution error, with the
 * messages of kube_jsonpath_parse/execute, which kubectl prints after `error: `. Lines written
 * before an error stay in tw. */
KUBE_EXTERN int kube_customcols_print_row(const kube_customcols *cc, const kube_obj *obj,
					  kube_tabwriter *tw, kube_err *err);
/* Whole printer: header (unless no_headers) and rows through a tabwriter with kubectl's
 * settings, flushed into out. */
KUBE_EXTERN int kube_customcols_print(const kube_customcols *cc, const kube_obj *obj,
				      bool no_headers, kube_buf *out, kube_err *err);
KUBE_EXTERN void kube_customcols_free(kube_customcols *cc);

/* ---- Go text/template (-o go-template=, template=, go-template-file=, templatefile=) ----
 *
 * The whole language: actions, pipelines, variables, if/else if/with/else with/range (with
 * else, break, continue, `range $i, $e :=`, range over an int), define/template/block, trim
 * markers, comments, and the builtins and, or, not, len, index, slice, print, printf, println,
 * eq, ne, lt, le, gt, ge, html, js, urlquery, call, plus kubectl's exists and base64decode.
 * Data is the object as kubectl's template printer sees it (int64/float64 numbers). Missing map
 * keys print `<no value>` (missingkey=default) unless set_missing_key_error. */
typedef struct kube_template kube_template;

/* Parse text as template `name` (kubectl uses "output"). On failure err->message is Go's parse
 * error, e.g. `template: output:1: function "foo" not defined`; kubectl prints it as
 * `error: error parsing template <text>, <message>`: the CLI adds everything before the
 * message. Returns 0, KUBE_EINVAL or KUBE_ENOMEM. Strings are borrowed. */
KUBE_EXTERN int kube_template_parse(kube_template **out, const char *name, const char *text,
				    kube_err *err);
/* --allow-missing-template-keys=false: a missing map key fails with `map has no entry for key`. */
KUBE_EXTERN void kube_template_set_missing_key_error(kube_template *t, bool on);
/* Execute with data as dot and $. Output is appended as it is produced; on an execution error
 * the partial output stays in out (as with Go) and err->message is Go's message, e.g.
 * `template: output:1:8: executing "output" at <.items.foo>: can't evaluate field foo in type
 * interface {}`. Returns 0, KUBE_EINVAL or KUBE_ENOMEM. */
KUBE_EXTERN int kube_template_execute(const kube_template *t, const kube_obj *data,
				      kube_buf *out, kube_err *err);
/* kubectl's GoTemplatePrinter.PrintObj: like execute, but on an execution error it also appends
 * kubectl's debugging text to out (`Error executing template: ... raw data was: ... object given
 * to template engine was: ...`) and err->message is `error executing template "<text>": <Go
 * message>` (what kubectl prints after `error: `). */
KUBE_EXTERN int kube_template_print(const kube_template *t, const kube_obj *obj, kube_buf *out,
				    kube_err *err);
KUBE_EXTERN void kube_template_free(kube_template *t);

KUBE_END_DECLS
#endif
