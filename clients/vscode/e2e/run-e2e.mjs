// End-to-end test of the packaged extension in a real VS Code: code-server (VS Code in the browser) driven by
// Playwright with Debian's Chromium. It installs the vsix, opens a C# project made here in a temporary folder,
// runs "Improve this method" from the lightbulb with the server's no-model default (Roslyn code fixes), accepts
// one hunk and rejects the others, checks the file's bytes after saving, finds the episode in the CodeImprove
// view (and its search), rolls it back from the detail page and checks the bytes again, then kills the server and
// sees the extension restart it. Screenshots go to --out.
//
// usage: node run-e2e.mjs --vsix <file.vsix> --out <dir>   (Node 24: code-server needs it)
// Every wait is on a condition with a generous limit: the machine may have 2 busy cores.
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).map((a, i, all) => (a.startsWith('--') ? [a.slice(2), all[i + 1]] : null)).filter(Boolean));
if (!args.vsix || !args.out) throw new Error('usage: node run-e2e.mjs --vsix <file.vsix> --out <dir>');
const vsix = path.resolve(args.vsix);
const out = path.resolve(args.out);
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const codeServerEntry = path.join(here, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const started = Date.now();

// The sample: three independent compound-assignment fixes (IDE0054 at severity warning) in one method.
const original = `namespace Sample;

public static class Orders
{
    public static int Total(int[] quantities, int limit)
    {
        var total = 0;
        var count = 0;
        foreach (var quantity in quantities)
        {
            if (quantity < 0)
            {
                continue;
            }

            total = total + quantity;
            count = count + 1;
        }

        var capped = limit;
        capped = capped * 2;
        var bonus = count;
        bonus = bonus - 1;
        return total > capped ? capped : total + bonus;
    }
}
`;
// Hunk 1 (the two assignments in the loop) accepted, every other hunk rejected.
const afterAccept = original.replace('total = total + quantity;\n            count = count + 1;', 'total += quantity;\n            count++;');
// The four fixes IDE0054 offers, each alone or together in any combination.
const fixes = [['total = total + quantity;', 'total += quantity;'], ['count = count + 1;', 'count++;'],
  ['capped = capped * 2;', 'capped *= 2;'], ['bonus = bonus - 1;', 'bonus--;']];
const fixSubsets = text => fixes.reduce((texts, [from, to]) => texts.flatMap(t => [t, t.replace(from, to)]), [text]);
if (afterAccept === original || new Set(fixSubsets(original)).size !== 16) throw new Error('the expected texts are built wrongly');

function log(message) {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
}

async function waitFor(what, condition, timeoutMs, intervalMs = 500) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function makeProject(root) {
  const folder = path.join(root, 'sample');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'Sample.csproj'), `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <EnforceCodeStyleInBuild>true</EnforceCodeStyleInBuild>
  </PropertyGroup>
</Project>
`);
  fs.writeFileSync(path.join(folder, '.editorconfig'), `root = true

[*.cs]
dotnet_style_prefer_compound_assignment = true:warning
dotnet_diagnostic.IDE0054.severity = warning
`);
  fs.writeFileSync(path.join(folder, 'Orders.cs'), original);
  // Restored like a real project (no package references: nothing is downloaded), so the server loads it fully.
  execFileSync('dotnet', ['restore', '--nologo', '-v', 'q'], { cwd: folder, stdio: 'inherit', timeout: 300_000 });
  return folder;
}

function writeUserSettings(userData) {
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'files.autoSave': 'off',
    'editor.codeLens': true,
    'editor.lightbulb.enabled': 'on',
    'chat.disableAIFeatures': true,
  }, null, 2));
}

// code-server writes a config file under XDG_CONFIG_HOME: keep it in the temporary folder.
const xdg = dir => ({ ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data') });

async function main() {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'codeimprove-e2e-'));
  const userData = path.join(temp, 'user-data');
  const extensions = path.join(temp, 'extensions');
  const folder = makeProject(temp);
  const file = path.join(folder, 'Orders.cs');
  writeUserSettings(userData);
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check'];

  log(`installing ${path.basename(vsix)}`);
  execFileSync(process.execPath, [codeServerEntry, ...common, '--install-extension', vsix], { stdio: 'inherit', timeout: 300_000, env: xdg(temp) });

  const port = await freePort();
  const serverLog = fs.openSync(path.join(out, 'code-server.log'), 'w');
  const server = spawn(process.execPath, [codeServerEntry, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', folder],
    { stdio: ['ignore', 'pipe', 'pipe'], env: xdg(temp), detached: true });
  server.stdout.on('data', d => fs.writeSync(serverLog, d));
  server.stderr.on('data', d => fs.writeSync(serverLog, d));
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  await waitFor('code-server to answer', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 120_000);
  log(`code-server on port ${port}`);

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  let shots = 0;
  const shot = async name => {
    const target = path.join(out, `${String(++shots).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: target });
    log(`screenshot ${path.basename(target)}`);
  };

  try {
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 180_000 });
    log('workbench loaded');

    // Open the file through Quick Open.
    const editorText = page.locator('.monaco-editor .view-lines');
    // The editor renders spaces as no-break spaces.
    const shownText = async () => ((await editorText.first().textContent({ timeout: 10_000 })) ?? '').replace(/\u00a0/g, ' ');
    await waitFor('Orders.cs to open', async () => {
      if ((await editorText.count()) > 0 && (await shownText()).includes('public static int Total')) return true;
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').fill('Orders.cs');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Orders.cs' }).first().click({ timeout: 10_000 });
      return false;
    }, 120_000, 2000);
    log('Orders.cs open');

    // The extension started the bundled server once its status bar entry reports the model state.
    const status = page.locator('.statusbar-item', { hasText: 'no model' });
    await status.first().waitFor({ timeout: 180_000 });
    log(`server running: status bar "${(await status.first().innerText()).trim()}"`);
    await shot('server-started');

    // Cursor inside the method, then the lightbulb (Ctrl+.), until the server offers "Improve this method"
    // (it loads the MSBuild workspace first).
    const improveAction = page.locator('.action-widget .monaco-list-row', { hasText: 'Improve this method' });
    const firstLens = page.locator('.codelens-decoration', { hasText: /Hunk 1\/\d+/ });
    const anyLens = page.locator('.codelens-decoration', { hasText: /Hunk \d+\// });
    const gotoLine = async line => {
      await page.keyboard.press('Control+G');
      await page.keyboard.type(String(line));
      await page.keyboard.press('Enter');
    };
    const improveFromLightbulb = async screenshot => {
      await waitFor('the "Improve this method" code action', async () => {
        await editorText.first().click();
        await gotoLine(7);
        await page.keyboard.press('Control+.');
        try {
          await improveAction.first().waitFor({ timeout: 8000 });
          return true;
        } catch {
          await page.keyboard.press('Escape');
          return false;
        }
      }, 300_000, 3000);
      if (screenshot) await shot('lightbulb');
      await improveAction.first().click();
      // Monaco reuses CodeLens elements as it re-renders them, so the text is read and matched in one step.
      let total;
      await waitFor('the proposal preview', async () => {
        const found = (await firstLens.first().innerText({ timeout: 1000 }).catch(() => '')).match(/Hunk 1\/(\d+)/);
        total = found ? Number(found[1]) : undefined;
        return total !== undefined;
      }, 300_000);
      return total;
    };
    const total = await improveFromLightbulb(true);
    if (total < 2) throw new Error(`expected at least two hunks, got ${total}`);
    log(`preview shows ${total} hunks`);
    await shot('preview');
    if (fs.readFileSync(file, 'utf8') !== original) throw new Error('the file changed on disk before anything was accepted');

    await firstLens.first().locator('a', { hasText: /^Accept$/ }).click();
    await page.locator('.codelens-decoration', { hasText: 'Hunk 1/' }).locator('text=✓ Accepted').first().waitFor({ timeout: 30_000 });
    const secondLens = page.locator('.codelens-decoration', { hasText: `Hunk 2/${total}` });
    await secondLens.first().locator('a', { hasText: /^Reject$/ }).click();
    log('hunk 1 accepted, hunk 2 rejected');
    if (total > 2) {
      await shot('decisions');
      // The rest through the Reject all keybinding (the editor must have focus).
      await editorText.first().click();
      await page.keyboard.press('Control+Shift+Backspace');
      log(`hunks 3..${total} rejected with Ctrl+Shift+Backspace`);
    }
    await waitFor('the preview to close', async () => (await anyLens.count()) === 0, 60_000);
    // The server applies the accepted hunk through workspace/applyEdit: the buffer becomes dirty.
    await page.locator('.tab.dirty', { hasText: 'Orders.cs' }).first().waitFor({ timeout: 60_000 });

    // The server applied hunk 1 through workspace/applyEdit; save and check the bytes on disk.
    await editorText.first().click();
    await page.keyboard.press('Control+S');
    await waitFor('the accepted hunk on disk', () => fs.readFileSync(file, 'utf8') === afterAccept, 60_000).catch(e => {
      throw new Error(`${e.message}\n--- on disk ---\n${fs.readFileSync(file, 'utf8')}\n--- expected ---\n${afterAccept}`);
    });
    log('file on disk has exactly hunk 1');
    await shot('accepted');

    // The episode in the CodeImprove view.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>CodeImprove: Refresh Episodes');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Refresh Episodes' }).first().click();
    log('refreshed the episodes');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>CodeImprove: Focus on Episodes View');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Focus on Episodes View' }).first().click();
    const episode = page.locator('.monaco-list-row', { hasText: 'Orders.cs' }).filter({ hasText: 'accepted' });
    await waitFor('the accepted episode in the CodeImprove view', async () => {
      if ((await episode.count()) > 0) return true;
      if (process.env.E2E_DEBUG) await shot('episodes-missing');
      await page.locator('[aria-label="Refresh Episodes"]').first().click({ timeout: 5000 }).catch(() => undefined);
      return false;
    }, 60_000, 2000);
    log(`episode listed: "${(await episode.first().innerText()).replace(/\s+/g, ' ')}"`);
    await shot('episodes');

    // Search: a text that matches nothing empties the list; clearing brings the episode back.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>CodeImprove: Search Episodes');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Search Episodes' }).first().click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Search episodes' }).waitFor({ timeout: 30_000 });
    await page.locator('.quick-input-widget input').fill('no-such-episode-text');
    await page.keyboard.press('Enter');
    await page.getByText('No episodes matching').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>CodeImprove: Clear Episode Search');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Clear Episode Search' }).first().click();
    await episode.first().waitFor({ timeout: 30_000 });
    log('search filters the episodes');

    // Detail page and rollback.
    await episode.first().click();
    const detail = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await detail.locator('#rollback').waitFor({ timeout: 60_000 });
    await detail.locator('svg.chart').first().waitFor({ timeout: 10_000 });
    log('detail page open');
    await shot('detail');
    await detail.locator('#rollback').click();
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Rollback$/ }).click({ timeout: 30_000 });
    await waitFor('the original bytes back on disk', () => fs.readFileSync(file, 'utf8') === original, 60_000).catch(e => {
      throw new Error(`${e.message}\n--- on disk ---\n${fs.readFileSync(file, 'utf8')}`);
    });
    await detail.locator('#result', { hasText: 'Rolled back' }).waitFor({ timeout: 30_000 });
    log('rolled back: the file has its original bytes');
    await shot('rolled-back');

    // A crash: kill the bundled server (the one under this run's extensions folder); the extension restarts it.
    const serverPids = () => execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n')
      .filter(line => line.includes(extensions) && line.includes('codeimprove serve'))
      .map(line => Number(line.trim().split(/\s+/)[0]));
    const [crashed] = serverPids();
    if (!crashed) throw new Error('no running server process found under the extensions folder');
    process.kill(crashed, 'SIGKILL');
    log(`killed the server (pid ${crashed})`);
    await page.locator('.notifications-toasts', { hasText: 'stopped unexpectedly and was restarted' }).first().waitFor({ timeout: 60_000 });
    const restarted = await waitFor('a new server process', () => serverPids().find(pid => pid !== crashed), 120_000);
    await page.locator('.statusbar-item', { hasText: 'no model' }).first().waitFor({ timeout: 120_000 });
    log(`server restarted (pid ${restarted}) with a visible message`);
    await shot('restarted');

    // Typing inside a pending hunk drops the preview (and rejects the proposal) instead of applying it anywhere.
    await page.locator('.notifications-toasts .codicon-notifications-clear-all, .notification-toast .codicon-close').first().click({ timeout: 5000 }).catch(() => undefined);
    if ((await improveFromLightbulb(false)) !== total) throw new Error('the second run proposed different hunks');
    await gotoLine(21);
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await page.locator('.notifications-toasts', { hasText: 'The preview was dropped' }).first().waitFor({ timeout: 30_000 });
    await waitFor('the dropped preview to disappear', async () => (await anyLens.count()) === 0, 30_000);
    await shot('edited-inside-hunk');
    await page.keyboard.press('Control+Z');
    await page.locator('.tab.dirty', { hasText: 'Orders.cs' }).first().waitFor({ state: 'detached', timeout: 30_000 });
    log('an edit inside a hunk dropped the preview');

    // An edit above the hunks moves them; Accept all (Ctrl+Shift+Enter) then applies every hunk on the right lines.
    // (After the rejection the server may propose fewer fixes: any non-empty set of them, each in its place, is right.)
    await improveFromLightbulb(false);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('// moved');
    await waitFor('the hunks to stay in the preview after the edit', async () => (await firstLens.count()) > 0, 10_000);
    await editorText.first().click();
    await page.keyboard.press('Control+Shift+Enter');
    await waitFor('the preview to close', async () => (await anyLens.count()) === 0, 60_000);
    await page.keyboard.press('Control+S');
    const acceptable = fixSubsets(original).filter(text => text !== original).map(text => `// moved\n${text}`);
    await waitFor('the accepted hunks on disk below the inserted line', () => acceptable.includes(fs.readFileSync(file, 'utf8')), 60_000).catch(e => {
      throw new Error(`${e.message}\n--- on disk ---\n${fs.readFileSync(file, 'utf8')}`);
    });
    await shot('accepted-after-edit');
    log('accept all after an edit above the hunks put the hunks on the right lines');
    await page.locator('.monaco-list-row', { hasText: 'Orders.cs' }).filter({ hasText: 'rejected' }).first().waitFor({ timeout: 60_000 });
    log('the dropped proposal is listed as rejected');
  } catch (e) {
    await shot('failure').catch(() => undefined);
    throw e;
  } finally {
    await browser.close().catch(() => undefined);
    // code-server, its extension host and the language server: the whole process group this run started.
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    copyLogs(userData, path.join(out, 'logs'));
    if (process.env.E2E_KEEP) log(`kept ${temp}`);
    else fs.rmSync(temp, { recursive: true, force: true });
  }
}

/** The extension host's logs, including the "CodeImprove Server" output channel (the server's stderr). */
function copyLogs(userData, target) {
  const logs = path.join(userData, 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, target, { recursive: true });
}

main().then(() => {
  log(`e2e passed in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${out}`);
}, e => {
  console.error(`[e2e] FAILED: ${e.stack ?? e}`);
  process.exitCode = 1;
});
