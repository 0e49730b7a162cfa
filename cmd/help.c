/* kubec help [command]: cobra's help command. */
#include <stdio.h>
#include <string.h>

#include "kc.h"
#include "../lib/banned.h"

static int help_run(struct kc_ctx *ctx, void *args, int argc, char **argv)
{
	const struct kc_cmd *cmd = &cmd_root, *sub;
	size_t plen = (size_t)snprintf(ctx->path, sizeof(ctx->path), "%s", ctx->argv0);
	int i;

	(void)args;
	for (i = 0; i < argc; i++) {
		if (!(sub = kc_find_sub(cmd, argv[i])))
			break;
		cmd = sub;
		plen += (size_t)snprintf(ctx->path + plen, sizeof(ctx->path) - plen, " %s", cmd->name);
		if (plen >= sizeof(ctx->path))
			plen = sizeof(ctx->path) - 1;
	}
	if (argc && cmd == &cmd_root) {
		/* an unknown first word (deeper ones are ignored, as cobra's Find does).
		 * cobra: Printf("Unknown help topic %#q\n", args), then the root's usage */
		printf("Unknown help topic [");
		for (i = 0; i < argc; i++)
			printf("%s`%s`", i ? " " : "", argv[i]);
		printf("]\n\n\n");
		kc_help_root_commands(ctx, stdout);
		return 0;
	}
	kc_help(ctx, cmd, stdout);
	return 0;
}

const struct kc_cmd cmd_help = {
	.name = "help",
	.summary = "Help about any command",
	.description = "Help provides help for any command in the application.\n"
		       "Simply type kubectl help [path to command] for full details.",
	.usage = "[command] [flags] [options]",
	.min_args = 0,
	.max_args = -1,
	.run = help_run,
	.flags = KC_CMD_HIDDEN,
};
