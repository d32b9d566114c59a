// A first-time visitor of the Host's GraphQL IDE, in headless Chromium with a fresh profile: opens the URL given
// (http://host:port/graphql), waits until Banana Cake Pop's service worker has taken over and reloaded the IDE,
// then reports what the visitor sees and, when the starter document is open, runs its Login (admin password typed
// into GraphQL Variables) and its Me (token typed into HTTP Headers) through the IDE's own buttons, and comes back.
//
// Usage: node first-visit.mjs URL ADMIN_PASSWORD
// Prints one JSON line of facts for the caller to assert on; exits non-zero only when the browser itself fails.
// CHROMIUM_PATH overrides /usr/bin/chromium; IDE_BROWSER_SCREENSHOT=file.png saves the final screen.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, password] = process.argv.slice(2);
if (!url || !password) {
  console.error('usage: node first-visit.mjs URL ADMIN_PASSWORD');
  process.exit(2);
}

// Generous: the worker precaches about 10 MB of bundles before it takes over, which took 65 s on a busy machine.
const timeout = 180_000;
const facts = { welcomeScreen: null, servedByServiceWorker: false, document: null, login: null, me: null, tabsOnSecondVisit: null };
const profile = mkdtempSync(join(tmpdir(), 'pd-ide-browser-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(timeout);
  const page = context.pages()[0] ?? await context.newPage();
  const pageErrors = [];
  page.on('pageerror', error => pageErrors.push(error.message));
  const started = Date.now();
  await page.goto(url);

  // The IDE is either the page itself or framed by it; either way it lives at .../graphql/.
  const findIde = () => waitFor(() => page.frames().find(frame => new URL(frame.url()).pathname.endsWith('/')), 'the IDE frame');
  const ide = await findIde();
  facts.ideUrl = ide.url();
  // A document that came through the worker proves the first visit's reload is behind us.
  await waitFor(() => ide.evaluate(() => (performance.getEntriesByType('navigation')[0]?.workerStart ?? 0) > 0)
    .catch(() => false), 'the service worker to serve the IDE');
  facts.servedByServiceWorker = true;
  facts.secondsToServiceWorker = Math.round((Date.now() - started) / 1000);

  const editors = ide.locator('.monaco-editor');
  const welcome = ide.getByRole('button', { name: 'Create Document' });
  await waitFor(async () => await editors.count() > 0 || await welcome.isVisible(), 'a document or the welcome screen');
  facts.welcomeScreen = await welcome.isVisible();
  facts.document = await editors.count() > 0 ? await text(editors.nth(0)) : null;
  facts.pageErrors = pageErrors;

  if (facts.document?.includes('mutation Login')) {
    // The document is analysed against the fetched schema before Run sends the selected operation alone.
    await ide.getByText('Schema available').waitFor();
    await replaceText(page, editors.nth(1), JSON.stringify({ input: { username: 'admin', password } }));
    // The "Run" lens above each operation runs that operation.
    const runLenses = ide.locator('.codelens-decoration a', { hasText: 'Run' });
    // The IDE stores typed variables after a short debounce, so a Run right after typing may still send the old
    // ones; a person would run again, and so does this script (three times at most, within the login throttle's
    // free failures).
    for (let attempt = 1; attempt <= 3; attempt++) {
      await new Promise(resolve => setTimeout(resolve, 1000));
      await runLenses.nth(0).click();
      // The response is the last editor (the variables editor goes when the HTTP Headers tab is shown).
      facts.login = await responseJson(editors.last(), body => body.includes('"login"') || body.includes('"errors"'));
      facts.loginAttempts = attempt;
      if (facts.login?.data?.login?.accessToken) {
        break;
      }
    }
    const token = facts.login?.data?.login?.accessToken;

    if (token) {
      await ide.getByRole('tab', { name: 'HTTP Headers' }).click();
      await ide.getByPlaceholder('Name').last().fill('Authorization');
      await ide.getByPlaceholder('Value').last().fill(`Bearer ${token}`);
      await ide.getByPlaceholder('Value').last().press('Tab');
      // The IDE stores typed headers after a short debounce, so a Run right after typing may still go without
      // them; a person would simply run again, and so does this script (at most five times).
      for (let attempt = 1; attempt <= 5; attempt++) {
        await runLenses.nth(1).click();
        facts.me = await responseJson(editors.last(), body => !body.includes('"login"') && (body.includes('"me"') || body.includes('"errors"')));
        facts.meAttempts = attempt;
        if (facts.me?.data?.me) {
          break;
        }
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
    }

    // A second visit finds the same single tab: the starter document is opened once per browser.
    await page.reload();
    const again = await findIde();
    await again.locator('.monaco-editor').first().waitFor();
    facts.tabsOnSecondVisit = await again.getByText(/^untitled \d+$/).count();
  }

} finally {
  if (process.env.IDE_BROWSER_SCREENSHOT) {
    await context?.pages()[0]?.screenshot({ path: process.env.IDE_BROWSER_SCREENSHOT }).catch(() => {});
  }
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(JSON.stringify(facts));

async function waitFor(probe, what) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeout / 1000} s waiting for ${what}.`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

// Monaco draws each line as its own element; non-breaking spaces stand in for spaces.
async function text(editor) {
  return (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
}

async function replaceText(page, editor, value) {
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // insertText rather than typing, so Monaco's bracket and quote auto-closing adds nothing.
  await page.keyboard.insertText(value);
  await page.keyboard.press('Control+Shift+End');
  await page.keyboard.press('Delete');
}

async function responseJson(editor, complete) {
  const body = await waitFor(async () => {
    const shown = await text(editor);
    return complete(shown) ? shown : null;
  }, 'the response');
  try {
    return JSON.parse(body);
  } catch {
    return { unparsed: body };
  }
}
