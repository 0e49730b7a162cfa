/* Terminal sessions for exec -it / attach -it: raw mode that is restored on every exit path,
 * window size changes (SIGWINCH) and termination signals, as kubectl's term.TTY.Safe and
 * interrupt handler do it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <kube/stream.h>

#include "banned.h"

static const int term_signals[] = {SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NSIGNALS (sizeof(term_signals) / sizeof(term_signals[0]))

struct kube_term {
	int fd;
	struct termios saved;
	int pipe[2];
	struct sigaction old[NSIGNALS];
};

/* The session the handlers work on (one per process). */
static volatile sig_atomic_t g_signal, g_winch;
static volatile int g_fd = -1, g_wake = -1;
static struct termios g_saved;

static void on_signal(int sig)
{
	int e = errno;
	char c = 0;

	if (sig == SIGWINCH) {
		g_winch = 1;
	} else {
		/* restore at once: whatever happens next, the terminal is sane again */
		if (g_fd >= 0)
			tcsetattr(g_fd, TCSANOW, &g_saved);
		g_signal = sig;
	}
	if (g_wake >= 0 && write(g_wake, &c, 1) < 0) {
		/* the pipe is full: an event is pending anyway */
	}
	errno = e;
}

bool kube_term_is_terminal(int fd)
{
	struct termios t;

	return fd >= 0 && tcgetattr(fd, &t) == 0;
}

bool kube_term_get_size(int fd, unsigned *width, unsigned *height)
{
	struct winsize ws;

	if (fd < 0 || ioctl(fd, TIOCGWINSZ, &ws) < 0)
		return false;
	*width = ws.ws_col;
	*height = ws.ws_row;
	return true;
}

int kube_term_open(kube_term **out, int fd, bool raw, kube_err *err)
{
	kube_term *t;
	struct sigaction sa;
	size_t i;

	*out = NULL;
	if (!(t = calloc(1, sizeof(*t))))
		return kube_err_set(err, KUBE_ENOMEM, "out of memory");
	t->fd = fd;
	if (tcgetattr(fd, &t->saved) < 0) {
		free(t);
		return kube_err_set(err, KUBE_EIO, "%s", strerror(errno));
	}
	if (pipe2(t->pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(t);
		return kube_err_set(err, KUBE_EIO, "pipe: %s", strerror(errno));
	}
	g_saved = t->saved;
	g_signal = 0;
	g_winch = 0;
	g_wake = t->pipe[1];
	g_fd = fd;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSIGNALS; i++)
		sigaddset(&sa.sa_mask, term_signals[i]);
	/* no SA_RESTART: a blocked write returns EINTR and the caller sees the event */
	for (i = 0; i < NSIGNALS; i++)
		sigaction(term_signals[i], &sa, &t->old[i]);
	if (raw) {
		struct termios r = t->saved;

		cfmakeraw(&r);
		r.c_cc[VMIN] = 1;
		r.c_cc[VTIME] = 0;
		if (tcsetattr(fd, TCSANOW, &r) < 0) {
			int e = errno;

			kube_term_close(t);
			return kube_err_set(err, KUBE_EIO, "%s", strerror(e));
		}
	}
	*out = t;
	return 0;
}

void kube_term_close(kube_term *t)
{
	size_t i;

	if (!t)
		return;
	tcsetattr(t->fd, TCSANOW, &t->saved);
	g_fd = -1;
	for (i = 0; i < NSIGNALS; i++)
		sigaction(term_signals[i], &t->old[i], NULL);
	g_wake = -1;
	close(t->pipe[0]);
	close(t->pipe[1]);
	free(t);
}

int kube_term_event_fd(const kube_term *t)
{
	return t->pipe[0];
}

int kube_term_events(kube_term *t, bool *resized)
{
	char buf[64];

	while (read(t->pipe[0], buf, sizeof(buf)) > 0)
		;
	*resized = g_winch != 0;
	g_winch = 0;
	return g_signal;
}
