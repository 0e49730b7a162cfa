/* YAML codec: kubectl's `-o yaml` output and `apply -f` input, on top of libyaml.
 *
 * go-yaml v2 (what kubectl uses through sigs.k8s.io/yaml) is a Go port of libyaml, so writing
 * drives libyaml's emitter with the scalar styles go-yaml's encoder asks for, and reading runs
 * libyaml's parser, builds a node tree as go-yaml's parser does, then decodes it the way go-yaml
 * decodes into interface{} (anchors, merge keys, resolution) and sigs.k8s.io/yaml turns that into
 * JSON (string keys, JSON numbers). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>
#include <cjson/cJSON.h>
#include <kube/codec.h>

#include "obj-internal.h"
#include "yaml-internal.h"
#include "../base64.h"
#include "banned.h"

/* go-yaml's scanner limits flow and block nesting to this depth. */
#define MAX_DEPTH 10000

/* ======================================================================================
 * Writing
 * ====================================================================================== */

struct ywriter {
	yaml_emitter_t em;
	kube_buf *out;
	unsigned flags;
	bool failed;
	bool in_key;
	size_t nmarks; /* strings given END_MARK, see fix_output() */
	size_t nbom;   /* strings starting with a BOM, rendered by go-yaml into bom */
	kube_buf bom;
	kube_buf tmp; /* scratch for repaired strings and numbers */
};

/* U+E000, appended to single-quoted strings that end in a line break (see fix_output()) */
#define END_MARK "\xee\x80\x80"

static int ywriter_output(void *data, unsigned char *buffer, size_t size)
{
	struct ywriter *w = data;

	kube_buf_put(w->out, buffer, size);
	return !w->out->failed;
}

/* yaml_emitter_emit() consumes the event, even on failure. */
static bool ywriter_emit(struct ywriter *w, yaml_event_t *ev)
{
	if (w->failed) {
		yaml_event_delete(ev);
		return false;
	}
	if (!yaml_emitter_emit(&w->em, ev))
		w->failed = true;
	return !w->failed;
}

static bool ywriter_scalar(struct ywriter *w, const char *s, size_t len, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (w->failed || len > INT32_MAX ||
	    !yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)s, (int)len, 1,
					  1, style)) {
		w->failed = true;
		return false;
	}
	return ywriter_emit(w, &ev);
}

/* kubectl prints YAML by re-reading json.Marshal output with go-yaml, and JSON leaves U+0085
 * (NEL) raw inside its double-quoted strings, where YAML folds it like a line break: blanks
 * around it go, a single NEL becomes a space and each further one a newline. */
static void fold_nel(kube_buf *b, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i, breaks = 0;

		if (s[i] != ' ' && !(s[i] == '\xc2' && i + 1 < len && s[i + 1] == '\x85')) {
			kube_buf_putc(b, s[i++]);
			continue;
		}
		for (; j < len; j++) {
			if (s[j] == '\xc2' && j + 1 < len && s[j + 1] == '\x85')
				breaks++, j++;
			else if (s[j] != ' ')
				break;
		}
		if (!breaks) {
			kube_buf_put(b, s + i, j - i);
		} else if (breaks == 1) {
			kube_buf_putc(b, ' ');
		} else {
			while (--breaks)
				kube_buf_putc(b, '\n');
		}
		i = j;
	}
}

static bool is_ls(const char *s, size_t len, size_t i)
{
	return i + 2 < len && s[i] == '\xe2' && s[i + 1] == '\x80' &&
	       (s[i + 2] == '\xa8' || s[i + 2] == '\xa9');
}

/* Length of the line break at s[i] as YAML 1.1 sees it (LF, CR, NEL, LS, PS), else 0. */
static size_t break_len(const char *s, size_t len, size_t i)
{
	if (s[i] == '\n' || s[i] == '\r')
		return 1;
	if (s[i] == '\xc2' && i + 1 < len && s[i + 1] == '\x85')
		return 2;
	return is_ls(s, len, i) ? 3 : 0;
}

/* libyaml's is_printable for the (valid UTF-8) character at s[i]. */
static bool yaml_printable(const unsigned char *s, size_t len, size_t i)
{
	unsigned char c = s[i], c1 = i + 1 < len ? s[i + 1] : 0, c2 = i + 2 < len ? s[i + 2] : 0;

	if (c < 0x80)
		return c == 0x0a || (c >= 0x20 && c <= 0x7e);
	if (c == 0xc2)
		return c1 >= 0xa0;
	if (c > 0xc2 && c < 0xed)
		return true;
	if (c == 0xed)
		return c1 < 0xa0;
	if (c == 0xee)
		return true;
	if (c == 0xef)
		return !(c1 == 0xbb && c2 == 0xbf) && !(c1 == 0xbf && (c2 == 0xbe || c2 == 0xbf));
	return false;
}

/* Would libyaml's analysis of s allow single quotes (no special character, no blank next to a
 * line break)? */
static bool single_quote_ok(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, k;
	bool prev_space = false, prev_break = false;

	for (i = 0; i < len; i += k) {
		size_t bl = break_len(s, len, i);

		k = u[i] < 0x80 ? 1 : u[i] < 0xe0 ? 2 : u[i] < 0xf0 ? 3 : 4;
		if (s[i] == '\r' || bl == 2 || (!bl && !yaml_printable(u, len, i)))
			return false; /* CR and NEL are not printable either */
		if (s[i] == ' ') {
			if (prev_break)
				return false;
			prev_space = true;
			prev_break = false;
		} else if (bl) {
			if (prev_space)
				return false;
			prev_space = false;
			prev_break = true;
		} else {
			prev_space = prev_break = false;
		}
	}
	return true;
}

static bool multiline(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (break_len(s, len, i))
			return true;
	return false;
}

/* go-yaml's double-quoted writer tests for a BOM at the start of the value instead of at each
 * character, so a string that starts with U+FEFF gets every character escaped. */
static void go_escape_all(kube_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	kube_buf_putc(b, '"');
	while (p < end) {
		uint32_t v;
		int k, w;

		if (*p < 0x80) {
			v = *p;
			w = 1;
		} else if (*p < 0xe0) {
			v = *p & 0x1f;
			w = 2;
		} else if (*p < 0xf0) {
			v = *p & 0x0f;
			w = 3;
		} else {
			v = *p & 0x07;
			w = 4;
		}
		for (k = 1; k < w && p + k < end; k++)
			v = (v << 6) | (p[k] & 0x3f);
		p += w;
		kube_buf_putc(b, '\\');
		switch (v) {
		case 0x00: kube_buf_putc(b, '0'); continue;
		case 0x07: kube_buf_putc(b, 'a'); continue;
		case 0x08: kube_buf_putc(b, 'b'); continue;
		case 0x09: kube_buf_putc(b, 't'); continue;
		case 0x0a: kube_buf_putc(b, 'n'); continue;
		case 0x0b: kube_buf_putc(b, 'v'); continue;
		case 0x0c: kube_buf_putc(b, 'f'); continue;
		case 0x0d: kube_buf_putc(b, 'r'); continue;
		case 0x1b: kube_buf_putc(b, 'e'); continue;
		case 0x22: kube_buf_putc(b, '"'); continue;
		case 0x5c: kube_buf_putc(b, '\\'); continue;
		case 0x85: kube_buf_putc(b, 'N'); continue;
		case 0xa0: kube_buf_putc(b, '_'); continue;
		case 0x2028: kube_buf_putc(b, 'L'); continue;
		case 0x2029: kube_buf_putc(b, 'P'); continue;
		}
		if (v <= 0xff) {
			kube_buf_putc(b, 'x');
			w = 2;
		} else if (v <= 0xffff) {
			kube_buf_putc(b, 'u');
			w = 4;
		} else {
			kube_buf_putc(b, 'U');
			w = 8;
		}
		for (k = (w - 1) * 4; k >= 0; k -= 4)
			kube_buf_putc(b, hex[(v >> k) & 15]);
	}
	kube_buf_putc(b, '"');
}

/* Emit a string starting with a BOM: libyaml writes a placeholder `"\uFEFFK<n>K..."` that
 * fix_output() replaces with go-yaml's rendering. For a key the placeholder keeps go-yaml's
 * choice between a simple and a `? ` key and, for a simple one, its width. */
static bool ywriter_bom_string(struct ywriter *w, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = w->bom.len, glen, cur, i, k;

	/* nothing to do when libyaml escapes every character as well */
	for (i = 0; i < len; i += k) {
		k = u[i] < 0x80 ? 1 : u[i] < 0xe0 ? 2 : u[i] < 0xf0 ? 3 : 4;
		if (yaml_printable(u, len, i) && !break_len(s, len, i) && s[i] != '"' &&
		    s[i] != '\\')
			break;
	}
	if (i >= len)
		return ywriter_scalar(w, s, len, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	go_escape_all(&w->bom, s, len);
	kube_buf_putc(&w->bom, '\0');
	glen = w->bom.len - start - 1;
	kube_buf_truncate(&w->tmp, 0);
	kube_buf_printf(&w->tmp, "\xef\xbb\xbfK%zuK", w->nbom++);
	if (w->in_key && (len > 128 || multiline(s, len))) {
		/* a line break and the length make it a `? ` key, like the original */
		kube_buf_puts(&w->tmp, "\xe2\x80\xa8");
		while (w->tmp.len <= 129)
			kube_buf_putc(&w->tmp, 'x');
	} else if (w->in_key) {
		/* rendered: `"\uFEFF` + K<n>K + 4 per \x01 + 1 per x + `"` */
		cur = 8 + w->tmp.len - 3;
		while (cur + 4 <= glen && w->tmp.len < 128) {
			kube_buf_putc(&w->tmp, '\x01');
			cur += 4;
		}
		while (cur < glen && w->tmp.len < 128) {
			kube_buf_putc(&w->tmp, 'x');
			cur++;
		}
	}
	if (w->tmp.failed || w->bom.failed) {
		w->failed = true;
		return false;
	}
	return ywriter_scalar(w, w->tmp.ptr, w->tmp.len, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

/* go-yaml v2's encoder: a string with a newline is a literal block, one that would read back as
 * something else is double-quoted, the rest is plain; libyaml's own analysis then falls back to
 * quoting when plain (or a block) is not possible. */
static bool ywriter_string(struct ywriter *w, const char *s, size_t len)
{
	kube_buf fixed = KUBE_BUF_INIT;
	yaml_scalar_style_t style;
	bool valid = kube_yaml__utf8_valid(s, len), ok;

	if (!valid || memmem(s, len, "\xc2\x85", 2)) {
		if (valid) {
			fold_nel(&fixed, s, len);
		} else {
			/* Go's json.Marshal, which runs first in kubectl, makes bad bytes U+FFFD */
			kube_buf_truncate(&w->tmp, 0);
			kube_yaml__put_utf8_fixed(&w->tmp, s, len);
			fold_nel(&fixed, w->tmp.ptr, w->tmp.len);
			if (w->tmp.failed)
				fixed.failed = true;
		}
		if (fixed.failed) {
			kube_buf_release(&fixed);
			w->failed = true;
			return false;
		}
		s = fixed.ptr;
		len = fixed.len;
	}
	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
		ok = ywriter_bom_string(w, s, len);
		goto out;
	}
	if (memchr(s, '\n', len))
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (kube_yaml__plain_is_string(s, len))
		style = YAML_PLAIN_SCALAR_STYLE;
	else
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (style != YAML_LITERAL_SCALAR_STYLE && len >= 3 && is_ls(s, len, len - 3) &&
	    single_quote_ok(s, len)) {
		/* single-quoted, ending in a break: libyaml indents before the closing quote and
		 * go-yaml does not; mark the end so fix_output() can take the indent out */
		kube_buf_truncate(&w->tmp, 0);
		kube_buf_put(&w->tmp, s, len);
		kube_buf_puts(&w->tmp, END_MARK);
		if (w->tmp.failed) {
			w->failed = true;
			ok = false;
			goto out;
		}
		w->nmarks++;
		ok = ywriter_scalar(w, w->tmp.ptr, w->tmp.len, YAML_SINGLE_QUOTED_SCALAR_STYLE);
		goto out;
	}
	ok = ywriter_scalar(w, s, len, style);
out:
	kube_buf_release(&fixed);
	return ok;
}

/* Replace the placeholders of ywriter_bom_string() and remove the END_MARKs (with the blanks
 * libyaml put before them) in out from start. */
static void fix_output(struct ywriter *w, kube_buf *out, size_t start)
{
	kube_buf nb = KUBE_BUF_INIT;
	const char *p = out->ptr, *g = w->bom.ptr;
	size_t i = start, run = start, bom = 0, len = out->len;
	char tok[48];
	int tl;

	kube_buf_put(&nb, p, start);
	tl = snprintf(tok, sizeof(tok), "\"\\uFEFFK%zuK", bom);
	while (i < len) {
		if (bom < w->nbom && p[i] == '"' && len - i >= (size_t)tl &&
		    !memcmp(p + i, tok, (size_t)tl)) {
			const char *q = memchr(p + i + tl, '"', len - i - (size_t)tl);

			if (q) {
				kube_buf_put(&nb, p + run, i - run);
				kube_buf_puts(&nb, g);
				g += strlen(g) + 1;
				i = run = (size_t)(q - p) + 1;
				tl = snprintf(tok, sizeof(tok), "\"\\uFEFFK%zuK", ++bom);
				continue;
			}
		}
		if (w->nmarks && len - i >= 4 && !memcmp(p + i, END_MARK, 3) && p[i + 3] == '\'') {
			size_t b = i;

			while (b > run && p[b - 1] == ' ')
				b--;
			if (b - run >= 3 && is_ls(p, len, b - 3)) {
				kube_buf_put(&nb, p + run, b - run);
				i = run = i + 3;
				continue;
			}
		}
		i++;
	}
	kube_buf_put(&nb, p + run, len - run);
	if (nb.failed) {
		out->failed = true;
	} else {
		kube_buf_truncate(out, start);
		kube_buf_put(out, nb.ptr + start, nb.len - start);
	}
	kube_buf_release(&nb);
}

static bool ywriter_node(struct ywriter *w, const cJSON *j);

static bool ywriter_member(struct ywriter *w, const cJSON *c)
{
	const char *k = c->string ? c->string : "";
	bool ok;

	w->in_key = true;
	ok = ywriter_string(w, k, strlen(k));
	w->in_key = false;
	return ok && ywriter_node(w, c);
}

static bool ywriter_members(struct ywriter *w, const cJSON *j)
{
	struct kube_yaml_key stack[16], *keys = stack;
	const cJSON *c;
	size_t n = 0, i;
	bool ok = true;

	if (w->flags & KUBE_YAML_KEEP_ORDER) {
		for (c = j->child; c && ok; c = c->next)
			ok = ywriter_member(w, c);
		return ok;
	}
	for (c = j->child; c; c = c->next)
		n++;
	if (n > sizeof(stack) / sizeof(stack[0]) && !(keys = malloc(n * sizeof(*keys)))) {
		w->failed = true;
		return false;
	}
	for (i = 0, c = j->child; c; c = c->next, i++) {
		keys[i].item = c;
		keys[i].s = c->string ? c->string : "";
		keys[i].r = NULL;
		keys[i].n = 0;
	}
	if (!kube_yaml__sort_keys(keys, n)) {
		w->failed = true;
		ok = false;
	}
	for (i = 0; i < n && ok; i++)
		ok = ywriter_member(w, keys[i].item);
	if (keys != stack)
		free(keys);
	return ok;
}

static bool ywriter_node(struct ywriter *w, const cJSON *j)
{
	yaml_event_t ev;
	const cJSON *c;
	bool ok = true;

	switch (j ? j->type & 0xff : cJSON_NULL) {
	case cJSON_True:
		return ywriter_scalar(w, "true", 4, YAML_PLAIN_SCALAR_STYLE);
	case cJSON_False:
		return ywriter_scalar(w, "false", 5, YAML_PLAIN_SCALAR_STYLE);
	case cJSON_Number:
		kube_buf_truncate(&w->tmp, 0);
		if (!j->valuestring)
			kube_yaml__put_go_float_g(&w->tmp, j->valuedouble, 64);
		else if (w->flags & KUBE_YAML_EXACT_NUMBERS)
			kube_buf_puts(&w->tmp, j->valuestring);
		else
			kube_yaml__put_go_number(&w->tmp, j->valuestring);
		if (w->tmp.failed) {
			w->failed = true;
			return false;
		}
		return ywriter_scalar(w, w->tmp.ptr, w->tmp.len, YAML_PLAIN_SCALAR_STYLE);
	case cJSON_String:
	case cJSON_Raw:
		return ywriter_string(w, j->valuestring, strlen(j->valuestring));
	case cJSON_Array:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
							  YAML_BLOCK_SEQUENCE_STYLE) ||
		    !ywriter_emit(w, &ev))
			goto fail;
		for (c = j->child; c && ok; c = c->next)
			ok = ywriter_node(w, c);
		if (!ok || !yaml_sequence_end_event_initialize(&ev) || !ywriter_emit(w, &ev))
			goto fail;
		return true;
	case cJSON_Object:
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
							 YAML_BLOCK_MAPPING_STYLE) ||
		    !ywriter_emit(w, &ev))
			goto fail;
		if (!ywriter_members(w, j) || !yaml_mapping_end_event_initialize(&ev) ||
		    !ywriter_emit(w, &ev))
			goto fail;
		return true;
	default:
		return ywriter_scalar(w, "null", 4, YAML_PLAIN_SCALAR_STYLE);
	}
fail:
	w->failed = true;
	return false;
}

static void yaml_write_doc(kube_buf *out, const kube_obj *o, unsigned flags, int width);

void kube_yaml_write(kube_buf *out, const kube_obj *o, unsigned flags)
{
	kube_buf item;
	size_t i, n;
	bool bol = true, first = true;

	if (!(flags & KUBE_YAML_LIST_ITEM)) {
		yaml_write_doc(out, o, flags, 80);
		return;
	}
	/* An element of a block sequence at column 0: the document is emitted 2 columns
	 * narrower, then every line is shifted by "- " / "  " (empty lines stay empty), which is
	 * exactly where go-yaml would have put it, folding included. */
	kube_buf_init(&item, out->max);
	yaml_write_doc(&item, o, flags, 78);
	if (item.failed) {
		out->failed = true;
		kube_buf_release(&item);
		return;
	}
	n = item.len;
	for (i = 0; i < n; i++) {
		if (bol && item.ptr[i] != '\n') {
			kube_buf_puts(out, first ? "- " : "  ");
			first = false;
		}
		kube_buf_putc(out, item.ptr[i]);
		bol = item.ptr[i] == '\n';
	}
	kube_buf_release(&item);
}

static void yaml_write_doc(kube_buf *out, const kube_obj *o, unsigned flags, int width)
{
	struct ywriter w;
	yaml_event_t ev;
	size_t start = out->len;
	bool ok;

	memset(&w, 0, sizeof(w));
	w.out = out;
	w.flags = flags;
	kube_buf_init(&w.tmp, 0);
	kube_buf_init(&w.bom, 0);
	if (out->failed)
		return;
	if (!yaml_emitter_initialize(&w.em)) {
		out->failed = true;
		return;
	}
	yaml_emitter_set_output(&w.em, ywriter_output, &w);
	yaml_emitter_set_unicode(&w.em, 1);
	if (width != 80)
		yaml_emitter_set_width(&w.em, width);
	ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) && ywriter_emit(&w, &ev);
	ok = ok && yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) &&
	     ywriter_emit(&w, &ev);
	ok = ok && ywriter_node(&w, CJ(o));
	/* go-yaml never closes a document with "..."; libyaml does after `|+` or a root plain
	 * scalar ("open ended"). Clear that state as go-yaml's encoder does before it finishes. */
	w.em.open_ended = 0;
	ok = ok && yaml_document_end_event_initialize(&ev, 1) && ywriter_emit(&w, &ev);
	w.em.open_ended = 0;
	ok = ok && yaml_stream_end_event_initialize(&ev) && ywriter_emit(&w, &ev);
	yaml_emitter_delete(&w.em);
	kube_buf_release(&w.tmp);
	if (ok && !w.failed && !out->failed && (w.nmarks || w.nbom))
		fix_output(&w, out, start);
	kube_buf_release(&w.bom);
	if (!ok || w.failed) {
		if (!out->failed)
			kube_buf_truncate(out, start);
		out->failed = true;
	}
}

/* ======================================================================================
 * Reading, step 1: libyaml events -> node tree (go-yaml's parser.go)
 * ====================================================================================== */

enum ynode_kind { YN_SCALAR, YN_SEQ, YN_MAP, YN_ALIAS };

struct ynode {
	struct ynode *first, *last, *next, *prev; /* children, in document order */
	struct ynode *alias;                      /* YN_ALIAS: the anchored node */
	const char *value;                        /* scalar text, or alias name; NUL-terminated */
	size_t len;
	size_t line; /* start mark, 0-based */
	enum kube_yaml_tag tag;
	unsigned char kind;
	bool implicit; /* scalar: plain and untagged (or tagged `!`) */
	bool busy;     /* alias: being expanded */
};

/* Bump allocator for nodes and strings, freed at once. */
struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	max_align_t data[];
};

struct arena {
	struct arena_block *head;
};

static void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t al = sizeof(max_align_t);
	void *p;

	n = (n + al - 1) / al * al;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 32768 ? n : 32768;

		if (!(b = malloc(sizeof(*b) + cap)))
			return NULL;
		b->used = 0;
		b->cap = cap;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

static char *arena_strndup(struct arena *a, const void *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void arena_free(struct arena *a)
{
	while (a->head) {
		struct arena_block *b = a->head;

		a->head = b->next;
		free(b);
	}
}

/* String -> pointer hash table (open addressing), for anchors and map keys. */
struct hslot {
	const char *key;
	void *val;
};

struct htab {
	struct hslot *slots;
	size_t cap, n; /* cap is 0 or a power of two */
};

static size_t hash_str(const char *s)
{
	size_t h = 14695981039346656037ull & SIZE_MAX;

	while (*s)
		h = (h ^ (unsigned char)*s++) * (sizeof(size_t) > 4 ? 1099511628211ull : 16777619u);
	return h;
}

static struct hslot *htab_find(const struct htab *t, const char *key)
{
	size_t i;

	if (!t->cap)
		return NULL;
	for (i = hash_str(key) & (t->cap - 1); t->slots[i].key; i = (i + 1) & (t->cap - 1))
		if (!strcmp(t->slots[i].key, key))
			return &t->slots[i];
	return NULL;
}

/* Insert or replace; key is borrowed and must outlive the table. false on OOM. */
static bool htab_put(struct htab *t, const char *key, void *val)
{
	struct hslot *s;
	size_t i;

	if ((s = htab_find(t, key))) {
		s->val = val;
		return true;
	}
	if ((t->n + 1) * 2 > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16, j;
		struct hslot *ns = calloc(ncap, sizeof(*ns));

		if (!ns)
			return false;
		for (j = 0; j < t->cap; j++) {
			if (!t->slots[j].key)
				continue;
			i = hash_str(t->slots[j].key) & (ncap - 1);
			while (ns[i].key)
				i = (i + 1) & (ncap - 1);
			ns[i] = t->slots[j];
		}
		free(t->slots);
		t->slots = ns;
		t->cap = ncap;
	}
	for (i = hash_str(key) & (t->cap - 1); t->slots[i].key; i = (i + 1) & (t->cap - 1))
		;
	t->slots[i].key = key;
	t->slots[i].val = val;
	t->n++;
	return true;
}

static void htab_release(struct htab *t)
{
	free(t->slots);
	t->slots = NULL;
	t->cap = t->n = 0;
}

struct yreader {
	yaml_parser_t parser;
	struct arena arena;
	struct htab anchors;
	kube_err *err;
	const char *in;
	size_t in_len, in_pos;
};

/* go-yaml's reader takes its input 512 bytes at a time and checks characters as it decodes
 * them, so which error wins (a control character further on, or a syntax error before it)
 * depends on that size; feed libyaml the same way. */
#define READ_CHUNK 512

static int yreader_input(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct yreader *r = data;
	size_t n = r->in_len - r->in_pos;

	if (n > size)
		n = size;
	if (n > READ_CHUNK)
		n = READ_CHUNK;
	memcpy(buffer, r->in + r->in_pos, n);
	r->in_pos += n;
	*size_read = n;
	return 1;
}

static int oom(kube_err *err)
{
	return kube_err_set(err, KUBE_ENOMEM, "out of memory");
}

/* go-yaml's parser.fail(): scanner errors count lines from 1, parser errors report the 0-based
 * line of the problem (or of its context), and line 0 is not printed at all. */
static int parser_error(struct yreader *r)
{
	const yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "unknown problem parsing YAML content";
	size_t line = 0;

	if (p->error == YAML_MEMORY_ERROR)
		return oom(r->err);
	if (p->problem_mark.line != 0) {
		line = p->problem_mark.line;
		if (p->error == YAML_SCANNER_ERROR)
			line++;
	} else if (p->context_mark.line != 0) {
		line = p->context_mark.line;
	}
	if (line)
		return kube_err_set(r->err, KUBE_EDECODE, "yaml: line %zu: %s", line, problem);
	return kube_err_set(r->err, KUBE_EDECODE, "yaml: %s", problem);
}

static void ynode_append(struct ynode *parent, struct ynode *n)
{
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
}

/* A node for a libyaml event, its anchor (if any) registered. */
static int yreader_node(struct yreader *r, const yaml_event_t *ev, struct ynode **out)
{
	const yaml_char_t *tag = NULL, *anchor = NULL;
	struct ynode *n;
	struct hslot *s;

	*out = NULL;
	if (!(n = arena_alloc(&r->arena, sizeof(*n))))
		return oom(r->err);
	memset(n, 0, sizeof(*n));
	n->line = ev->start_mark.line;
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		n->kind = YN_ALIAS;
		anchor = ev->data.alias.anchor;
		if (!(s = htab_find(&r->anchors, (const char *)anchor)))
			return kube_err_set(r->err, KUBE_EDECODE,
					    "yaml: unknown anchor '%s' referenced",
					    (const char *)anchor);
		n->alias = s->val;
		n->len = strlen((const char *)anchor);
		if (!(n->value = arena_strndup(&r->arena, anchor, n->len)))
			return oom(r->err);
		*out = n;
		return 0;
	case YAML_SCALAR_EVENT:
		n->kind = YN_SCALAR;
		n->len = ev->data.scalar.length;
		if (!(n->value = arena_strndup(&r->arena, ev->data.scalar.value, n->len)))
			return oom(r->err);
		n->implicit = ev->data.scalar.plain_implicit;
		tag = ev->data.scalar.tag;
		anchor = ev->data.scalar.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		n->kind = YN_SEQ;
		tag = ev->data.sequence_start.tag;
		anchor = ev->data.sequence_start.anchor;
		break;
	default:
		n->kind = YN_MAP;
		tag = ev->data.mapping_start.tag;
		anchor = ev->data.mapping_start.anchor;
		break;
	}
	n->tag = kube_yaml__tag_kind((const char *)tag);
	/* registered before the children: an alias inside refers to it (and is then caught as
	 * self-containing when decoded); a later anchor of the same name replaces it */
	if (anchor) {
		char *name = arena_strndup(&r->arena, anchor, strlen((const char *)anchor));

		if (!name || !htab_put(&r->anchors, name, n))
			return oom(r->err);
	}
	*out = n;
	return 0;
}

struct ystack {
	struct ynode **v;
	size_t depth, cap;
};

static int ystack_push(struct yreader *r, struct ystack *st, struct ynode *n, size_t line)
{
	if (st->depth >= MAX_DEPTH)
		return kube_err_set(r->err, KUBE_EDECODE,
				    "yaml: line %zu: exceeded max depth of %d", line + 1,
				    MAX_DEPTH);
	if (st->depth == st->cap) {
		size_t ncap = st->cap ? st->cap * 2 : 32;
		struct ynode **nv = realloc(st->v, ncap * sizeof(*nv));

		if (!nv)
			return oom(r->err);
		st->v = nv;
		st->cap = ncap;
	}
	st->v[st->depth++] = n;
	return 0;
}

/* Build the first document of the stream; *root stays NULL when there is none. */
static int yreader_build(struct yreader *r, struct ynode **root)
{
	struct ystack st = {NULL, 0, 0};
	struct ynode *n;
	yaml_event_t ev;
	int rc = 0;
	bool done = false;

	*root = NULL;
	while (!done && rc == 0) {
		if (!yaml_parser_parse(&r->parser, &ev)) {
			rc = parser_error(r);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			done = true;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			st.depth--;
			break;
		case YAML_ALIAS_EVENT:
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if ((rc = yreader_node(r, &ev, &n)) < 0)
				break;
			if (st.depth)
				ynode_append(st.v[st.depth - 1], n);
			else
				*root = n;
			if (n->kind == YN_SEQ || n->kind == YN_MAP)
				rc = ystack_push(r, &st, n, ev.start_mark.line);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	free(st.v);
	if (rc < 0)
		*root = NULL;
	return rc;
}

/* ======================================================================================
 * Reading, step 2: node tree -> kube_obj (go-yaml's decode.go into interface{}, then
 * sigs.k8s.io/yaml's conversion to JSON)
 * ====================================================================================== */

struct ydecoder {
	kube_err *err;
	unsigned flags;
	size_t decode_count, alias_count, alias_depth;
	kube_buf terrors; /* strict mode: "line N: key ... already set in map" lines */
	size_t odd;       /* NaN/Inf values and BAD_KEY keys made, checked by check_json() */
	kube_buf tmp;
};

/* Keys JSON cannot have (null, uint64) are kept under this prefix, which no YAML text can
 * produce (libyaml only reads valid UTF-8), until check_json() reports them as
 * sigs.k8s.io/yaml does once go-yaml has finished. */
#define BAD_KEY "\xff\xfe"

/* A mapping under construction, shared with the mappings merged into it. */
struct mapb {
	cJSON *obj;
	size_t n;
	struct htab idx; /* built once the map is larger than a few keys */
};

#define MAPB_LINEAR 8

static int dec_fail(struct ydecoder *d, const char *fmt, const char *arg)
{
	return kube_err_set(d->err, KUBE_EDECODE, fmt, arg);
}

/* go-yaml's alias expansion budget ("billion laughs" protection). */
static bool excessive_aliasing(const struct ydecoder *d)
{
	double ratio;

	if (d->alias_count <= 100 || d->decode_count <= 1000)
		return false;
	if (d->decode_count <= 400000)
		ratio = 0.99;
	else if (d->decode_count >= 4000000)
		ratio = 0.10;
	else
		ratio = 0.99 - 0.89 * ((double)(d->decode_count - 400000) / 3600000.0);
	return (double)d->alias_count / (double)d->decode_count > ratio;
}

static int dec_node(struct ydecoder *d, struct ynode *n, cJSON **out);

static cJSON *new_number(const char *text)
{
	return J(kube_obj_new_number_text(text));
}

static const char *kind_tag(enum kube_yaml_kind k)
{
	switch (k) {
	case KUBE_YAML_NULL: return "!!null";
	case KUBE_YAML_BOOL: return "!!bool";
	case KUBE_YAML_INT:
	case KUBE_YAML_UINT: return "!!int";
	case KUBE_YAML_FLOAT: return "!!float";
	case KUBE_YAML_TIMESTAMP: return "!!timestamp";
	default: return "!!str";
	}
}

static bool kind_matches(enum kube_yaml_kind k, enum kube_yaml_tag t)
{
	switch (t) {
	case KUBE_YAML_TAG_NULL: return k == KUBE_YAML_NULL;
	case KUBE_YAML_TAG_BOOL: return k == KUBE_YAML_BOOL;
	case KUBE_YAML_TAG_INT: return k == KUBE_YAML_INT || k == KUBE_YAML_UINT;
	case KUBE_YAML_TAG_FLOAT: return k == KUBE_YAML_FLOAT;
	case KUBE_YAML_TAG_TIMESTAMP: return k == KUBE_YAML_TIMESTAMP;
	default: return false;
	}
}

static int count_node(struct ydecoder *d)
{
	d->decode_count++;
	if (d->alias_depth > 0)
		d->alias_count++;
	if (excessive_aliasing(d))
		return kube_err_set(d->err, KUBE_EDECODE,
				    "yaml: document contains excessive aliasing");
	return 0;
}

/* Resolve a scalar node as go-yaml's d.scalar() does for an interface{} target. A !!binary
 * value comes back as KUBE_YAML_STR with *bin set and the bytes (made valid UTF-8, as
 * json.Marshal would) in d->tmp. */
static int resolve_node(struct ydecoder *d, struct ynode *n, struct kube_yaml_scalar *r,
			bool *bin)
{
	enum kube_yaml_tag t = n->tag;

	*bin = false;
	memset(r, 0, sizeof(*r));
	if ((t == KUBE_YAML_TAG_NONE && !n->implicit) || t == KUBE_YAML_TAG_OTHER ||
	    t == KUBE_YAML_TAG_MERGE) {
		r->kind = KUBE_YAML_STR;
		return 0;
	}
	if (t == KUBE_YAML_TAG_BINARY) {
		kube_buf raw = KUBE_BUF_INIT;
		int rc = 0;

		if (!kube__b64_decode_std(&raw, n->value, n->len)) {
			rc = kube_err_set(d->err, KUBE_EDECODE,
					  "yaml: !!binary value contains invalid base64 data");
		} else {
			kube_buf_truncate(&d->tmp, 0);
			kube_yaml__put_utf8_fixed(&d->tmp, raw.ptr, raw.len);
			if (raw.failed || d->tmp.failed)
				rc = oom(d->err);
		}
		kube_buf_release(&raw);
		r->kind = KUBE_YAML_STR;
		*bin = true;
		return rc;
	}
	kube_yaml__resolve(n->value, n->len, t, r);
	if (t == KUBE_YAML_TAG_NONE || t == KUBE_YAML_TAG_STR || kind_matches(r->kind, t))
		return 0;
	if (t == KUBE_YAML_TAG_FLOAT && r->kind == KUBE_YAML_INT) {
		r->kind = KUBE_YAML_FLOAT;
		r->f = (double)r->i;
		return 0;
	}
	return kube_err_set(d->err, KUBE_EDECODE, "yaml: cannot decode %s `%s` as a %s",
			    kind_tag(r->kind), n->value, kube_yaml__tag_short(t));
}

/* A scalar, converted to JSON. */
static int dec_scalar(struct ydecoder *d, struct ynode *n, cJSON **out)
{
	struct kube_yaml_scalar r;
	bool bin;
	int rc;

	*out = NULL;
	if ((rc = resolve_node(d, n, &r, &bin)) < 0)
		return rc;
	if (bin) {
		*out = J(kube_obj_new_stringn(d->tmp.ptr, d->tmp.len));
		return *out ? 0 : oom(d->err);
	}
	kube_buf_truncate(&d->tmp, 0);
	switch (r.kind) {
	case KUBE_YAML_NULL:
		*out = cJSON_CreateNull();
		break;
	case KUBE_YAML_BOOL:
		*out = cJSON_CreateBool(r.b);
		break;
	case KUBE_YAML_INT:
		kube_buf_printf(&d->tmp, "%lld", (long long)r.i);
		*out = d->tmp.failed ? NULL : new_number(d->tmp.ptr);
		break;
	case KUBE_YAML_UINT:
		kube_buf_printf(&d->tmp, "%llu", (unsigned long long)r.u);
		*out = d->tmp.failed ? NULL : new_number(d->tmp.ptr);
		break;
	case KUBE_YAML_FLOAT:
		if (isnan(r.f) || isinf(r.f)) {
			/* JSON has no such number; json.Marshal fails on it once decoding is done,
			 * unless it was overwritten by then */
			*out = new_number(isnan(r.f) ? "NaN" : r.f > 0 ? "+Inf" : "-Inf");
			if (*out)
				(*out)->valuedouble = r.f;
			d->odd++;
			break;
		}
		kube_yaml__put_go_json_float(&d->tmp, r.f);
		*out = d->tmp.failed ? NULL : new_number(d->tmp.ptr);
		break;
	default:
		*out = J(kube_obj_new_stringn(n->value, n->len));
		break;
	}
	return *out ? 0 : oom(d->err);
}

static int key_strcmp(const void *a, const void *b)
{
	return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

/* Children of an object sorted by key (as Go's fmt and encoding/json walk maps); NULL on OOM. */
static const cJSON **sorted_members(const cJSON *o, size_t *n)
{
	const cJSON **v, *c;
	size_t i = 0;

	*n = 0;
	for (c = o->child; c; c = c->next)
		(*n)++;
	if (!(v = malloc((*n ? *n : 1) * sizeof(*v))))
		return NULL;
	for (c = o->child; c; c = c->next)
		v[i++] = c;
	qsort(v, *n, sizeof(*v), key_strcmp);
	return v;
}

/* Go's fmt %#v of a decoded YAML value (nil at the top is <nil>), for error messages. */
static void put_go_value(kube_buf *b, const cJSON *v, bool top)
{
	const cJSON **m, *c;
	size_t n, i;

	switch (v ? v->type & 0xff : cJSON_NULL) {
	case cJSON_String:
		kube_go_quote(b, v->valuestring);
		return;
	case cJSON_True:
		kube_buf_puts(b, "true");
		return;
	case cJSON_False:
		kube_buf_puts(b, "false");
		return;
	case cJSON_Number: {
		const char *t = v->valuestring ? v->valuestring : "0";
		char *end;
		unsigned long long u;

		if (strpbrk(t, ".eE")) {
			kube_yaml__put_go_float_g(b, v->valuedouble, 64);
			return;
		}
		if (t[0] != '-' && strlen(t) >= 19) {
			u = strtoull(t, &end, 10);
			if (!*end && u > INT64_MAX) {
				kube_buf_printf(b, "%#llx", u); /* a uint64 */
				return;
			}
		}
		kube_buf_puts(b, t);
		return;
	}
	case cJSON_Array:
		kube_buf_puts(b, "[]interface {}{");
		for (c = v->child; c; c = c->next) {
			if (c != v->child)
				kube_buf_puts(b, ", ");
			put_go_value(b, c, false);
		}
		kube_buf_putc(b, '}');
		return;
	case cJSON_Object:
		kube_buf_puts(b, "map[interface {}]interface {}{");
		if (!(m = sorted_members(v, &n))) {
			b->failed = true;
			return;
		}
		for (i = 0; i < n; i++) {
			if (i)
				kube_buf_puts(b, ", ");
			kube_go_quote(b, m[i]->string);
			kube_buf_putc(b, ':');
			put_go_value(b, m[i], false);
		}
		free(m);
		kube_buf_putc(b, '}');
		return;
	default:
		kube_buf_puts(b, top ? "<nil>" : "interface {}(nil)");
	}
}

/* The JSON key sigs.k8s.io/yaml makes of a YAML key (go-yaml decodes it first): strings as they
 * are, ints in decimal, floats as strconv.FormatFloat(f, 'g', -1, 32), bools as true/false;
 * null and uint64 keys get a BAD_KEY name. *key is malloc'ed. */
static int dec_key(struct ydecoder *d, struct ynode *n, char **key, bool *str)
{
	kube_buf b = KUBE_BUF_INIT;
	struct kube_yaml_scalar r;
	bool bin;
	cJSON *v;
	int rc;

	*key = NULL;
	if ((rc = count_node(d)) < 0)
		return rc;
	if (n->kind == YN_ALIAS) {
		if (n->busy)
			return dec_fail(d, "yaml: anchor '%s' value contains itself", n->value);
		n->busy = true;
		d->alias_depth++;
		rc = dec_key(d, n->alias, key, str);
		d->alias_depth--;
		n->busy = false;
		return rc;
	}
	if (n->kind != YN_SCALAR) {
		d->decode_count--; /* dec_node counts this node again */
		if ((rc = dec_node(d, n, &v)) < 0)
			return rc;
		kube_buf_puts(&b, "yaml: invalid map key: ");
		put_go_value(&b, v, true);
		cJSON_Delete(v);
		if ((rc = kube_buf_check(&b, d->err)) == 0)
			rc = kube_err_set(d->err, KUBE_EDECODE, "%s", b.ptr);
		kube_buf_release(&b);
		return rc;
	}
	if ((rc = resolve_node(d, n, &r, &bin)) < 0)
		return rc;
	switch (r.kind) {
	case KUBE_YAML_NULL:
		kube_buf_puts(&b, BAD_KEY "n");
		d->odd++;
		break;
	case KUBE_YAML_UINT:
		kube_buf_printf(&b, BAD_KEY "u%llu", (unsigned long long)r.u);
		d->odd++;
		break;
	case KUBE_YAML_BOOL:
		kube_buf_puts(&b, r.b ? "true" : "false");
		break;
	case KUBE_YAML_INT:
		kube_buf_printf(&b, "%lld", (long long)r.i);
		break;
	case KUBE_YAML_FLOAT:
		kube_yaml__put_go_float_g(&b, r.f, 32);
		break;
	default:
		if (bin)
			kube_buf_put(&b, d->tmp.ptr, d->tmp.len);
		else
			kube_buf_put(&b, n->value, n->len);
		break;
	}
	if ((rc = kube_buf_check(&b, d->err)) < 0) {
		kube_buf_release(&b);
		return rc;
	}
	*str = r.kind == KUBE_YAML_STR || r.kind == KUBE_YAML_TIMESTAMP;
	*key = kube_buf_detach(&b, NULL);
	return *key ? 0 : oom(d->err);
}

static cJSON *mapb_get(struct mapb *m, const char *key)
{
	cJSON *c;
	struct hslot *s;

	if (m->idx.cap) {
		s = htab_find(&m->idx, key);
		return s ? s->val : NULL;
	}
	for (c = m->obj->child; c; c = c->next)
		if (!strcmp(c->string, key))
			return c;
	return NULL;
}

/* Set key (adopted) to v (adopted), replacing an existing value in place. */
static int mapb_set(struct ydecoder *d, struct mapb *m, char *key, bool str, cJSON *v,
		    size_t line)
{
	cJSON *old = mapb_get(m, key), *c;
	struct hslot *slot;

	v->string = key;
	v->type &= ~cJSON_StringIsConst;
	if (old) {
		if (d->flags & KUBE_YAML_STRICT) {
			if (d->terrors.len)
				kube_buf_puts(&d->terrors, "\n  ");
			kube_buf_printf(&d->terrors, "line %zu: key ", line + 1);
			if (str)
				kube_go_quote(&d->terrors, key); /* Go's %#v of the key */
			else
				kube_buf_puts(&d->terrors, key);
			kube_buf_puts(&d->terrors, " already set in map");
			cJSON_Delete(v);
			return kube_buf_check(&d->terrors, d->err);
		}
		/* the index slot points at the old item's key, freed with it */
		slot = htab_find(&m->idx, key);
		if (!cJSON_ReplaceItemViaPointer(m->obj, old, v)) {
			cJSON_Delete(v);
			return oom(d->err);
		}
		if (slot) {
			slot->key = v->string;
			slot->val = v;
		}
		return 0;
	}
	cJSON_AddItemToArray(m->obj, v);
	m->n++;
	if (m->idx.cap) {
		if (!htab_put(&m->idx, v->string, v))
			return oom(d->err);
	} else if (m->n > MAPB_LINEAR) {
		for (c = m->obj->child; c; c = c->next)
			if (!htab_put(&m->idx, c->string, c))
				return oom(d->err);
	}
	return 0;
}

static bool is_merge_key(struct ynode *k)
{
	return k->kind == YN_SCALAR && k->len == 2 && !memcmp(k->value, "<<", 2) &&
	       (k->implicit || k->tag == KUBE_YAML_TAG_MERGE);
}

static int dec_into_map(struct ydecoder *d, struct ynode *n, struct mapb *m);

/* d.unmarshal(n, out) where out is an existing map: a mapping, or an alias of one. */
static int dec_merge_one(struct ydecoder *d, struct ynode *n, struct mapb *m)
{
	int rc;

	if ((rc = count_node(d)) < 0)
		return rc;
	if (n->kind == YN_ALIAS) {
		if (n->busy)
			return dec_fail(d, "yaml: anchor '%s' value contains itself", n->value);
		n->busy = true;
		d->alias_depth++;
		rc = dec_merge_one(d, n->alias, m);
		d->alias_depth--;
		n->busy = false;
		return rc;
	}
	return dec_into_map(d, n, m);
}

static int want_map(struct ydecoder *d)
{
	return kube_err_set(d->err, KUBE_EDECODE,
			    "yaml: map merge requires map or sequence of maps as the value");
}

static int dec_merge(struct ydecoder *d, struct ynode *v, struct mapb *m)
{
	struct ynode *c;
	int rc;

	switch (v->kind) {
	case YN_MAP:
		return dec_merge_one(d, v, m);
	case YN_ALIAS:
		if (v->alias->kind != YN_MAP)
			return want_map(d);
		return dec_merge_one(d, v, m);
	case YN_SEQ:
		/* earlier maps win, so apply them last */
		for (c = v->last; c; c = c->prev) {
			if (c->kind == YN_ALIAS ? c->alias->kind != YN_MAP : c->kind != YN_MAP)
				return want_map(d);
			if ((rc = dec_merge_one(d, c, m)) < 0)
				return rc;
		}
		return 0;
	default:
		return want_map(d);
	}
}

static int dec_into_map(struct ydecoder *d, struct ynode *n, struct mapb *m)
{
	struct ynode *k, *v;
	cJSON *vj;
	char *key;
	bool str;
	int rc;

	for (k = n->first; k; k = v->next) {
		v = k->next;
		if (is_merge_key(k)) {
			if ((rc = dec_merge(d, v, m)) < 0)
				return rc;
			continue;
		}
		if ((rc = dec_key(d, k, &key, &str)) < 0)
			return rc;
		if ((rc = dec_node(d, v, &vj)) < 0) {
			free(key);
			return rc;
		}
		if ((rc = mapb_set(d, m, key, str, vj, v->line)) < 0)
			return rc;
	}
	return 0;
}

static int dec_node(struct ydecoder *d, struct ynode *n, cJSON **out)
{
	struct ynode *c;
	struct mapb m;
	cJSON *v;
	int rc;

	*out = NULL;
	if ((rc = count_node(d)) < 0)
		return rc;
	switch (n->kind) {
	case YN_ALIAS:
		if (n->busy)
			return dec_fail(d, "yaml: anchor '%s' value contains itself", n->value);
		n->busy = true;
		d->alias_depth++;
		rc = dec_node(d, n->alias, out);
		d->alias_depth--;
		n->busy = false;
		return rc;
	case YN_SCALAR:
		return dec_scalar(d, n, out);
	case YN_SEQ:
		if (!(*out = cJSON_CreateArray()))
			return oom(d->err);
		for (c = n->first; c; c = c->next) {
			if ((rc = dec_node(d, c, &v)) < 0)
				break;
			cJSON_AddItemToArray(*out, v);
		}
		break;
	default:
		memset(&m, 0, sizeof(m));
		if (!(m.obj = cJSON_CreateObject()))
			return oom(d->err);
		rc = dec_into_map(d, n, &m);
		htab_release(&m.idx);
		*out = m.obj;
		break;
	}
	if (rc < 0) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
}

/* sigs.k8s.io/yaml's error for a map key JSON cannot have (see BAD_KEY). */
static int bad_key_error(struct ydecoder *d, const char *k, const cJSON *v)
{
	kube_buf b = KUBE_BUF_INIT;
	int rc;

	kube_buf_puts(&b, "unsupported map key of type: ");
	if (k[2] == 'n')
		kube_buf_puts(&b, "%!s(<nil>), key: <nil>");
	else
		kube_buf_printf(&b, "uint64, key: %#llx", strtoull(k + 3, NULL, 10));
	kube_buf_puts(&b, ", value: ");
	put_go_value(&b, v, true);
	if ((rc = kube_buf_check(&b, d->err)) == 0)
		rc = kube_err_set(d->err, KUBE_EDECODE, "%s", b.ptr);
	kube_buf_release(&b);
	return rc;
}

/* What sigs.k8s.io/yaml does after go-yaml: keys that JSON cannot have are an error, then
 * json.Marshal fails on NaN and infinities (the first in its sorted walk). */
static int check_json(struct ydecoder *d, const cJSON *j, bool keys)
{
	const cJSON **m, *c;
	size_t n, i;
	int rc = 0;

	switch (j->type & 0xff) {
	case cJSON_Number:
		if (!keys && !isfinite(j->valuedouble) && j->valuestring)
			return kube_err_set(d->err, KUBE_EDECODE, "json: unsupported value: %s",
					    j->valuestring);
		return 0;
	case cJSON_Array:
		for (c = j->child; c && rc == 0; c = c->next)
			rc = check_json(d, c, keys);
		return rc;
	case cJSON_Object:
		if (!(m = sorted_members(j, &n)))
			return oom(d->err);
		for (i = 0; i < n && rc == 0; i++) {
			const char *k = m[i]->string;

			if (keys && !strncmp(k, BAD_KEY, 2))
				rc = bad_key_error(d, k, m[i]);
			else
				rc = check_json(d, m[i], keys);
		}
		free(m);
		return rc;
	}
	return 0;
}

/* Parse the first document of s; *out NULL when there is none. */
static int parse_one(kube_obj **out, const char *s, size_t len, unsigned flags, kube_err *err)
{
	struct yreader r;
	struct ydecoder d;
	struct ynode *root = NULL;
	cJSON *j = NULL;
	int rc;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	memset(&d, 0, sizeof(d));
	r.err = d.err = err;
	d.flags = flags;
	kube_buf_init(&d.terrors, 0);
	kube_buf_init(&d.tmp, 0);
	if (!yaml_parser_initialize(&r.parser))
		return oom(err);
	r.in = s;
	r.in_len = len;
	yaml_parser_set_input(&r.parser, yreader_input, &r);
	if ((rc = yreader_build(&r, &root)) < 0 || !root)
		goto out;
	d.decode_count = 1; /* the document node */
	if ((rc = dec_node(&d, root, &j)) < 0)
		goto out;
	if (d.terrors.len) {
		rc = kube_err_set(err, KUBE_EDECODE, "yaml: unmarshal errors:\n  %s",
				  d.terrors.ptr);
		goto out;
	}
	if (d.odd && ((rc = check_json(&d, j, true)) < 0 || (rc = check_json(&d, j, false)) < 0))
		goto out;
	*out = K(j);
	j = NULL;
out:
	cJSON_Delete(j);
	kube_buf_release(&d.terrors);
	kube_buf_release(&d.tmp);
	htab_release(&r.anchors);
	arena_free(&r.arena);
	yaml_parser_delete(&r.parser);
	return rc;
}

int kube_yaml_parse(kube_obj **out, const char *s, size_t len, unsigned flags, kube_err *err)
{
	*out = NULL;
	if (!s && len)
		return kube_err_set(err, KUBE_EINVAL, "no input");
	return parse_one(out, s ? s : "", len, flags, err);
}

/* ======================================================================================
 * Streams of documents
 * ====================================================================================== */

static bool go_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int deliver(kube_obj *doc, size_t *index, kube_doc_cb cb, void *payload, kube_err *err)
{
	int rc;

	if (!doc || kube_obj_type_of(doc) == KUBE_OBJ_NULL) {
		kube_obj_free(doc);
		return 0;
	}
	rc = cb(doc, (*index)++, payload);
	if (rc < 0 && (!err || err->code != rc))
		kube_err_set(err, (kube_code)rc, "document callback failed");
	return rc < 0 ? rc : 0;
}

/* kubectl's YAMLReader: documents end at a line starting with "---" followed by nothing but
 * blanks or a comment; blank documents are skipped. */
static int yaml_stream(const char *s, size_t len, unsigned flags, kube_doc_cb cb, void *payload,
		       size_t *index, size_t *chunks, kube_err *err)
{
	size_t pos = 0, start = 0;
	kube_obj *doc;
	int rc;

	for (;;) {
		size_t line_end, chunk_end = pos;
		bool eof = pos >= len;

		if (!eof) {
			const char *nl = memchr(s + pos, '\n', len - pos);

			line_end = nl ? (size_t)(nl - s) + 1 : len;
			if (line_end - pos < 3 || memcmp(s + pos, "---", 3) != 0) {
				pos = line_end;
				continue;
			}
			{
				size_t a = pos + 3, b = line_end;

				while (a < b && go_space((unsigned char)s[a]))
					a++;
				while (b > a && go_space((unsigned char)s[b - 1]))
					b--;
				if (a < b && s[a] != '#')
					return kube_err_set(err, KUBE_EDECODE,
							    "invalid Yaml document separator: %.*s",
							    (int)(b - a), s + a);
			}
			pos = line_end;
			/* a separator with nothing before it stays in the next part (kubectl's
			 * reader does that, and it shifts line numbers) */
			if (chunk_end == start)
				continue;
		}
		if (chunk_end > start) {
			if ((rc = parse_one(&doc, s + start, chunk_end - start, flags, err)) < 0)
				return rc;
			(*chunks)++;
			if ((rc = deliver(doc, index, cb, payload, err)) < 0)
				return rc;
		}
		if (eof)
			return 0;
		start = pos;
	}
}

int kube_yaml_parse_all(const char *s, size_t len, unsigned flags, kube_doc_cb cb, void *payload,
			kube_err *err)
{
	size_t index = 0, chunks = 0;

	if ((!s && len) || !cb)
		return kube_err_set(err, KUBE_EINVAL, "no input or callback");
	return yaml_stream(s ? s : "", len, flags, cb, payload, &index, &chunks, err);
}

/* Go's encoding/json scanner, as json.Decoder uses it to cut a stream into values: it finds
 * where the next value ends and words syntax errors as Go does ("invalid character 'x' looking
 * for beginning of value"), with the offset counted from the start of the stream. */
enum gj_ctx { GJ_TOP, GJ_ARRAY, GJ_OBJ_KEY, GJ_OBJ_VALUE };

struct gjscan {
	const char *s;
	size_t len, i;
	enum gj_ctx *stack;
	size_t depth, cap;
	kube_buf *msg; /* a syntax error's text */
	size_t off;    /* and its offset (0 for "unexpected EOF") */
};

#define GJ_MAX_DEPTH 10000
#define GJ_SYNTAX (-100) /* a syntax error, worded in g->msg */
#define GJ_EOF (-101)    /* the input ended inside a value */
#define GJ_KEY_START "looking for beginning of object key string"
#define GJ_IN_HEX "in \\u hexadecimal character escape"

static void gj_quote_char(kube_buf *b, unsigned char c)
{
	if (c == '\'') {
		kube_buf_puts(b, "'\\''");
		return;
	}
	if (c == '"') {
		kube_buf_puts(b, "'\"'");
		return;
	}
	kube_buf_putc(b, '\'');
	switch (c) {
	case '\a': kube_buf_puts(b, "\\a"); break;
	case '\b': kube_buf_puts(b, "\\b"); break;
	case '\f': kube_buf_puts(b, "\\f"); break;
	case '\n': kube_buf_puts(b, "\\n"); break;
	case '\r': kube_buf_puts(b, "\\r"); break;
	case '\t': kube_buf_puts(b, "\\t"); break;
	case '\v': kube_buf_puts(b, "\\v"); break;
	case '\\': kube_buf_puts(b, "\\\\"); break;
	default:
		if (c < 0x20 || c == 0x7f)
			kube_buf_printf(b, "\\x%02x", c);
		else if (c < 0x80)
			kube_buf_putc(b, (char)c);
		else if (c < 0xa1 || c == 0xad)
			kube_buf_printf(b, "\\u%04x", c); /* not printable for Go */
		else
			kube_buf_printf(b, "%c%c", 0xc0 | (c >> 6), 0x80 | (c & 0x3f));
	}
	kube_buf_putc(b, '\'');
}

static int gj_error(struct gjscan *g, const char *what)
{
	g->off = g->i + 1;
	kube_buf_puts(g->msg, "invalid character ");
	gj_quote_char(g->msg, (unsigned char)g->s[g->i]);
	kube_buf_printf(g->msg, " %s", what);
	return GJ_SYNTAX;
}

static bool gj_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool gj_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool gj_hex(char c)
{
	return gj_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* What Go says about a bad character where a value may end. */
static int gj_end_error(struct gjscan *g)
{
	switch (g->depth ? g->stack[g->depth - 1] : GJ_TOP) {
	case GJ_OBJ_KEY: return gj_error(g, "after object key");
	case GJ_OBJ_VALUE: return gj_error(g, "after object key:value pair");
	case GJ_ARRAY: return gj_error(g, "after array element");
	default: return gj_error(g, "after top-level value");
	}
}

/* Scan one literal, string or number at g->i; leaves g->i after it. */
static int gj_scalar(struct gjscan *g)
{
	const char *s = g->s;
	size_t n = g->len;
	char c = s[g->i];

	if (c == '"') {
		for (g->i++; g->i < n; g->i++) {
			unsigned char d = (unsigned char)s[g->i];

			if (d == '"') {
				g->i++;
				return 0;
			}
			if (d < 0x20)
				return gj_error(g, "in string literal");
			if (d != '\\')
				continue;
			if (++g->i >= n)
				return GJ_EOF;
			d = (unsigned char)s[g->i];
			if (d == 'u') {
				int k;

				for (k = 0; k < 4; k++) {
					if (++g->i >= n)
						return GJ_EOF;
					if (!gj_hex(s[g->i]))
						return gj_error(g, GJ_IN_HEX);
				}
			} else if (!strchr("bfnrt\\/\"", d) || !d) {
				return gj_error(g, "in string escape code");
			}
		}
		return GJ_EOF;
	}
	if (c == '-' || gj_digit(c)) {
		if (c == '-') {
			if (++g->i >= n)
				return GJ_EOF;
			if (!gj_digit(s[g->i]))
				return gj_error(g, "in numeric literal");
		}
		if (s[g->i] == '0')
			g->i++;
		else
			while (g->i < n && gj_digit(s[g->i]))
				g->i++;
		if (g->i < n && s[g->i] == '.') {
			if (++g->i >= n)
				return GJ_EOF;
			if (!gj_digit(s[g->i]))
				return gj_error(g, "after decimal point in numeric literal");
			while (g->i < n && gj_digit(s[g->i]))
				g->i++;
		}
		if (g->i < n && (s[g->i] == 'e' || s[g->i] == 'E')) {
			if (++g->i >= n)
				return GJ_EOF;
			if (s[g->i] == '+' || s[g->i] == '-')
				if (++g->i >= n)
					return GJ_EOF;
			if (!gj_digit(s[g->i]))
				return gj_error(g, "in exponent of numeric literal");
			while (g->i < n && gj_digit(s[g->i]))
				g->i++;
		}
		return 0;
	}
	{
		static const char *const lits[] = {"true", "false", "null"};
		size_t k, j;

		for (k = 0; k < 3; k++) {
			const char *l = lits[k];

			if (c != l[0])
				continue;
			for (j = 1; l[j]; j++) {
				if (++g->i >= n)
					return GJ_EOF;
				if (s[g->i] != l[j]) {
					g->off = g->i + 1;
					kube_buf_puts(g->msg, "invalid character ");
					gj_quote_char(g->msg, (unsigned char)s[g->i]);
					kube_buf_printf(g->msg, " in literal %s (expecting '%c')",
							l, l[j]);
					return GJ_SYNTAX;
				}
			}
			g->i++;
			return 0;
		}
	}
	return gj_error(g, "looking for beginning of value");
}

static bool gj_push(struct gjscan *g, enum gj_ctx c)
{
	if (g->depth == g->cap) {
		size_t ncap = g->cap ? g->cap * 2 : 32;
		enum gj_ctx *ns = realloc(g->stack, ncap * sizeof(*ns));

		if (!ns)
			return false;
		g->stack = ns;
		g->cap = ncap;
	}
	g->stack[g->depth++] = c;
	return true;
}

/* Find the next value from g->i: 1 with [*start, g->i) set, 0 at the end of the stream,
 * GJ_SYNTAX, GJ_EOF or KUBE_ENOMEM. */
static int gj_next(struct gjscan *g, size_t *start)
{
	const char *s = g->s;
	size_t n = g->len;
	int rc;

	while (g->i < n && gj_space(s[g->i]))
		g->i++;
	if (g->i >= n)
		return 0;
	*start = g->i;
	g->depth = 0;
	for (;;) {
		enum gj_ctx *top;

		/* a value is expected at g->i (after blanks) */
		while (g->i < n && gj_space(s[g->i]))
			g->i++;
		if (g->i >= n)
			return GJ_EOF;
		if (s[g->i] == '{' || s[g->i] == '[') {
			bool obj = s[g->i] == '{';

			if (g->depth >= GJ_MAX_DEPTH) {
				g->off = g->i + 1;
				kube_buf_puts(g->msg, "exceeded max depth");
				return GJ_SYNTAX;
			}
			if (!gj_push(g, obj ? GJ_OBJ_KEY : GJ_ARRAY))
				return KUBE_ENOMEM;
			g->i++;
			while (g->i < n && gj_space(s[g->i]))
				g->i++;
			if (g->i >= n)
				return GJ_EOF;
			if (s[g->i] == (obj ? '}' : ']')) {
				g->i++;
				g->depth--;
				goto value_done;
			}
			if (obj) {
				if (s[g->i] != '"')
					return gj_error(g, GJ_KEY_START);
				if ((rc = gj_scalar(g)) < 0)
					return rc;
				goto key_done;
			}
			continue;
		}
		if ((rc = gj_scalar(g)) < 0)
			return rc;
value_done:
		/* after a value: end of the top value, ',' or the container's end */
		for (;;) {
			if (!g->depth)
				return 1;
			while (g->i < n && gj_space(s[g->i]))
				g->i++;
			if (g->i >= n)
				return GJ_EOF;
			top = &g->stack[g->depth - 1];
			if (s[g->i] == ',') {
				g->i++;
				if (*top == GJ_ARRAY)
					break;
				*top = GJ_OBJ_KEY;
				while (g->i < n && gj_space(s[g->i]))
					g->i++;
				if (g->i >= n)
					return GJ_EOF;
				if (s[g->i] != '"')
					return gj_error(g, GJ_KEY_START);
				if ((rc = gj_scalar(g)) < 0)
					return rc;
				goto key_done;
			}
			if (s[g->i] == (*top == GJ_ARRAY ? ']' : '}') && *top != GJ_OBJ_KEY) {
				g->i++;
				g->depth--;
				continue;
			}
			return gj_end_error(g);
		}
		continue;
key_done:
		while (g->i < n && gj_space(s[g->i]))
			g->i++;
		if (g->i >= n)
			return GJ_EOF;
		if (s[g->i] != ':')
			return gj_end_error(g);
		g->i++;
		g->stack[g->depth - 1] = GJ_OBJ_VALUE;
	}
}

int kube_decode_manifest(const char *s, size_t len, unsigned flags, kube_doc_cb cb, void *payload,
			 kube_err *err)
{
	kube_err jerr = KUBE_ERR_INIT;
	kube_buf msg = KUBE_BUF_INIT;
	struct gjscan g;
	size_t pos = 0, index = 0, count = 0, chunks = 0, start;
	kube_obj *doc;
	int rc;

	if ((!s && len) || !cb)
		return kube_err_set(err, KUBE_EINVAL, "no input or callback");
	if (!s)
		s = "";
	while (pos < len && go_space((unsigned char)s[pos]))
		pos++;
	if (pos >= len || s[pos] != '{')
		return yaml_stream(s, len, flags, cb, payload, &index, &chunks, err);
	/* a JSON stream, read as json.Decoder does */
	memset(&g, 0, sizeof(g));
	g.s = s;
	g.len = len;
	g.msg = &msg;
	pos = 0;
	for (;;) {
		rc = gj_next(&g, &start);
		if (rc == 0)
			goto out;
		if (rc == KUBE_ENOMEM) {
			rc = oom(err);
			goto out;
		}
		if (rc < 0) {
			if (rc == GJ_EOF)
				kube_buf_puts(&msg, "unexpected EOF");
			break;
		}
		if ((rc = kube_obj_parse_json(&doc, s + start, g.i - start, err)) < 0)
			goto out;
		pos = g.i;
		count++;
		if ((rc = deliver(doc, &index, cb, payload, err)) < 0)
			goto out;
	}
	if ((rc = kube_buf_check(&msg, err)) < 0)
		goto done;
	/* json.Decoder's own error after two values, else kubectl's JSONSyntaxError wording */
	if (count > 1 || !g.off)
		rc = kube_err_set(&jerr, KUBE_EDECODE, "%s", msg.ptr);
	else
		rc = kube_err_set(&jerr, KUBE_EDECODE, "json: offset %zu: %s", g.off, msg.ptr);
	if (count > 1)
		goto out;
	/* Not (all) JSON: read the rest as YAML, from after the blanks ending the last line.
	 * When YAML fails on its first document too, the JSON error is the one reported. */
	while (pos < len && go_space((unsigned char)s[pos]) && s[pos] != '\n')
		pos++;
	if (pos < len && s[pos] == '\n')
		pos++;
	rc = yaml_stream(s + pos, len - pos, flags, cb, payload, &index, &chunks, err);
	if (rc == KUBE_EDECODE && chunks == 0) {
		rc = jerr.code;
		if (err)
			kube_err_move(err, &jerr);
	}
	goto done;
out:
	if (rc < 0 && jerr.code && err)
		kube_err_move(err, &jerr);
done:
	free(g.stack);
	kube_buf_release(&msg);
	kube_err_clear(&jerr);
	return rc;
}
