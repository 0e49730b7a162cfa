/* Go's text/tabwriter (elastic tabstops), with liggitt/tabwriter's RememberWidths as kubectl
 * uses it. Text is collected without its tabs and line breaks; each line is a run of cells
 * (size in bytes, width in runes, terminated by a hard tab or not). Formatting walks column by
 * column: a column's block is a maximal run of consecutive lines that have a tab-terminated cell
 * in that column, and the block is formatted recursively for the next column. */
#include <stdlib.h>
#include <string.h>

#include "printer-internal.h"
#include "banned.h"

#define TW_ESCAPE 0xff

struct cell {
	size_t size; /* bytes */
	int width;   /* runes */
	bool htab;   /* terminated by '\t' (not '\v') */
};

struct line {
	size_t first, n; /* cells[first .. first+n) */
};

struct kube_tabwriter {
	kube_tabwriter_opts o;
	kube_buf text;         /* collected text without tabs and line breaks */
	size_t pos;            /* text offset up to which cell.width is computed */
	struct cell cell;      /* incomplete cell */
	unsigned char endchar; /* inside an escape: the byte that ends it */
	struct cell *cells;
	size_t ncells, capcells;
	struct line *lines;
	size_t nlines, caplines;
	int *widths; /* widths of the columns being formatted (a stack) */
	size_t nwidths, capwidths;
	int *maxwidths; /* RememberWidths */
	size_t nmax, capmax;
	kube_buf pending; /* formatted output not yet handed to a flush */
	bool failed;
};

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
	void *n;
	size_t c = *cap ? *cap : 16;

	if (need <= *cap)
		return true;
	while (c < need)
		c *= 2;
	if (!(n = realloc(*p, c * size)))
		return false;
	*p = n;
	*cap = c;
	return true;
}

static bool push_int(kube_tabwriter *tw, int **v, size_t *n, size_t *cap, int x)
{
	if (!grow((void **)v, cap, *n + 1, sizeof(int))) {
		tw->failed = true;
		return false;
	}
	(*v)[(*n)++] = x;
	return true;
}

static void add_line(kube_tabwriter *tw)
{
	if (!grow((void **)&tw->lines, &tw->caplines, tw->nlines + 1, sizeof(*tw->lines))) {
		tw->failed = true;
		return;
	}
	tw->lines[tw->nlines].first = tw->ncells;
	tw->lines[tw->nlines].n = 0;
	tw->nlines++;
}

static void reset(kube_tabwriter *tw)
{
	kube_buf_truncate(&tw->text, 0);
	tw->pos = 0;
	memset(&tw->cell, 0, sizeof(tw->cell));
	tw->endchar = 0;
	tw->ncells = 0;
	tw->nlines = 0;
	tw->nwidths = 0;
	add_line(tw);
}

int kube_tabwriter_new(kube_tabwriter **out, const kube_tabwriter_opts *opts, kube_err *err)
{
	kube_tabwriter *tw;

	*out = NULL;
	if (opts && (opts->minwidth < 0 || opts->tabwidth < 0 || opts->padding < 0))
		return kube_err_set(err, KUBE_EINVAL, "negative minwidth, tabwidth, or padding");
	if (!(tw = calloc(1, sizeof(*tw))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	if (opts)
		tw->o = *opts;
	if (!tw->o.padchar)
		tw->o.padchar = ' ';
	if (tw->o.padchar == '\t')
		tw->o.flags &= ~(unsigned)KUBE_TW_ALIGN_RIGHT;
	tw->text = (kube_buf)KUBE_BUF_INIT;
	tw->pending = (kube_buf)KUBE_BUF_INIT;
	reset(tw);
	if (tw->failed) {
		kube_tabwriter_free(tw);
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	}
	*out = tw;
	return 0;
}

void kube_tabwriter_free(kube_tabwriter *tw)
{
	if (!tw)
		return;
	kube_buf_release(&tw->text);
	kube_buf_release(&tw->pending);
	free(tw->cells);
	free(tw->lines);
	free(tw->widths);
	free(tw->maxwidths);
	free(tw);
}

void kube_tabwriter_reset_widths(kube_tabwriter *tw)
{
	tw->nmax = 0;
}

/* ---- formatting ---- */

static void write_padding(kube_tabwriter *tw, int textw, int cellw, bool use_tabs)
{
	int n;

	if (tw->o.padchar == '\t' || use_tabs) {
		if (tw->o.tabwidth == 0)
			return;
		cellw = (cellw + tw->o.tabwidth - 1) / tw->o.tabwidth * tw->o.tabwidth;
		n = cellw - textw;
		for (n = (n + tw->o.tabwidth - 1) / tw->o.tabwidth; n > 0; n--)
			kube_buf_putc(&tw->pending, '\t');
		return;
	}
	for (n = cellw - textw; n > 0; n--)
		kube_buf_putc(&tw->pending, tw->o.padchar);
}

static size_t write_lines(kube_tabwriter *tw, size_t pos, size_t line0, size_t line1)
{
	kube_buf *o = &tw->pending;
	size_t i, j;

	for (i = line0; i < line1; i++) {
		const struct line *ln = &tw->lines[i];
		bool use_tabs = tw->o.flags & KUBE_TW_TAB_INDENT;

		for (j = 0; j < ln->n; j++) {
			const struct cell *c = &tw->cells[ln->first + j];
			bool padded = j < tw->nwidths;

			if (j > 0 && (tw->o.flags & KUBE_TW_DEBUG))
				kube_buf_putc(o, '|');
			if (c->size == 0) {
				if (padded)
					write_padding(tw, c->width, tw->widths[j], use_tabs);
				continue;
			}
			use_tabs = false;
			if (tw->o.flags & KUBE_TW_ALIGN_RIGHT) {
				if (padded)
					write_padding(tw, c->width, tw->widths[j], false);
				kube_buf_put(o, tw->text.ptr + pos, c->size);
			} else {
				kube_buf_put(o, tw->text.ptr + pos, c->size);
				if (padded)
					write_padding(tw, c->width, tw->widths[j], false);
			}
			pos += c->size;
		}
		if (i + 1 == tw->nlines) {
			/* last buffered line: no newline yet, write the incomplete cell */
			kube_buf_put(o, tw->text.ptr + pos, tw->cell.size);
			pos += tw->cell.size;
		} else {
			kube_buf_putc(o, '\n');
		}
	}
	return pos;
}

static size_t format(kube_tabwriter *tw, size_t pos, size_t line0, size_t line1)
{
	size_t column = tw->nwidths, cur;

	for (cur = line0; cur < line1; cur++) {
		int width = tw->o.minwidth;
		bool discardable = true;

		if (column + 1 >= tw->lines[cur].n)
			continue;
		/* cell exists in this column: this line starts a block */
		pos = write_lines(tw, pos, line0, cur);
		line0 = cur;
		for (; cur < line1; cur++) {
			const struct line *ln = &tw->lines[cur];
			const struct cell *c;

			if (column + 1 >= ln->n)
				break;
			c = &tw->cells[ln->first + column];
			if (c->width + tw->o.padding > width)
				width = c->width + tw->o.padding;
			if (c->width > 0 || c->htab)
				discardable = false;
		}
		if (discardable && (tw->o.flags & KUBE_TW_DISCARD_EMPTY))
			width = 0;
		if (tw->o.flags & KUBE_TW_REMEMBER_WIDTHS) {
			while (tw->nmax < tw->nwidths &&
			       push_int(tw, &tw->maxwidths, &tw->nmax, &tw->capmax,
					tw->widths[tw->nmax]))
				;
			if (tw->nmax == tw->nwidths)
				push_int(tw, &tw->maxwidths, &tw->nmax, &tw->capmax, width);
			else if (tw->nmax > tw->nwidths && tw->maxwidths[tw->nwidths] > width)
				width = tw->maxwidths[tw->nwidths];
			else if (tw->nmax > tw->nwidths)
				tw->maxwidths[tw->nwidths] = width;
		}
		if (!push_int(tw, &tw->widths, &tw->nwidths, &tw->capwidths, width))
			return pos;
		pos = format(tw, pos, line0, cur);
		tw->nwidths--;
		line0 = cur;
	}
	return write_lines(tw, pos, line0, line1);
}

/* ---- input ---- */

static void append_text(kube_tabwriter *tw, const char *p, size_t n)
{
	kube_buf_put(&tw->text, p, n);
	tw->cell.size += n;
}

static void update_width(kube_tabwriter *tw)
{
	tw->cell.width += (int)kgo_rune_count(tw->text.ptr + tw->pos, tw->text.len - tw->pos);
	tw->pos = tw->text.len;
}

static void end_escape(kube_tabwriter *tw)
{
	switch (tw->endchar) {
	case TW_ESCAPE:
		update_width(tw);
		if (!(tw->o.flags & KUBE_TW_STRIP_ESCAPE))
			tw->cell.width -= 2;
		break;
	case ';':
		tw->cell.width++;
		break;
	}
	tw->pos = tw->text.len;
	tw->endchar = 0;
}

static size_t terminate_cell(kube_tabwriter *tw, bool htab)
{
	struct line *ln = &tw->lines[tw->nlines - 1];

	tw->cell.htab = htab;
	if (!grow((void **)&tw->cells, &tw->capcells, tw->ncells + 1, sizeof(*tw->cells))) {
		tw->failed = true;
		return ln->n;
	}
	tw->cells[tw->ncells++] = tw->cell;
	ln->n++;
	memset(&tw->cell, 0, sizeof(tw->cell));
	return ln->n;
}

static void flush_internal(kube_tabwriter *tw)
{
	if (tw->cell.size > 0) {
		if (tw->endchar)
			end_escape(tw);
		terminate_cell(tw, false);
	}
	if (!tw->failed && !tw->text.failed)
		format(tw, 0, 0, tw->nlines);
	reset(tw);
}

void kube_tabwriter_write(kube_tabwriter *tw, const char *buf, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (tw->endchar) {
			if (ch == tw->endchar) {
				size_t j = i + 1;

				if (ch == TW_ESCAPE && (tw->o.flags & KUBE_TW_STRIP_ESCAPE))
					j = i;
				append_text(tw, buf + n, j - n);
				n = i + 1;
				end_escape(tw);
			}
			continue;
		}
		switch (ch) {
		case '\t':
		case '\v':
		case '\n':
		case '\f': {
			size_t ncells;

			append_text(tw, buf + n, i - n);
			update_width(tw);
			n = i + 1;
			ncells = terminate_cell(tw, ch == '\t');
			if (ch == '\n' || ch == '\f') {
				add_line(tw);
				if (ch == '\f' || ncells == 1) {
					/* a single-cell line ends every column: Go flushes here */
					flush_internal(tw);
					if (ch == '\f' && (tw->o.flags & KUBE_TW_DEBUG))
						kube_buf_puts(&tw->pending, "---\n");
				}
			}
			break;
		}
		case TW_ESCAPE:
			append_text(tw, buf + n, i - n);
			update_width(tw);
			n = i;
			if (tw->o.flags & KUBE_TW_STRIP_ESCAPE)
				n++;
			tw->endchar = TW_ESCAPE;
			break;
		case '<':
		case '&':
			if (tw->o.flags & KUBE_TW_FILTER_HTML) {
				append_text(tw, buf + n, i - n);
				update_width(tw);
				n = i;
				tw->endchar = ch == '<' ? '>' : ';';
			}
			break;
		}
	}
	append_text(tw, buf + n, len - n);
}

void kube_tabwriter_puts(kube_tabwriter *tw, const char *s)
{
	kube_tabwriter_write(tw, s, strlen(s));
}

int kube_tabwriter_flush(kube_tabwriter *tw, kube_buf *out, kube_err *err)
{
	bool failed;

	flush_internal(tw);
	failed = tw->failed || tw->text.failed || tw->pending.failed;
	if (!failed)
		kube_buf_put(out, tw->pending.ptr, tw->pending.len);
	kube_buf_release(&tw->pending);
	kube_buf_release(&tw->text);
	tw->failed = false;
	reset(tw);
	if (failed || tw->failed)
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	return 0;
}
