// Where a rule's documentation lives. Findings carry the repository-relative path (spec §8);
// SARIF needs an absolute URI, so it is built from the project's home page.

/** The project's home page; SARIF `informationUri` and the base of rule `helpUri`s. */
export const PROJECT_URL = 'https://github.com/safe-migrate/safe-migrate';

/** `docs/rules/<id>.md`, as shown next to each finding. */
export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

/** Absolute URL of a rule's page, for tools that need a URI (SARIF `helpUri`). */
export function ruleDocsUrl(ruleId: string): string {
  return `${PROJECT_URL}/blob/main/${ruleDocsPath(ruleId)}`;
}
