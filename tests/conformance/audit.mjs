// Runs the graphql-http reference audits (GraphQL over HTTP spec) against a running server.
// Usage: node audit.mjs URL [TOKEN]
// Prints every audit that is not ok, then "N passed, N failed" where failed counts MUST errors; exits 1 on any.
import { serverAudits } from 'graphql-http';

const [url, token] = process.argv.slice(2);
if (!url) {
  console.error('usage: node audit.mjs URL [TOKEN]');
  process.exit(2);
}

// The token goes on every request, GETs included: an Authorization header also satisfies the CSRF guard.
const fetchFn = (input, init = {}) => {
  if (!token) {
    return fetch(input, init);
  }
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

const levels = { error: 'MUST', warn: 'SHOULD', notice: 'MAY' };
const audits = serverAudits({ url, fetchFn });
const results = [];
for (const { fn } of audits) {
  results.push(await fn());
}

let passed = 0;
let failed = 0;
for (const result of results) {
  if (result.status === 'ok') {
    passed++;
    continue;
  }
  if (result.status === 'error') {
    failed++;
  }
  let body = '';
  try {
    body = (await result.response.text()).slice(0, 300);
  } catch {
    // The audit may already have read the body.
  }
  console.log(`[${levels[result.status]}] ${result.id} ${result.name}`);
  console.log(`    reason: ${result.reason}`);
  if (body) {
    console.log(`    status ${result.response.status}, body: ${body}`);
  }
}

const notices = results.length - passed - failed;
console.log(`${results.length} audits: ${passed} ok, ${failed} MUST errors, ${notices} SHOULD/MAY failures`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
