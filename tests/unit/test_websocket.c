/* Unit tests for the WebSocket framing (RFC 6455) and the channel protocol of exec/attach. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <kube/stream.h>
#include <kube/upgrade.h>

static const unsigned char rfc_mask[4] = {0x37, 0xfa, 0x21, 0x3d};

static void assert_bytes(const kube_buf *b, const unsigned char *want, size_t n)
{
	assert_int_equal(b->len, n);
	assert_memory_equal(b->ptr, want, n);
}

/* RFC 6455 section 5.7 examples */
static void test_rfc_examples(void **state)
{
	static const unsigned char hello[] = {0x81, 0x05, 'H', 'e', 'l', 'l', 'o'};
	static const unsigned char masked[] = {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d,
					       0x7f, 0x9f, 0x4d, 0x51, 0x58};
	static const unsigned char frag[] = {0x01, 0x03, 'H', 'e', 'l', 0x80, 0x02, 'l', 'o'};
	static const unsigned char ping[] = {0x89, 0x05, 'H', 'e', 'l', 'l', 'o'};
	kube_buf b = KUBE_BUF_INIT;

	(void)state;
	kube_ws_frame(&b, KUBE_WS_TEXT, true, "Hello", 5, NULL);
	assert_bytes(&b, hello, sizeof(hello));
	kube_buf_truncate(&b, 0);
	kube_ws_frame(&b, KUBE_WS_TEXT, true, "Hello", 5, rfc_mask);
	assert_bytes(&b, masked, sizeof(masked));
	kube_buf_truncate(&b, 0);
	kube_ws_frame(&b, KUBE_WS_TEXT, false, "Hel", 3, NULL);
	kube_ws_frame(&b, KUBE_WS_CONTINUATION, true, "lo", 2, NULL);
	assert_bytes(&b, frag, sizeof(frag));
	kube_buf_truncate(&b, 0);
	kube_ws_frame(&b, KUBE_WS_PING, true, "Hello", 5, NULL);
	assert_bytes(&b, ping, sizeof(ping));
	kube_buf_release(&b);
}

static void test_length_forms(void **state)
{
	static char big[70000];
	kube_buf b = KUBE_BUF_INIT;

	(void)state;
	memset(big, 'x', sizeof(big));
	kube_ws_frame(&b, KUBE_WS_BINARY, true, big, 125, NULL);
	assert_int_equal((unsigned char)b.ptr[1], 125);
	assert_int_equal(b.len, 2 + 125);
	kube_buf_truncate(&b, 0);
	kube_ws_frame(&b, KUBE_WS_BINARY, true, big, 256, NULL);
	assert_int_equal((unsigned char)b.ptr[0], 0x82);
	assert_int_equal((unsigned char)b.ptr[1], 126);
	assert_int_equal((unsigned char)b.ptr[2], 0x01);
	assert_int_equal((unsigned char)b.ptr[3], 0x00);
	assert_int_equal(b.len, 4 + 256);
	kube_buf_truncate(&b, 0);
	kube_ws_frame(&b, KUBE_WS_BINARY, true, big, 65536, rfc_mask);
	assert_int_equal((unsigned char)b.ptr[1], 0x80 | 127);
	assert_memory_equal(b.ptr + 2, "\0\0\0\0\0\x01\0\0", 8);
	assert_memory_equal(b.ptr + 10, rfc_mask, 4);
	assert_int_equal(b.len, 14 + 65536);
	/* the payload is masked byte by byte with the key */
	assert_int_equal((unsigned char)b.ptr[14], 'x' ^ 0x37);
	assert_int_equal((unsigned char)b.ptr[15], 'x' ^ 0xfa);
	assert_int_equal((unsigned char)b.ptr[14 + 65535], 'x' ^ 0x3d);
	kube_buf_release(&b);
}

/* Masked client frames read back by a server reader, one byte at a time. */
static void test_reader_roundtrip_bytewise(void **state)
{
	static char big[300];
	kube_buf b = KUBE_BUF_INIT;
	kube_ws_reader r;
	kube_ws_event ev;
	kube_err err = KUBE_ERR_INIT;
	size_t i, events = 0;

	(void)state;
	memset(big, 'y', sizeof(big));
	kube_ws_frame(&b, KUBE_WS_BINARY, true, big, sizeof(big), rfc_mask);
	kube_ws_frame(&b, KUBE_WS_TEXT, true, "hi", 2, rfc_mask);
	kube_ws_reader_init(&r, true, 0);
	for (i = 0; i < b.len; i++) {
		int n;

		assert_int_equal(kube_ws_reader_feed(&r, b.ptr + i, 1, &err), 0);
		while ((n = kube_ws_reader_next(&r, &ev, &err)) == 1) {
			if (events == 0) {
				assert_int_equal(ev.opcode, KUBE_WS_BINARY);
				assert_int_equal(ev.len, sizeof(big));
				assert_memory_equal(ev.data, big, sizeof(big));
			} else {
				assert_int_equal(ev.opcode, KUBE_WS_TEXT);
				assert_int_equal(ev.len, 2);
				assert_memory_equal(ev.data, "hi", 2);
			}
			events++;
		}
		assert_int_equal(n, 0);
	}
	assert_int_equal(events, 2);
	kube_ws_reader_release(&r);
	kube_buf_release(&b);
}

/* A fragmented message with a ping between its fragments: the ping comes out first. */
static void test_fragmentation_with_control(void **state)
{
	kube_buf b = KUBE_BUF_INIT;
	kube_ws_reader r;
	kube_ws_event ev;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	kube_ws_frame(&b, KUBE_WS_BINARY, false,
		      "\x01"
		      "ab",
		      3, NULL);
	kube_ws_frame(&b, KUBE_WS_PING, true, "p", 1, NULL);
	kube_ws_frame(&b, KUBE_WS_CONTINUATION, false, "cd", 2, NULL);
	kube_ws_frame(&b, KUBE_WS_CONTINUATION, true, "ef", 2, NULL);
	kube_ws_reader_init(&r, false, 0);
	assert_int_equal(kube_ws_reader_feed(&r, b.ptr, b.len, &err), 0);
	assert_int_equal(kube_ws_reader_next(&r, &ev, &err), 1);
	assert_int_equal(ev.opcode, KUBE_WS_PING);
	assert_int_equal(ev.len, 1);
	assert_int_equal(kube_ws_reader_next(&r, &ev, &err), 1);
	assert_int_equal(ev.opcode, KUBE_WS_BINARY);
	assert_int_equal(ev.len, 7);
	assert_memory_equal(ev.data,
			    "\x01"
			    "abcdef",
			    7);
	assert_int_equal(kube_ws_reader_next(&r, &ev, &err), 0);
	kube_ws_reader_release(&r);
	kube_buf_release(&b);
}

static void test_close_frames(void **state)
{
	kube_buf b = KUBE_BUF_INIT, t = KUBE_BUF_INIT;
	kube_ws_reader r;
	kube_ws_event ev;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	kube_ws_close_frame(&b, 1011, "server going down", NULL);
	assert_int_equal((unsigned char)b.ptr[0], 0x88);
	assert_int_equal((unsigned char)b.ptr[1], 2 + 17);
	assert_int_equal((unsigned char)b.ptr[2], 0x03);
	assert_int_equal((unsigned char)b.ptr[3], 0xf3);
	kube_ws_close_frame(&b, 0, NULL, NULL);
	kube_ws_reader_init(&r, false, 0);
	assert_int_equal(kube_ws_reader_feed(&r, b.ptr, b.len, &err), 0);
	assert_int_equal(kube_ws_reader_next(&r, &ev, &err), 1);
	assert_int_equal(ev.opcode, KUBE_WS_CLOSE);
	assert_int_equal(ev.close_code, 1011);
	assert_int_equal(ev.close_reason_len, 17);
	assert_memory_equal(ev.close_reason, "server going down", 17);
	kube_ws_close_text(&t, ev.close_code, ev.close_reason, ev.close_reason_len);
	assert_string_equal(t.ptr, "websocket: close 1011 (internal server error): server going "
				   "down");
	assert_int_equal(kube_ws_reader_next(&r, &ev, &err), 1);
	assert_int_equal(ev.opcode, KUBE_WS_CLOSE);
	assert_int_equal(ev.close_code, KUBE_WS_CLOSE_NO_STATUS);
	kube_buf_truncate(&t, 0);
	kube_ws_close_text(&t, KUBE_WS_CLOSE_ABNORMAL, "unexpected EOF", 14);
	assert_string_equal(t.ptr, "websocket: close 1006 (abnormal closure): unexpected EOF");
	kube_buf_truncate(&t, 0);
	kube_ws_close_text(&t, 4000, NULL, 0);
	assert_string_equal(t.ptr, "websocket: close 4000");
	kube_ws_reader_release(&r);
	kube_buf_release(&b);
	kube_buf_release(&t);
}

/* Protocol errors are KUBE_EDECODE with gorilla/websocket's words. */
static void expect_error(const void *data, size_t n, bool server, const char *msg)
{
	kube_ws_reader r;
	kube_ws_event ev;
	kube_err err = KUBE_ERR_INIT;

	kube_ws_reader_init(&r, server, 64);
	assert_int_equal(kube_ws_reader_feed(&r, data, n, &err), 0);
	assert_int_equal(kube_ws_reader_next(&r, &ev, &err), KUBE_EDECODE);
	assert_int_equal(err.code, KUBE_EDECODE);
	assert_string_equal(err.message, msg);
	kube_err_clear(&err);
	kube_ws_reader_release(&r);
}

static void test_protocol_errors(void **state)
{
	kube_buf b = KUBE_BUF_INIT;
	static char big[200];

	(void)state;
	/* a masked frame from the server, an unmasked one from a client */
	kube_ws_frame(&b, KUBE_WS_BINARY, true, "x", 1, rfc_mask);
	expect_error(b.ptr, b.len, false, "websocket: incorrect mask flag");
	kube_buf_truncate(&b, 0);
	kube_ws_frame(&b, KUBE_WS_BINARY, true, "x", 1, NULL);
	expect_error(b.ptr, b.len, true, "websocket: incorrect mask flag");
	expect_error("\x80\x00", 2, false, "websocket: continuation after final message frame");
	expect_error("\x03\x00", 2, false, "websocket: unknown opcode 3");
	expect_error("\xc2\x00", 2, false, "websocket: unexpected reserved bits 0x40");
	expect_error("\x09\x00", 2, false, "websocket: control frame not final");
	expect_error("\x89\x7e\x00\x80", 4, false, "websocket: control frame length > 125");
	expect_error("\x88\x02\x03\xed", 4, false, "websocket: bad close code 1005");
	expect_error("\x88\x03\x03\xe8\xff", 5, false,
		     "websocket: invalid utf8 payload in close frame");
	expect_error("\x02\x01x\x02\x00", 5, false,
		     "websocket: message start before final message frame");
	kube_buf_truncate(&b, 0);
	kube_ws_frame(&b, KUBE_WS_BINARY, true, big, sizeof(big), NULL);
	expect_error(b.ptr, b.len, false, "websocket: read limit exceeded");
	kube_buf_release(&b);
}

static void test_accept_key(void **state)
{
	char out[29];

	(void)state;
	/* RFC 6455 section 1.3 */
	kube_websocket_accept(out, "dGhlIHNhbXBsZSBub25jZQ==");
	assert_string_equal(out, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

/* ---- the channel protocol ---- */

static void test_channel_messages(void **state)
{
	kube_buf b = KUBE_BUF_INIT;
	kube_ws_reader r;
	kube_ws_event ev;
	kube_err err = KUBE_ERR_INIT;

	(void)state;
	kube_channel_frame(&b, KUBE_CHANNEL_STDIN, "ls\n", 3, rfc_mask);
	kube_channel_resize(&b, 120, 40, rfc_mask);
	kube_channel_close(&b, KUBE_CHANNEL_STDIN, rfc_mask);
	kube_ws_reader_init(&r, true, 0);
	assert_int_equal(kube_ws_reader_feed(&r, b.ptr, b.len, &err), 0);
	assert_int_equal(kube_ws_reader_next(&r, &ev, &err), 1);
	assert_int_equal(ev.opcode, KUBE_WS_BINARY);
	assert_int_equal(ev.len, 4);
	assert_memory_equal(ev.data, "\0ls\n", 4);
	assert_int_equal(kube_ws_reader_next(&r, &ev, &err), 1);
	assert_int_equal(ev.data[0], KUBE_CHANNEL_RESIZE);
	assert_int_equal(ev.len, 1 + strlen("{\"Width\":120,\"Height\":40}"));
	assert_memory_equal(ev.data + 1, "{\"Width\":120,\"Height\":40}", ev.len - 1);
	assert_int_equal(kube_ws_reader_next(&r, &ev, &err), 1);
	assert_int_equal(ev.len, 2);
	assert_int_equal(ev.data[0], 255);
	assert_int_equal(ev.data[1], 0);
	kube_ws_reader_release(&r);
	kube_buf_release(&b);
}

static void status_ok(const char *json, int want_code)
{
	int code = -1;
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_channel_status(&code, json, strlen(json), &err), 0);
	assert_int_equal(code, want_code);
	assert_int_equal(err.code, KUBE_OK);
}

static void status_err(const char *json, int want, const char *msg)
{
	int code = -1;
	kube_err err = KUBE_ERR_INIT;

	assert_int_equal(kube_channel_status(&code, json, strlen(json), &err), want);
	assert_int_equal(err.code, want);
	assert_string_equal(err.message, msg);
	kube_err_clear(&err);
}

static void test_channel_status(void **state)
{
	(void)state;
	status_ok("{\"metadata\":{},\"status\":\"Success\"}", 0);
	status_ok("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with "
		  "non-zero exit code: exit status 42\",\"reason\":\"NonZeroExitCode\",\"details\":"
		  "{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"42\"}]}}",
		  42);
	status_err("{\"status\":\"Failure\",\"message\":\"Internal error occurred: boom\","
		   "\"reason\":\"InternalError\",\"code\":500}",
		   KUBE_ERROR, "Internal error occurred: boom");
	status_err("{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\"}", KUBE_ERROR,
		   "error stream protocol error: details must be set");
	status_err("{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\",\"details\":{}}",
		   KUBE_ERROR, "error stream protocol error: no ExitCode cause given");
	status_err("{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":"
		   "[{\"reason\":\"ExitCode\",\"message\":\"300\"}]}}",
		   KUBE_ERROR, "error stream protocol error: invalid exit code value \"300\"");
	status_err("{\"status\":\"Weird\"}", KUBE_ERROR,
		   "error stream protocol error: unknown error");
	{
		int code = -1;
		kube_err err = KUBE_ERR_INIT;

		assert_int_equal(kube_channel_status(&code, "not json", 8, &err), KUBE_EDECODE);
		assert_true(!strncmp(err.message, "error stream protocol error: ", 29));
		assert_non_null(strstr(err.message, " in \"not json\""));
		kube_err_clear(&err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc_examples),
	    cmocka_unit_test(test_length_forms),
	    cmocka_unit_test(test_reader_roundtrip_bytewise),
	    cmocka_unit_test(test_fragmentation_with_control),
	    cmocka_unit_test(test_close_frames),
	    cmocka_unit_test(test_protocol_errors),
	    cmocka_unit_test(test_accept_key),
	    cmocka_unit_test(test_channel_messages),
	    cmocka_unit_test(test_channel_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
