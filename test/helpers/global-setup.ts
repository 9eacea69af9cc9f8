// Vitest global setup: one PostgreSQL server for the whole run; tests create a fresh database each.
import type { TestProject } from 'vitest/node';
import { resolveTestServer, type TestServer } from './postgres-server.js';

let server: TestServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  server = await resolveTestServer();
  project.provide('adminUrl', server.adminUrl);
  project.provide('serverSource', server.source);
  return async () => {
    await server?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    serverSource: string;
  }
}
