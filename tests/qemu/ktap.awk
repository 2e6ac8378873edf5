# Judge the KTAP report of the KUnit suites: one "ok"/"not ok" line per
# test case, a skipped case counts as not ok, and every suite named in
# `suites` must have reported.  Variables: line (kernel line), suites.
function result(ok, name, why) {
	printf "%s %s: kunit %s%s\n", ok ? "ok" : "not ok", line, name, why
}
BEGIN {
	n = split(suites, want, "\n")
}
/^    # Subtest: / {
	suite = $3
	seen[suite] = 1
	next
}
/^        (not )?ok [0-9]+ / {
	next	# parameterized sub-cases: judged by their case's line
}
/^    (not )?ok [0-9]+ / {
	ok = ($1 == "ok")
	name = ok ? $3 : $4
	skip = index($0, "# SKIP") > 0
	result(ok && !skip, suite "." name, skip ? " (skipped)" : "")
	next
}
/^(not )?ok [0-9]+ / {
	ok = ($1 == "ok")
	name = ok ? $3 : $4
	done[name] = 1
	if (!ok)
		result(0, name, " (suite failed)")
}
END {
	for (i = 1; i <= n; i++) {
		if (want[i] == "")
			continue
		if (!seen[want[i]])
			result(0, want[i], ": suite did not run")
		else if (!done[want[i]])
			result(0, want[i], ": suite did not finish")
	}
}
