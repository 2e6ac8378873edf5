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
#include "format/json_util.h"

#define CATEGORY "Execution: Container Escape"

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
static json_t *file(const struct ew_event *ev, int with_content, int *bad)
{
	const struct ew_exec_record *r = ev->rec;
	const struct ew_text *t = with_content ? ew_event_file(ev) : &ev->interp;
	json_t *f = json_object(), *path = ew_scc_text(t);
	char hex[65];

	ew_json_set(f, "path", path ? path : json_string(""), bad);
	if (!with_content)
		return f;
	ew_json_set(f, "size", json_integer((json_int_t)r->file_size), bad);
	if (!(r->hdr.flags & EW_EXEC_HASHED))
		return f;
	ew_hex_bytes(hex, r->sha256, 32);
	ew_json_set(f, "sha256", json_string(hex), bad);
	ew_json_set(f, "hashedSize", json_integer((json_int_t)r->hashed_size),
		    bad);
	ew_json_set(f, "partiallyHashed",
		    json_boolean(r->hdr.flags & EW_EXEC_PARTIAL), bad);
	return f;
}

static json_t *args(const struct ew_event *ev, int *bad)
{
	json_t *a = json_array();
	struct ew_text arg;
	size_t off = 0;

	if (ev->argv.flags & EW_FIELD_UNREADABLE)
		return a;
	while (ew_argv_next(&ev->argv, &off, &arg))
		ew_json_append(a, ew_json_bytes(arg.p, arg.len), bad);
	return a;
}

/* SCC's Process; for a script, binary is the interpreter. */
static json_t *process(const struct ew_event *ev, int *bad)
{
	const struct ew_exec_record *r = ev->rec;
	int script = ev->interp.present;
	json_t *p = json_object();

	ew_json_set(p, "name", ew_json_str(r->comm), bad);
	ew_json_set(p, "binary", file(ev, !script, bad), bad);
	if (script)
		ew_json_set(p, "script", file(ev, 1, bad), bad);
	ew_json_set(p, "args", args(ev, bad), bad);
	ew_json_set(p, "argumentsTruncated",
		    json_boolean(ew_argv_truncated(ev)), bad);
	ew_json_set(p, "pid", json_integer(r->pid), bad);
	ew_json_set(p, "parentPid", json_integer(r->ppid), bad);
	return p;
}

/*
 * SCC's Container: its name, image, image id, labels and created time from
 * the runtime's state files; the runtime and ids from the cgroup path are
 * labels too.  Without the state files the name is the id.
 */
static json_t *container(const struct ew_finding *f, int *bad)
{
	const struct ew_identity *id = f->identity;
	json_t *one = json_object();

	ew_json_set(one, "name", ew_json_str(id && id->name[0] ? id->name :
					     f->container.id), bad);
	if (id && id->image[0])
		ew_json_set(one, "uri", ew_json_str(id->image), bad);
	if (id && id->image_id[0])
		ew_json_set(one, "imageId", ew_json_str(id->image_id), bad);
	ew_json_set(one, "labels",
		    ew_scc_labels(f, id ? id->labels : NULL, 1, bad), bad);
	if (id && id->created[0])
		ew_json_set(one, "createTime", ew_json_str(id->created), bad);
	return one;
}

static json_t *containers(const struct ew_finding *f, int *bad)
{
	json_t *list = json_array();

	if (f->container_known)
		ew_json_append(list, container(f, bad), bad);
	return list;
}

/*
 * SCC's Kubernetes: the pod the container's runtime says it belongs to,
 * with the container in it, and the node.  NULL when neither is known.
 */
static json_t *kubernetes(const struct ew_finding *f, int *bad)
{
	const struct ew_identity *id = f->identity;
	const char *node = f->ident->node;
	json_t *k, *pod;

	if (!(id && id->pod.name[0]) && !node[0])
		return NULL;
	k = json_object();
	if (id && id->pod.name[0]) {
		pod = json_object();
		ew_json_set(pod, "ns", ew_json_str(id->pod.ns), bad);
		ew_json_set(pod, "name", ew_json_str(id->pod.name), bad);
		ew_json_set(pod, "labels", json_array(), bad);
		ew_json_set(pod, "containers",
			    json_pack("[o]", container(f, bad)), bad);
		ew_json_set(k, "pods", json_pack("[o]", pod), bad);
	}
	if (node[0])
		ew_json_set(k, "nodes",
			    json_pack("[{s:o}]", "name", ew_json_str(node)),
			    bad);
	return k;
}

/* Built from the raw strings, escaped once as a whole. */
static json_t *description(const struct ew_finding *f, const char *raised)
{
	const struct ew_exec_record *r = f->ev->rec;
	char where[512], *text;
	json_t *d;

	int contained = f->weigh == EW_WEIGH_CONTAINED;

	ew_container_label(f, where, sizeof(where));
	if (f->identity && f->identity->name[0])
		snprintf(where + strlen(where), sizeof(where) - strlen(where),
			 " (%s)", f->identity->name);
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
	d = text ? ew_json_str(text) : NULL;
	free(text);
	return d;
}

char *ew_format_scc(const struct ew_finding *f)
{
	const struct ew_exec_record *r = f->ev->rec;
	const char *host = f->ident->host;
	char when[64], created[64], *name, *parent, *resname;
	char raised[512];
	const char *sev = ew_scc_severity(ew_finding_severity(f, raised,
							   sizeof(raised)));
	json_t *o = json_object(), *res, *k;
	int bad = 0;

	name = ew_escape_dup(host, strlen(host), 0);
	parent = name ? ew_strdupf("hosts/%s/sources/escapewatch", name) : NULL;
	resname = name ? ew_strdupf("//escapewatch/hosts/%s", name) : NULL;
	free(name);
	name = parent ? ew_strdupf("%s/findings/%s", parent, f->id) : NULL;
	if (!name || !resname)
		bad = 1;

	ew_json_set(o, "name", json_string(name ? name : ""), &bad);
	ew_json_set(o, "parent", json_string(parent ? parent : ""), &bad);
	ew_json_set(o, "resourceName", json_string(resname ? resname : ""),
		    &bad);
	ew_json_set(o, "state", json_string("ACTIVE"), &bad);
	ew_json_set(o, "category", json_string(CATEGORY), &bad);
	ew_json_set(o, "severity", json_string(sev ? sev : "HIGH"), &bad);
	ew_json_set(o, "findingClass", json_string("THREAT"), &bad);
	ew_json_set(o, "eventTime",
		    json_string(ew_rfc3339(r->real_ns, when, sizeof(when))),
		    &bad);
	ew_json_set(o, "createTime",
		    json_string(ew_rfc3339(f->create_ns, created,
					   sizeof(created))), &bad);
	ew_json_set(o, "mitreAttack",
		    json_pack("{s:s, s:[s]}",
			      "primaryTactic", "PRIVILEGE_ESCALATION",
			      "primaryTechniques", "ESCAPE_TO_HOST"), &bad);
	ew_json_set(o, "processes", json_pack("[o]", process(f->ev, &bad)),
		    &bad);
	ew_json_set(o, "containers", containers(f, &bad), &bad);
	if ((k = kubernetes(f, &bad)))
		ew_json_set(o, "kubernetes", k, &bad);
	res = json_object();
	ew_json_set(res, "name", json_string(resname ? resname : ""), &bad);
	ew_json_set(res, "displayName", ew_json_str(host), &bad);
	ew_json_set(res, "type", json_string("HOST"), &bad);
	ew_json_set(res, "projectDisplayName",
		    ew_json_str(f->ident->project[0] ? f->ident->project :
				host), &bad);
	if (f->ident->cluster[0])
		ew_json_set(res, "parentDisplayName",
			    ew_json_str(f->ident->cluster), &bad);
	ew_json_set(o, "resource", res, &bad);
	ew_json_set(o, "description", description(f, raised), &bad);
	ew_json_set(o, "nextSteps", json_string(next_steps), &bad);
	ew_json_set(o, "sourceProperties", ew_scc_source_properties(f), &bad);
	free(name);
	free(parent);
	free(resname);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return ew_json_line(o);
}
