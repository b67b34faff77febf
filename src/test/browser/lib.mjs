// What the browser scripts share: their settings (from the environment), a headless Debian Chromium driven by
// playwright-core, screenshots, a watchdog, and failing with a clear message. BrowserTests sets the environment.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export function setting(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    fail(`${name} is not set`);
  }
  return value;
}

export function fail(message) {
  throw new Error(message);
}

export function check(condition, message) {
  if (!condition) {
    fail(message);
  }
}

/**
 * Runs {@code body(page, tools)} in a fresh headless Chromium and exits 0, or 1 with the failure (and a screenshot
 * of the page as it was). A watchdog ends the process (exit 2) if the browser hangs.
 */
export async function run(name, body) {
  const baseUrl = setting('PPML_BASE_URL').replace(/\/$/, '');
  const screenshots = setting('PPML_SCREENSHOT_DIR', 'screenshots');
  const executable = setting('PPML_CHROMIUM', '/usr/bin/chromium');
  const limitMs = Number(setting('PPML_BROWSER_TIMEOUT_MS', '150000'));
  mkdirSync(screenshots, { recursive: true });
  const watchdog = setTimeout(() => {
    console.error(`${name}: FAILED: did not finish within ${limitMs} ms`);
    process.exit(2);
  }, limitMs);

  const profile = mkdtempSync(join(tmpdir(), 'ppml-chromium-'));
  let context;
  let page;
  const problems = [];
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: executable,
      headless: true, // playwright passes --headless itself
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
      timeout: 60000,
    });
    context.setDefaultTimeout(20000);
    page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (error) => problems.push('page error: ' + error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push('console error: ' + message.text());
    });
    const shot = async (file, fullPage = true) => {
      const path = join(screenshots, file);
      await page.screenshot({ path, fullPage });
      console.log(`${name}: screenshot ${path}`);
    };
    await body(page, { baseUrl, shot, problems, log: (m) => console.log(`${name}: ${m}`) });
    console.log(`${name}: OK`);
  } catch (error) {
    console.error(`${name}: FAILED: ${error.message}`);
    if (problems.length) console.error(`${name}: the page reported:\n  ${problems.join('\n  ')}`);
    if (page) {
      try {
        const path = join(screenshots, `${name}-failure.png`);
        await page.screenshot({ path, fullPage: true });
        console.error(`${name}: screenshot of the failure: ${path}`);
      } catch (ignored) {
        // the browser is gone; the message above says why
      }
    }
    process.exitCode = 1;
  } finally {
    if (context) await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
}

/** A call to the API from the script itself (not the page), failing with the problem's detail. */
export async function api(baseUrl, method, path, key, body) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { 'Authorization': 'Bearer ' + key, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => null);
  check(response.ok, `${method} ${path} answered ${response.status}: ${json && (json.detail || json.title)}`);
  return json;
}
