// Checks the Host's graphql-transport-ws endpoint with the reference client (graphql-ws) over `ws`.
// Usage: node client.mjs WS_URL TOKEN. Prints one line per check and `N passed, N failed`; exits 1 on a failure.
import { createClient } from 'graphql-ws/client';
import WebSocket from 'ws';

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  console.error('usage: node client.mjs WS_URL TOKEN');
  process.exit(2);
}

const TIMEOUT_MS = 20_000;
let passed = 0;
let failed = 0;

async function check(name, body) {
  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    });
    const detail = await Promise.race([body(), timeout]);
    passed++;
    console.log(`ok - ${name}${detail ? `: ${detail}` : ''}`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}: ${describe(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error) {
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) {
    return `closed ${error.code} ${error.reason}`;
  }

  if (Array.isArray(error)) {
    return JSON.stringify(error);
  }

  return error instanceof Error ? error.message : JSON.stringify(error);
}

function connect(accessToken, options = {}) {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${accessToken}` },
    lazy: true,
    ...options,
  });
}

/** Runs a query or mutation and resolves with its single result; rejects on GraphQL errors. */
function execute(client, query, variables = {}) {
  return new Promise((resolve, reject) => {
    let result;
    client.subscribe(
      { query, variables },
      {
        next: (value) => { result = value; },
        error: reject,
        complete: () => (result?.errors ? reject(result.errors) : resolve(result)),
      },
    );
  });
}

const client = connect(token);
const topic = `node-${process.pid}-${Date.now()}`;
const publish = (message) =>
  execute(client, 'mutation($t: String!, $m: String!) { publishTestEvent(topic: $t, message: $m) }', { t: topic, m: message });

await check('query me', async () => {
  const { data } = await execute(client, '{ me { username } }');
  if (!data?.me?.username) throw new Error(`no username in ${JSON.stringify(data)}`);
  return data.me.username;
});

await check('mutation publishTestEvent', async () => {
  const { data } = await publish('warm-up');
  if (data?.publishTestEvent !== true) throw new Error(JSON.stringify(data));
});

await check('subscription testEvents receives 3 events', async () => {
  const received = [];
  let unsubscribe;
  const done = new Promise((resolve, reject) => {
    unsubscribe = client.subscribe(
      { query: 'subscription($t: String!) { testEvents(topic: $t) }', variables: { t: topic } },
      {
        next: ({ data, errors }) => {
          if (errors) reject(errors);
          else received.push(data.testEvents);
          if (received.length >= 3) resolve();
        },
        error: reject,
        complete: () => reject(new Error('completed before 3 events')),
      },
    );
  });

  // The server registers the subscription asynchronously: keep publishing until the events flow.
  let stop = false;
  done.catch(() => {}).finally(() => { stop = true; });
  const publisher = (async () => {
    for (let i = 0; !stop; i++) {
      await publish(`event-${i}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  try {
    await done;
  } finally {
    stop = true;
    unsubscribe();
    await publisher;
  }

  if (!received.every((event) => /^event-\d+$/.test(event))) throw new Error(`unexpected events ${received}`);
  return received.slice(0, 3).join(', ');
});

await check('dispose', async () => {
  await client.dispose();
});

await check('bad token is refused with 4403', async () => {
  const refused = connect('not-a-valid-token', { retryAttempts: 0 });
  try {
    await execute(refused, '{ me { username } }');
    throw new Error('the operation succeeded');
  } catch (error) {
    if (error?.code !== 4403) throw error;
    return `closed ${error.code}`;
  } finally {
    await refused.dispose();
  }
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
