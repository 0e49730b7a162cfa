/* Reading manifests the way kubectl's `-f` does (k8s.io/cli-runtime resource builder), and the
 * aggregated errors kubectl builds while visiting them.
 *
 * - kube_manifest_load(): every -f argument is a file, a directory (its .json, .yaml and .yml
 *   files in lexical order; subdirectories only with recursive), a glob pattern, or `-` for
 *   standard input (named STDIN in messages). Each file is decoded as a stream of YAML or JSON
 *   documents (kube_decode_manifest()); empty and null documents are skipped. A file that cannot
 *   be read or parsed keeps the documents before the error and records the error, as kubectl's
 *   stream visitor does. Paths that do not exist fail the whole load before anything is read.
 * - kube_errval: kubectl's error values, a single error or an aggregate
 *   (k8s.io/apimachinery/pkg/util/errors.Aggregate), and kube_errval_format(), which renders
 *   them the way kubectl's CheckErr does.
 *
 * Ownership: a kube_manifest owns its files, sources and documents (kube_manifest_release());
 * a kube_errval owns its errors (kube_errval_release()); other pointers are borrowed. */
#ifndef KUBE_MANIFEST_H
#define KUBE_MANIFEST_H

#include <kube/common.h>
#include <kube/buf.h>
#include <kube/err.h>
#include <kube/obj.h>

KUBE_BEGIN_DECLS

/* ---- error values ---- */

typedef struct kube_errval {
	kube_err err;          /* the error itself, when !agg and err.code != 0 */
	bool agg;              /* an aggregate of v[0..n) */
	struct kube_errval *v;
	size_t n;
} kube_errval;

#define KUBE_ERRVAL_INIT {KUBE_ERR_INIT, false, NULL, 0}

/* No error at all (neither a single error nor a non-empty aggregate). */
KUBE_EXTERN bool kube_errval_empty(const kube_errval *e);
/* Make e an aggregate (if it is empty) and move err into a new element; err is reset. An
 * empty e must be used; a single error is turned into the first element. Returns 0 or
 * KUBE_ENOMEM. */
KUBE_EXTERN int kube_errval_push(kube_errval *e, kube_err *err);
/* Append child (moved, then reset) as one element of the aggregate e. */
KUBE_EXTERN int kube_errval_push_val(kube_errval *e, kube_errval *child);
/* kubectl's `if len(errs) == 1 { return errs[0] }; return NewAggregate(errs)`: an aggregate of
 * one element becomes that element. */
KUBE_EXTERN void kube_errval_collapse(kube_errval *e);
/* The first error inside e (depth first), or NULL. Borrowed. */
KUBE_EXTERN const kube_err *kube_errval_first(const kube_errval *e);
/* Aggregate.Error(): the leaves' messages deduplicated, one alone or "[a, b]". */
KUBE_EXTERN void kube_errval_message(kube_buf *out, const kube_errval *e);
/* Render e as kubectl's CheckErr does. When e comes down to one error, nothing is appended and
 * that error is returned (print it with the CLI's single-error rules: "error: ...", "Error from
 * server (Reason): ...", Invalid details). Otherwise the lines kubectl prints for an aggregate
 * are appended (each element on its own line, API errors as "Error from server (Reason): msg",
 * nested aggregates as "[a, b]", no "error: " prefix) and NULL is returned. */
KUBE_EXTERN const kube_err *kube_errval_format(const kube_errval *e, kube_buf *out);
KUBE_EXTERN void kube_errval_release(kube_errval *e);

/* ---- manifests ---- */

typedef struct kube_manifest_file {
	char *source;       /* the name kubectl uses in messages: the path, or "STDIN" */
	kube_obj **docs;    /* decoded documents, in order */
	size_t ndocs;
	bool json;          /* the input was JSON (first non-blank byte '{') */
	kube_err err;       /* why reading stopped early (err.code == 0: read completely), with
			     * kubectl's text: "error parsing SOURCE: ...", "open SOURCE: ..." */
} kube_manifest_file;

typedef struct kube_manifest {
	kube_manifest_file *files;
	size_t nfiles;
} kube_manifest;

#define KUBE_MANIFEST_INIT {NULL, 0}

typedef struct kube_manifest_opts {
	bool recursive;     /* -R: walk subdirectories */
	int stdin_fd;       /* where `-` reads from (0 = standard input) */
	size_t max_bytes;   /* per file; 0 = 256 MiB */
} kube_manifest_opts;

/* Expand and read paths[0..n). Path problems are collected first, as kubectl does before
 * reading anything: `the path "x" does not exist`, `the path "x" cannot be accessed: ...`,
 * `pattern "x" is not valid: ...`, `error reading [a b]: recognized file extensions are [.json
 * .yaml .yml]`, URLs (not supported). If there are any, nothing is read, *errs (optional) holds
 * them all and the function fails with KUBE_EINVAL (err gets the first). A file that cannot be
 * opened or parsed is not a failure: its kube_manifest_file records the error. out must be
 * KUBE_MANIFEST_INIT; release it with kube_manifest_release() in every case. */
KUBE_EXTERN int kube_manifest_load(kube_manifest *out, const char *const *paths, size_t n,
				   const kube_manifest_opts *opts, kube_errval *errs,
				   kube_err *err);

/* Read one stream (already in memory) as a manifest file named source; appended to m. A
 * decoding error is recorded in the new file, not returned. Returns 0 or KUBE_ENOMEM. */
KUBE_EXTERN int kube_manifest_add_data(kube_manifest *m, const char *source, const char *data,
				       size_t len, kube_err *err);

KUBE_EXTERN void kube_manifest_release(kube_manifest *m);

KUBE_END_DECLS
#endif
