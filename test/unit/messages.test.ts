// The back end's message catalog (shared/messages): every id in English and Simplified Chinese,
// with the same {params} in both, and nested messages rendered in the language asked for.
import { describe, expect, it } from 'vitest';
import { KilnError } from '../../shared/errors.js';
import {
  formatMessage,
  isMessageId,
  MESSAGES,
  ref,
  type MessageEntry,
  type MessageId,
} from '../../shared/messages/index.js';

const params = (s: string | undefined): string[] =>
  [...new Set([...(s ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;
/** Words left once parameters, quoted text, code-like tokens and paths are taken out. */
const words = (s: string): string[] =>
  s
    .replace(/\{[^{}]*\}/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/"[^"]*"|'[^']*'/g, ' ')
    .replace(/\S*[/_.=$-]\S*/g, ' ')
    .match(/[A-Za-z]{2,}/g) ?? [];

describe('shared/messages', () => {
  const ids = Object.keys(MESSAGES) as MessageId[];

  it('has ids of the form <domain>.<what>', () => {
    expect(ids.length).toBeGreaterThan(100);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]*(\.[A-Za-z]+)+$/);
  });

  it('says every message in both languages, with the same parameters, and a hint in both or neither', () => {
    for (const id of ids) {
      const entry: MessageEntry = MESSAGES[id];
      const en = entry.en;
      const zh = entry['zh-CN'];
      expect(en.message.trim(), id).not.toBe('');
      expect(zh.message.trim(), id).not.toBe('');
      expect(params(zh.message), `${id} message`).toEqual(params(en.message));
      expect(zh.hint === undefined, `${id} hint`).toBe(en.hint === undefined);
      expect(params(zh.hint), `${id} hint`).toEqual(params(en.hint));
      // Commands quoted for the UI (it shows `...` as code) are closed.
      for (const text of [en.message, en.hint ?? '', zh.message, zh.hint ?? ''])
        expect(text.split('`').length % 2, `${id} backticks`).toBe(1);
    }
  });

  it('has Chinese text wherever the English has words of its own', () => {
    for (const id of ids) {
      const entry: MessageEntry = MESSAGES[id];
      for (const part of ['message', 'hint'] as const) {
        const en = entry.en[part];
        const zh = entry['zh-CN'][part];
        if (en === undefined || zh === undefined) continue;
        if (words(en).length >= 2) expect(zh, `${id} ${part}`).toMatch(CJK);
      }
    }
  });

  it('renders nested messages and lists in the language asked for', () => {
    const tried = [
      ref('engine.attempt', { label: '/var/run/docker.sock', origin: 'DOCKER_HOST', why: ref('engine.why.refused') }),
      ref('engine.attemptNoOrigin', { label: '/run/podman.sock', why: ref('engine.why.missing') }),
    ];
    const p = { tried, hints: [ref('engine.hintStart')] };
    expect(formatMessage('engine.noneAnswered', p, 'en').message).toBe(
      'No Docker engine answered. Tried: /var/run/docker.sock [DOCKER_HOST] (connection refused); /run/podman.sock (missing).',
    );
    expect(formatMessage('engine.noneAnswered', p, 'zh-CN').message).toBe(
      '没有 Docker 引擎应答。尝试过：/var/run/docker.sock [DOCKER_HOST]（连接被拒绝）；/run/podman.sock（不存在）。',
    );
    // An unknown nested id is shown as it is rather than dropped.
    expect(formatMessage('common.internal', { detail: { id: 'no.such' } }, 'en').message).toBe(
      'Kiln hit an internal error: no.such',
    );
  });

  it('gives a KilnError English text for the CLI and the id for the UI, in its envelope', () => {
    const err = KilnError.of('NOT_FOUND', 'engine.imageNotFound', { image: 'demo:1' });
    expect(err.message).toBe('image demo:1 is not in the engine');
    expect(err.hint).toBe('Build it first (kiln build), or check the name and tag.');
    const env = err.toEnvelope();
    expect(env).toEqual({
      code: 'NOT_FOUND',
      message: 'image demo:1 is not in the engine',
      hint: 'Build it first (kiln build), or check the name and tag.',
      messageId: 'engine.imageNotFound',
      params: { image: 'demo:1' },
    });
    expect(isMessageId(env.messageId)).toBe(true);
    expect(formatMessage(env.messageId!, env.params, 'zh-CN').message).toBe('引擎里没有镜像 demo:1');
    // It travels as JSON (IPC, WebSocket, --json) and renders the same on the other side.
    const back = JSON.parse(JSON.stringify(env)) as typeof env;
    expect(formatMessage(back.messageId!, back.params, 'zh-CN')).toEqual(
      formatMessage(env.messageId!, env.params, 'zh-CN'),
    );
  });
});
