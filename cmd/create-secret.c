/* kubec create secret docker-registry|generic|tls NAME */
#include <kube/mutate.h>

#include "mutate-cli.h"
#include "../lib/banned.h"

#define APPEND_HASH_OPT(T)                                                                         \
	KC_OPT_B(0, "append-hash", T, append_hash,                                                 \
		 "Add a hash of the secret's content to its name.", "false")

/* ---- generic ---- */

struct sg_args {
	struct kc_gen_common g;
	bool append_hash;
	const char *type;
	struct kc_strv from_env_file, from_file, from_literal;
};

static const struct sg_args sg_defaults = {.g = {KC_GEN_DEFAULTS}};

#define A struct sg_args
static const struct kc_opt sg_opts[] = {
	KC_GEN_OPT_AMTK(A),
	APPEND_HASH_OPT(A),
	KC_GEN_OPT_DRY_RUN(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-create'"),
	KC_OPT_A(0, "from-env-file", A, from_env_file, "strings", "A file of KEY=VALUE lines (the format of env files) to read keys and values from; may be repeated.", KC_COMP_FILE, KC_OPT_COMMA),
	KC_OPT_A(0, "from-file", A, from_file, "strings", "A file or directory to read: the key is the file name unless given as key=path; a directory adds each regular file it holds. May be repeated.", KC_COMP_FILE, KC_OPT_COMMA),
	KC_OPT_A(0, "from-literal", A, from_literal, "stringArray", "A key and a value to add, written key=value (e.g. mykey=somevalue); may be repeated.", 0, 0),
	KC_GEN_OPTS_OUTPUT(A),
	KC_GEN_OPT_TEMPLATE(A),
	KC_OPT_S(0, "type", A, type, "string", "The secret's type (for example kubernetes.io/basic-auth).", "''", 0),
	KC_GEN_OPT_VALIDATE(A),
	KC_OPT_END_(),
};
#undef A

static int sg_gen(kube_obj **out, const struct kc_gen_ctx *g, void *vargs, kube_err *err)
{
	const struct sg_args *a = vargs;
	kube_gen_source_opts src = {a->from_file.v, a->from_file.n, a->from_literal.v,
				    a->from_literal.n, a->from_env_file.v, a->from_env_file.n};

	return kube_gen_secret(out, g->name, g->namespace, a->type, &src, a->append_hash, err);
}

static int sg_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct sg_args *a = vargs;

	return kc_create_generated(ctx, &a->g, argc, argv, NULL, sg_gen, a,
				   "failed to create secret ");
}

static const struct kc_cmd cmd_create_secret_generic = {
	.name = "generic",
	.summary = "Create a secret from files, directories or literal values",
	.description =
		"Create a secret holding keys and values taken from files, directories or literal "
		"values; values are stored base64-encoded.\n\n"
		" A file gives one key, named after the file unless a key is given with "
		"--from-file=key=path, whose value is the file's content.\n\n"
		" A directory gives one key per regular file directly inside it; subdirectories, "
		"symlinks, devices and pipes are skipped.",
	.examples = "  # A secret with one key per file of the directory creds\n"
		    "  kubectl create secret generic app-creds --from-file=creds\n\n"
		    "  # Keys of your choice for an ssh key pair\n"
		    "  kubectl create secret generic ssh-pair --from-file=private=keys/id_ed25519 "
		    "--from-file=public=keys/id_ed25519.pub\n\n"
		    "  # Keys and values given on the command line\n"
		    "  kubectl create secret generic db-login --from-literal=user=app "
		    "--from-literal=password=changeme\n\n"
		    "  # Keys and values from an env file\n"
		    "  kubectl create secret generic app-env --from-env-file=prod.env",
	.usage = "NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] "
		 "[--dry-run=server|client|none] [options]",
	.opts = sg_opts,
	KC_GEN_CMD_FIELDS(struct sg_args, sg_defaults),
	.run = sg_run,
};

/* ---- tls ---- */

struct st_args {
	struct kc_gen_common g;
	bool append_hash;
	const char *cert, *key;
};

static const struct st_args st_defaults = {.g = {KC_GEN_DEFAULTS}};

#define A struct st_args
static const struct kc_opt st_opts[] = {
	KC_GEN_OPT_AMTK(A),
	APPEND_HASH_OPT(A),
	KC_OPT_S(0, "cert", A, cert, "string", "The PEM file with the certificate (the public key).", "''", KC_COMP_FILE),
	KC_GEN_OPT_DRY_RUN(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-create'"),
	KC_OPT_S(0, "key", A, key, "string", "The PEM file with the private key of the certificate.", "''", KC_COMP_FILE),
	KC_GEN_OPTS_OUTPUT(A),
	KC_GEN_OPTS_END(A),
};
#undef A

static int st_check(struct kc_ctx *ctx, void *vargs)
{
	struct st_args *a = vargs;

	if (!a->cert || !*a->cert || !a->key || !*a->key)
		return kc_error(ctx, "key and cert must be specified");
	return 0;
}

static int st_gen(kube_obj **out, const struct kc_gen_ctx *g, void *vargs, kube_err *err)
{
	const struct st_args *a = vargs;

	return kube_gen_secret_tls(out, g->name, g->namespace, a->cert, a->key, a->append_hash,
				   err);
}

static int st_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct st_args *a = vargs;

	return kc_create_generated(ctx, &a->g, argc, argv, st_check, st_gen, a,
				   "failed to create secret ");
}

static const struct kc_cmd cmd_create_secret_tls = {
	.name = "tls",
	.summary = "Create a TLS secret from a certificate and its key",
	.description = "Create a secret of type kubernetes.io/tls from a certificate and its "
		       "private key.\n\n"
		       " Both files must exist and be PEM encoded, and the key must belong to the "
		       "certificate.",
	.examples = "  # A TLS secret from web.crt and web.key\n"
		    "  kubectl create secret tls web-tls --cert=certs/web.crt --key=certs/web.key",
	.usage = "NAME --cert=path/to/cert/file --key=path/to/key/file "
		 "[--dry-run=server|client|none] [options]",
	.opts = st_opts,
	KC_GEN_CMD_FIELDS(struct st_args, st_defaults),
	.run = st_run,
};

/* ---- docker-registry ---- */

struct sd_args {
	struct kc_gen_common g;
	bool append_hash;
	const char *docker_email, *docker_password, *docker_server, *docker_username;
	struct kc_strv from_file;
};

static const struct sd_args sd_defaults = {.g = {KC_GEN_DEFAULTS},
					   .docker_server = "https://index.docker.io/v1/"};

#define A struct sd_args
static const struct kc_opt sd_opts[] = {
	KC_GEN_OPT_AMTK(A),
	APPEND_HASH_OPT(A),
	KC_OPT_S(0, "docker-email", A, docker_email, "string", "The email address for the registry.", "''", 0),
	KC_OPT_S(0, "docker-password", A, docker_password, "string", "The password for the registry.", "''", 0),
	KC_OPT_S(0, "docker-server", A, docker_server, "string", "The address of the registry.", "'https://index.docker.io/v1/'", 0),
	KC_OPT_S(0, "docker-username", A, docker_username, "string", "The user name for the registry.", "''", 0),
	KC_GEN_OPT_DRY_RUN(A),
	KC_GEN_OPT_FIELD_MANAGER(A, "'kubectl-create'"),
	KC_OPT_A(0, "from-file", A, from_file, "strings", "A docker config file to store instead of the credentials, as [key=]path; the key is .dockerconfigjson unless given.", KC_COMP_FILE, KC_OPT_COMMA),
	KC_GEN_OPTS_OUTPUT(A),
	KC_GEN_OPTS_END(A),
};
#undef A

static int sd_check(struct kc_ctx *ctx, void *vargs)
{
	struct sd_args *a = vargs;

	if (!a->from_file.n && (!a->docker_username || !*a->docker_username ||
				!a->docker_password || !*a->docker_password ||
				!a->docker_server || !*a->docker_server))
		return kc_error(ctx, "either --from-file or the combination of --docker-username, "
				     "--docker-password and --docker-server is required");
	return 0;
}

static int sd_gen(kube_obj **out, const struct kc_gen_ctx *g, void *vargs, kube_err *err)
{
	const struct sd_args *a = vargs;
	kube_gen_source_opts src = {.from_file = a->from_file.v, .nfrom_file = a->from_file.n};

	return kube_gen_secret_docker(out, g->name, g->namespace, a->docker_server,
				      a->docker_username, a->docker_password, a->docker_email, &src,
				      a->append_hash, err);
}

static int sd_run(struct kc_ctx *ctx, void *vargs, int argc, char **argv)
{
	struct sd_args *a = vargs;

	return kc_create_generated(ctx, &a->g, argc, argv, sd_check, sd_gen, a,
				   "failed to create secret ");
}

static const struct kc_cmd cmd_create_secret_docker_registry = {
	.name = "docker-registry",
	.summary = "Create a secret with credentials for a container registry",
	.description =
		"Create a secret of type kubernetes.io/dockerconfigjson that pods name in "
		"imagePullSecrets to pull images from a private registry.\n\n"
		" The secret holds the registry's address and the user name, password and email "
		"given, or an existing docker config file given with --from-file.",
	.examples = "  # Credentials for a private registry\n"
		    "  kubectl create secret docker-registry regcred --docker-server=registry.example "
		    "--docker-username=bot --docker-password=s3cret --docker-email=bot@example.com\n\n"
		    "  # From an existing docker config file\n"
		    "  kubectl create secret docker-registry regcred "
		    "--from-file=.dockerconfigjson=config.json",
	.usage = "NAME --docker-username=user --docker-password=password --docker-email=email "
		 "[--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none] "
		 "[options]",
	.opts = sd_opts,
	KC_GEN_CMD_FIELDS(struct sd_args, sd_defaults),
	.run = sd_run,
};

/* ---- the group ---- */

static const struct kc_cmd *const secret_sub[] = {
	&cmd_create_secret_docker_registry,
	&cmd_create_secret_generic,
	&cmd_create_secret_tls,
	NULL,
};

const struct kc_cmd cmd_create_secret = {
	.name = "secret",
	.summary = "Create a secret for use in the cluster",
	.description = "Create a secret of one of the kinds below.\n\n"
		       " docker-registry holds the credentials of a container registry.\n\n"
		       " generic makes an Opaque secret from files or literal values.\n\n"
		       " tls makes a kubernetes.io/tls secret from a certificate and its key.",
	.usage = "(docker-registry | generic | tls) [options]",
	.sub = secret_sub,
	.flags = KC_CMD_GROUP_ONLY,
};
