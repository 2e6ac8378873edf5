// SPDX-License-Identifier: GPL-2.0
/*
 * The scc format: a finding shaped like Security Command Center's
 * "Execution: Container Escape" (the Finding message of
 * google/cloud/securitycenter/v2, in its JSON names).  What SCC has a key
 * for is where SCC puts it; everything else of ours is under the one key
 * "sourceProperties" (format_scc_props.c).  schema/finding-scc.schema.json
 * describes the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/hex.h"
#include "base/names.h"
#include "base/strdupf.h"
#include "format/format_container.h"
#include "format/format_scc.h"
#include "format/format_scc_props.h"
#include "format/json_tpl.h"

#define CATEGORY "Execution: Container Escape"
#define FINDINGS "/sources/escapewatch/findings/"

static const char next_steps[] =
	"Review the program binary (processes[0].binary: its path and "
	"SHA-256) and its arguments (processes[0].args), and the processes "
	"that started it (sourceProperties.ancestors). Look for other "
	"findings from the same container at a similar time "
	"(sourceProperties.relatedFindings). Review the container's "
	"settings (privileged mode, capabilities, host mounts, host "
	"namespaces: sourceProperties.namespaces) and its logs. See MITRE "
	"ATT&CK T1611, Escape to Host: "
	"https://attack.mitre.org/techniques/T1611/";

/* SCC's File: the executed file, hashed as the module hashed it. */
static void file(struct ew_tb *b, const char *key, const struct ew_event *ev,
		 int with_content)
{
	const struct ew_exec_record *r = ev->rec;
	const struct ew_text *t = with_content ? ew_event_file(ev) : &ev->interp;
	char hex[65];

	ew_tb_obj(b, key);
	if (!ew_scc_text(b, "path", t))
		ew_tb_const(b, "path", "");
	if (!with_content)
		goto out;
	ew_tb_int_fixed(b, "size", (json_int_t)r->file_size);
	if (!(r->hdr.flags & EW_EXEC_HASHED))
		goto out;
	ew_hex_bytes(hex, r->sha256, 32);
	ew_tb_memo(b, "sha256", hex, 64);
	ew_tb_int_fixed(b, "hashedSize", (json_int_t)r->hashed_size);
	ew_tb_bool(b, "partiallyHashed", r->hdr.flags & EW_EXEC_PARTIAL);
out:
	ew_tb_end(b);
}

static void args(struct ew_tb *b, const struct ew_event *ev)
{
	struct ew_text arg;
	size_t off = 0;

	ew_tb_arr(b, "args");
	if (!(ev->argv.flags & EW_FIELD_UNREADABLE))
		while (ew_argv_next(&ev->argv, &off, &arg))
			ew_tb_memo(b, NULL, arg.p, arg.len);
	ew_tb_end(b);
}

/* SCC's Process; for a script, binary is the interpreter. */
static void process(struct ew_tb *b, const struct ew_event *ev)
{
	const struct ew_exec_record *r = ev->rec;
	int script = ev->interp.present;

	ew_tb_obj(b, NULL);
	ew_tb_memo_str(b, "name", r->comm);
	file(b, "binary", ev, !script);
	if (script)
		file(b, "script", ev, 1);
	args(b, ev);
	ew_tb_bool(b, "argumentsTruncated", ew_argv_truncated(ev));
	ew_tb_int(b, "pid", r->pid);
	ew_tb_memo_int(b, "parentPid", r->ppid);
	ew_tb_end(b);
}

/*
 * SCC's Container: its name, image, image id, labels and created time from
 * the runtime's state files; the runtime and ids from the cgroup path are
 * labels too.  Without the state files the name is the id.
 */
static void container(struct ew_tb *b, const struct ew_finding *f)
{
	const struct ew_identity *id = f->identity;

	ew_tb_obj(b, NULL);
	ew_tb_memo_str(b, "name", id && id->name[0] ? id->name :
		       f->container.id);
	if (id && id->image[0])
		ew_tb_memo_str(b, "uri", id->image);
	if (id && id->image_id[0])
		ew_tb_memo_str(b, "imageId", id->image_id);
	ew_scc_labels(b, "labels", f, id ? id->labels : NULL, 1);
	if (id && id->created[0])
		ew_tb_memo_str(b, "createTime", id->created);
	ew_tb_end(b);
}

static void containers(struct ew_tb *b, const struct ew_finding *f)
{
	ew_tb_arr(b, "containers");
	if (f->container_known)
		container(b, f);
	ew_tb_end(b);
}

/*
 * SCC's Kubernetes: the pod the container's runtime says it belongs to,
 * with the container in it, and the node.  Nothing when neither is known.
 */
static void kubernetes(struct ew_tb *b, const struct ew_finding *f)
{
	const struct ew_identity *id = f->identity;
	const char *node = f->ident->node;

	if (!(id && id->pod.name[0]) && !node[0])
		return;
	ew_tb_obj(b, "kubernetes");
	if (id && id->pod.name[0]) {
		ew_tb_arr(b, "pods");
		ew_tb_obj(b, NULL);
		ew_tb_memo_str(b, "ns", id->pod.ns);
		ew_tb_memo_str(b, "name", id->pod.name);
		ew_tb_arr(b, "labels");
		ew_tb_end(b);
		ew_tb_arr(b, "containers");
		container(b, f);
		ew_tb_end(b);
		ew_tb_end(b);
		ew_tb_end(b);
	}
	if (node[0]) {
		ew_tb_arr(b, "nodes");
		ew_tb_obj(b, NULL);
		ew_tb_fixed_bytes(b, "name", node, strlen(node));
		ew_tb_end(b);
		ew_tb_end(b);
	}
	ew_tb_end(b);
}

static void shape_str(struct ew_tb *b, const char *s)
{
	ew_tb_shape_bytes(b, s, strlen(s));
}

/*
 * Built from the raw strings, escaped once as a whole: made for a template
 * only, the shape holding everything it is made of.
 */
static void description(struct ew_tb *b, const struct ew_finding *f,
			const char *raised)
{
	const struct ew_exec_record *r = f->ev->rec;
	const char *name = f->identity ? f->identity->name : "";
	char where[512], *text = NULL;
	int contained = f->weigh == EW_WEIGH_CONTAINED;

	ew_tb_shape(b, (uint64_t)f->container_known << 32 | r->rule_id);
	if (f->container_known) {
		shape_str(b, f->container.runtime);
		shape_str(b, f->container.id);
	}
	shape_str(b, name);
	shape_str(b, r->rule);
	ew_tb_shape(b, (uintptr_t)ew_evidence_kind(r));
	shape_str(b, r->matched);
	shape_str(b, r->pattern);
	ew_tb_shape(b, (r->hdr.flags & EW_EXEC_FAILED ? 1 : 0) |
		    (contained ? 2 : 0));
	shape_str(b, raised);
	if (contained)
		shape_str(b, f->weigh_why);
	if (!ew_tb_tree(b))
		goto out;
	ew_container_label(f, where, sizeof(where));
	if (name[0])
		snprintf(where + strlen(where), sizeof(where) - strlen(where),
			 " (%s)", name);
	text = ew_strdupf("A process in %s%s executed a program that rule \"%s\" "
			  "(%u) identifies as a container escape tool (%s "
			  "match: \"%s\"%s%s%s)%s. Container escape tools "
			  "look for and exploit misconfigurations (privileged "
			  "containers, host mounts, exposed runtime sockets) "
			  "and runtime vulnerabilities to reach the host or "
			  "other containers.%s%s%s%s%s%s",
			  where[0] ? "container " : "a container", where,
			  r->rule, r->rule_id, ew_evidence_kind(r),
			  r->matched, r->pattern[0] ? " by \"" : "", r->pattern,
			  r->pattern[0] ? "\"" : "",
			  r->hdr.flags & EW_EXEC_FAILED ?
			  "; the exec was not seen to complete" : "",
			  raised[0] ? " Severity raised to CRITICAL: " : "",
			  raised, raised[0] ? "." : "",
			  contained ? " The command line stays in the "
				      "container: " : "",
			  contained ? f->weigh_why : "", contained ? "." : "");
out:
	ew_tb_fixed_escaped(b, "description", text, text ? strlen(text) : 0);
	free(text);
}

/* SCC's Resource: the host, and where it belongs. */
static void resource(struct ew_tb *b, const struct ew_finding *f,
		     const char *resname)
{
	const char *host = f->ident->host;
	const char *project = f->ident->project[0] ? f->ident->project : host;

	ew_tb_obj(b, "resource");
	ew_tb_fixed(b, "name", resname);
	ew_tb_fixed_bytes(b, "displayName", host, strlen(host));
	ew_tb_const(b, "type", "HOST");
	ew_tb_fixed_bytes(b, "projectDisplayName", project, strlen(project));
	if (f->ident->cluster[0])
		ew_tb_fixed_bytes(b, "parentDisplayName", f->ident->cluster,
				  strlen(f->ident->cluster));
	ew_tb_end(b);
}

struct scc {
	const struct ew_finding *f;
	char raised[512];
	const char *sev;
};

static void build(struct ew_tb *b, const void *arg)
{
	const struct scc *a = arg;
	const struct ew_finding *f = a->f;
	const struct ew_exec_record *r = f->ev->rec;
	const char *host = f->ident->host;
	char when[64], *host_esc, *parent = NULL, *resname = NULL, *name;
	size_t n;

	/* parent and resourceName: the host's alone, made for a template. */
	ew_tb_shape_bytes(b, host, strlen(host));
	host_esc = ew_escape_dup(host, strlen(host), 0);
	if (host_esc && ew_tb_tree(b)) {
		parent = ew_strdupf("hosts/%s/sources/escapewatch", host_esc);
		resname = ew_strdupf("//escapewatch/hosts/%s", host_esc);
	}
	/* hosts/HOST/sources/escapewatch/findings/ID */
	n = host_esc ? strlen(host_esc) : 0;
	name = host_esc ? malloc(n + sizeof(FINDINGS) + EW_ID_LEN + 6) : NULL;
	if (name) {
		memcpy(name, "hosts/", 6);
		memcpy(name + 6, host_esc, n);
		memcpy(name + 6 + n, FINDINGS, sizeof(FINDINGS) - 1);
		n += 6 + sizeof(FINDINGS) - 1;
		snprintf(name + n, EW_ID_LEN + 1, "%s", f->id);
	}
	ew_tb_obj(b, NULL);
	if (name)
		ew_tb_text(b, "name", name);
	else
		ew_tb_json(b, "name", NULL);
	ew_tb_fixed(b, "parent", parent);
	ew_tb_fixed(b, "resourceName", resname);
	ew_tb_const(b, "state", "ACTIVE");
	ew_tb_const(b, "category", CATEGORY);
	ew_tb_const(b, "severity", a->sev ? a->sev : "HIGH");
	ew_tb_const(b, "findingClass", "THREAT");
	ew_tb_text(b, "eventTime", ew_rfc3339(r->real_ns, when, sizeof(when)));
	ew_tb_text(b, "createTime",
		   ew_rfc3339(f->create_ns, when, sizeof(when)));
	ew_tb_obj(b, "mitreAttack");
	ew_tb_const(b, "primaryTactic", "PRIVILEGE_ESCALATION");
	ew_tb_arr(b, "primaryTechniques");
	ew_tb_const(b, NULL, "ESCAPE_TO_HOST");
	ew_tb_end(b);
	ew_tb_end(b);
	ew_tb_arr(b, "processes");
	process(b, f->ev);
	ew_tb_end(b);
	containers(b, f);
	kubernetes(b, f);
	resource(b, f, resname);
	description(b, f, a->raised);
	ew_tb_const(b, "nextSteps", next_steps);
	ew_scc_source_properties(b, f);
	ew_tb_end(b);
	free(host_esc);
	free(parent);
	free(resname);
	free(name);
}

/* The scc format's templates (json_tpl.h); ew_format_scc_reset() empties. */
static struct ew_tpl templates;

char *ew_format_scc(const struct ew_finding *f)
{
	struct scc a = { .f = f };

	a.sev = ew_scc_severity(ew_finding_severity(f, a.raised,
						    sizeof(a.raised)));
	return ew_tpl_dup(&templates, build, &a);
}

void ew_format_scc_reset(void)
{
	ew_tpl_clear(&templates);
}
