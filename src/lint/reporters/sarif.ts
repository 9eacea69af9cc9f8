// `--format sarif`: SARIF 2.1.0 for code-scanning upload (GitHub, GitLab, Azure DevOps).
// Paths are relative URIs with forward slashes against %SRCROOT%, as code scanning expects.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VERSION } from '../../version.js';
import { PROJECT_URL, ruleDocsUrl } from '../docs-link.js';
import type { LintReport } from '../report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function formatSarif(report: LintReport): string {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const rules = report.rules.map((rule) => ({
    id: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description} ${rule.help}` },
    help: { text: rule.help, markdown: `${rule.help}\n\n[${rule.id}](${ruleDocsUrl(rule.id)})` },
    helpUri: ruleDocsUrl(rule.id),
    defaultConfiguration: { level: rule.severity },
  }));
  const results = report.files.flatMap((file) =>
    file.findings.map((f) => ({
      ruleId: f.rule,
      ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) } : {}),
      level: f.severity,
      message: { text: `${f.message} ${f.help}`.trim() },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path), region: { startLine: f.line, startColumn: f.column } } }],
    })),
  );
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'safe-migrate', version: VERSION, informationUri: PROJECT_URL, rules } },
        // Columns count UTF-16 code units (JavaScript string positions), as GitHub expects.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(path)) return { uri: pathToFileURL(path).href };
  return { uri: encodeURI(path.replace(/\\/g, '/')), uriBaseId: '%SRCROOT%' };
}
