import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contributedKeys, contributedSettings, isOurSection, serverSettings, withDiagnosticsScope } from '../src/settings';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('only explicitly set values reach the server, nested by their dotted names', () => {
  const values: Record<string, { globalValue?: unknown; workspaceValue?: unknown }> = {
    'model.gpuLayers': { globalValue: 0 }, 'loop.maxCycles': { globalValue: 5, workspaceValue: 2 }, 'server.path': { globalValue: '/x' },
  };
  const result = serverSettings(['model.gpuLayers', 'model.path', 'loop.maxCycles', 'server.path'].map(key => ({ key })), k => values[k], true);
  assert.deepEqual(result, { model: { gpuLayers: 0 }, loop: { maxCycles: 2 } });
});

// A cloned repository's .vscode/settings.json must not choose the secret, nor (untrusted) the endpoint or a path.
test('a workspace value of a machine setting, or of a restricted one in an untrusted folder, never reaches the server', () => {
  const settings = contributedSettings(manifest);
  const values: Record<string, { globalValue?: unknown; workspaceValue?: unknown }> = {
    'model.apiKeyEnvironmentVariable': { workspaceValue: 'GITHUB_TOKEN' },
    'model.endpoint': { globalValue: 'http://127.0.0.1:1234/v1', workspaceValue: 'http://attacker.example/v1' },
    'loop.maxCycles': { workspaceValue: 2 },
  };
  assert.deepEqual(serverSettings(settings, k => values[k], false), { model: { endpoint: 'http://127.0.0.1:1234/v1' }, loop: { maxCycles: 2 } });
  assert.deepEqual(serverSettings(settings, k => values[k], true), { model: { endpoint: 'http://attacker.example/v1', endpointFromWorkspace: true }, loop: { maxCycles: 2 } });
});

test('an endpoint the user set is theirs even where the folder repeats it', () => {
  const settings = contributedSettings(manifest);
  const own = { globalValue: 'http://127.0.0.1:1234/v1', workspaceValue: 'http://127.0.0.1:1234/v1' };
  assert.deepEqual(serverSettings(settings, k => k === 'model.endpoint' ? own : undefined, true), { model: { endpoint: 'http://127.0.0.1:1234/v1' } });
});

test('every setting that names a path, a host or the server is restricted in untrusted folders', () => {
  const restricted = contributedSettings(manifest).filter(s => s.restricted).map(s => s.key).sort();
  assert.deepEqual(restricted, ['logging.directory', 'memory.databasePath', 'model.embeddingModelPath', 'model.endpoint', 'model.path', 'server.path']);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('diagnostics.scope auto means own beside the C# extension and all without it; an explicit choice stays', () => {
  assert.deepEqual(withDiagnosticsScope({}, true), { diagnostics: { scope: 'own' } });
  assert.deepEqual(withDiagnosticsScope({ diagnostics: { scope: 'auto', debounceMilliseconds: 5 } }, false), { diagnostics: { scope: 'all', debounceMilliseconds: 5 } });
  assert.deepEqual(withDiagnosticsScope({ diagnostics: { scope: 'all' } }, true), { diagnostics: { scope: 'all' } });
  assert.deepEqual(withDiagnosticsScope({ diagnostics: { scope: 'own' } }, false), { diagnostics: { scope: 'own' } });
});

test('the section the server asks for is matched whatever its case', () => {
  assert.ok(isOurSection('codeimprove'));
  assert.ok(isOurSection('codeImprove'));
  assert.ok(!isOurSection('csharp'));
  assert.ok(!isOurSection(undefined));
});

// The settings the extension contributes are the server's own (config/codeimprove.json), with the same defaults,
// so the Settings UI shows what the server does when a value is left unset.
test('contributed settings mirror config/codeimprove.json', () => {
  const defaults = JSON.parse(fs.readFileSync(path.resolve(root, '..', '..', 'config', 'codeimprove.json'), 'utf8'));
  const expected = Object.entries(defaults).filter(([k]) => !k.startsWith('$'))
    .flatMap(([section, values]) => Object.entries(values as object).map(([k, v]) => [`${section}.${k}`, v]));
  const keys = contributedKeys(manifest).filter(k => !k.startsWith('server.'));
  assert.deepEqual(keys.sort(), expected.map(([k]) => k).sort());
  for (const [key, value] of expected) {
    assert.deepEqual(manifest.contributes.configuration.properties[`codeImprove.${key}`].default, value, key);
  }
});
