import type { RuleFinding } from "../model.js";
import { commandLines, localExecs } from "../local-exec.js";
import { attr, docsLink, type Rule } from "../rule.js";

const id = "local_exec_prints_response";

/** Each check: a pattern that prints an API response (a create response carries the client secret). */
const CHECKS: { test: (line: string) => RegExpExecArray | null; why: string }[] = [
  {
    test: (l) => {
      const m = /\b(?:echo|printf)\b[^|;&\n]*\$\{?\$?\{?[A-Za-z_]*(?:resp|response|result|output|body|json|secret|token)[A-Za-z_]*/i.exec(l);
      if (!m) return null;
      // Captured ($(echo ...)) or piped/redirected elsewhere: not printed.
      if (/\$\(\s*$/.test(l.slice(0, m.index)) || /^[^;&]*(?:\|(?!\s*(?:jq\s+(?:'\.'|"\."|\.)(?:\s|$)|tee\b))|>)/.test(l.slice(m.index + m[0].length)))
        return null;
      return m;
    },
    why: "prints an API response variable",
  },
  { test: (l) => /\|\s*jq(?:\s+-[a-zA-Z]+)*\s+(?:'\.'|"\."|\.)(?=\s|$|\|)/.exec(l), why: "pipes a response to `jq .`, which prints all of it" },
  { test: (l) => /\|\s*tee\b(?![^|]*>\s*\/dev\/null)/.exec(l), why: "tees a response to the log" },
  {
    test: (l) => {
      const m = /(?<!\$\()\bcurl\b/.exec(l);
      if (!m) return null;
      const rest = l.slice(m.index);
      if (/\$\(\s*curl\b/.test(l) || /(?:^|\s)(?:-o|--output)(?:\s|=)|(?:^|\s)-[a-zA-Z]*o\s|>\s*\S|\|/.test(rest)) return null;
      return m;
    },
    why: "runs curl with the response going to stdout (the provisioner log)",
  },
];

export const rule: Rule = {
  id,
  severity: "warning",
  description: "A local-exec command that prints API responses writes them to the Terraform log; an OAuth client create response contains the client secret.",
  fix: 'Write responses to a file with restrictive permissions (curl -s -o "$tmp"), extract only non-secret fields (jq -r .id), and never echo the response.',
  docs: docsLink(id),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const block of localExecs(context.blocks)) {
      const command = attr(block, "command");
      if (!command) continue;
      for (const line of commandLines(command.source)) {
        if (/^\s*#/.test(line.text)) continue;
        for (const check of CHECKS) {
          const m = check.test(line.text);
          if (!m) continue;
          const start = command.valueOffset + line.offset + Math.min(m.index, line.text.length);
          const file = block.file;
          findings.push({
            file,
            range: { start: file.positionAt(start), end: file.positionAt(start + Math.max(1, m[0].length)) },
            message: `local-exec command ${check.why}; a create response carries the client secret`,
          });
          break;
        }
      }
    }
    return findings;
  },
};
