// translateDockerError over the errors dockerode really raised against Docker 20.10
// (fixtures/engine/dockerode-errors-20.10.json, rebuilt into Error objects with the same fields).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KilnError } from '../../shared/errors.js';
import { formatMessage } from '../../shared/messages/index.js';
import {
  dockerErrorToKilnError,
  engineMessage,
  EngineUnavailableError,
  translateDockerError,
} from '../../electron/services/engine/index.js';

const FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'engine',
  'dockerode-errors-20.10.json',
);
const RECORDED = JSON.parse(readFileSync(FILE, 'utf8')) as Array<Record<string, unknown>>;

/** The recorded error as dockerode hands it over: an Error with the recorded fields on it. */
function recorded(label: string): Error {
  const rec = RECORDED.find((e) => e.label === label);
  if (!rec) throw new Error(`no recorded error "${label}"`);
  const { label: _l, call: _c, message, ...fields } = rec;
  return Object.assign(new Error(String(message)), fields);
}

describe('translateDockerError', () => {
  it('a GPU request on an engine without the NVIDIA driver', () => {
    const t = translateDockerError(recorded('gpu-without-nvidia-driver'));
    expect(t.code).toBe('GPU_UNAVAILABLE');
    expect(t.kind).toBe('gpu-driver-missing');
    expect(t.message).toBe(
      'the Docker engine has no NVIDIA GPU support: it has no device driver "nvidia" for [[gpu]] (the engine said: could not select device driver "nvidia" with capabilities: [[gpu]])',
    );
    expect(t.hint).toContain('sudo nvidia-ctk runtime configure --runtime=docker');
    expect(t.hint).toContain('--gpu none');
  });

  it('missing images, from inspect and from create', () => {
    for (const label of ['image-inspect-missing', 'create-missing-image']) {
      expect(translateDockerError(recorded(label))).toEqual({
        code: 'NOT_FOUND',
        kind: 'image-not-found',
        message: 'image nosuchimage:latest is not in the engine',
        hint: 'Build it first (kiln build), or check the name and tag.',
        messageId: 'engine.imageNotFound',
        params: { image: 'nosuchimage:latest' },
      });
    }
  });

  it('a host port taken by another container, and by a host process', () => {
    expect(translateDockerError(recorded('port-already-allocated'))).toMatchObject({
      code: 'ENGINE_ERROR',
      kind: 'port-in-use',
      message: 'port 127.0.0.1:47311 is already in use by another container',
    });
    const host = translateDockerError(recorded('port-in-use-by-host-process'));
    expect(host).toMatchObject({ kind: 'port-in-use', message: 'port 127.0.0.1:47312 is already in use' });
    expect(host.hint).toBe('Stop the program that listens on it, or pick another port.');
  });

  it('a full disk', () => {
    const t = translateDockerError(recorded('no-space-left'));
    expect(t.kind).toBe('disk-full');
    expect(t.message).toBe(
      'the engine ran out of disk space (ApplyLayer exit status 1 stdout: stderr: write /blob: no space left on device)',
    );
    expect(t.hint).toContain('docker system prune');
  });

  it('a container name in use', () => {
    expect(translateDockerError(recorded('container-name-in-use'))).toMatchObject({
      kind: 'name-in-use',
      message: 'a container named kiln-rec-dup already exists',
      hint: 'Remove it (docker rm -f kiln-rec-dup) or choose another name.',
    });
  });

  it('a default runtime that is not installed', () => {
    const t = translateDockerError(recorded('default-runtime-binary-missing'));
    expect(t.kind).toBe('runtime-missing');
    expect(t.message).toBe(
      "the engine's container runtime nvidia-container-runtime is not installed, so no container can start",
    );
    expect(t.hint).toContain('"default-runtime": "nvidia"');
  });

  it('socket and TCP failures, naming the address', () => {
    expect(translateDockerError(recorded('socket-missing'))).toMatchObject({
      code: 'ENGINE_UNAVAILABLE',
      kind: 'socket-missing',
      message: 'cannot reach the Docker engine at /tmp/kiln-eng-rec/nope.sock: the socket does not exist',
    });
    expect(translateDockerError(recorded('socket-stale-refused'))).toMatchObject({
      kind: 'connection-refused',
      message:
        'cannot reach the Docker engine at /tmp/kiln-eng-rec/stale.sock: connection refused (nothing is listening)',
    });
    const denied = translateDockerError(recorded('socket-permission-denied'));
    expect(denied).toMatchObject({
      code: 'ENGINE_UNAVAILABLE',
      kind: 'permission-denied',
      message: 'cannot reach the Docker engine at /tmp/kiln-eng-rec/docker.sock: permission denied',
    });
    expect(denied.hint).toContain('sudo usermod -aG docker $USER');
    expect(translateDockerError(recorded('tcp-refused')).message).toBe(
      'cannot reach the Docker engine at 127.0.0.1:1: connection refused (nothing is listening)',
    );
  });

  it("anything else: the engine's own words on one line, without dockerode's prefix or a stack", () => {
    const t = translateDockerError(recorded('bad-reference'));
    expect(t).toEqual({
      code: 'ENGINE_ERROR',
      kind: 'engine-error',
      message: 'the Docker engine said: invalid reference format: repository name must be lowercase',
      hint: 'See the engine log (journalctl -u docker) for details.',
      messageId: 'engine.said',
      params: { said: 'invalid reference format: repository name must be lowercase' },
    });
    // The UI says it in Chinese, the engine's own words kept as they are.
    expect(formatMessage(t.messageId!, t.params, 'zh-CN')).toEqual({
      message: 'Docker 引擎报错：invalid reference format: repository name must be lowercase',
      hint: '详情请看引擎日志（`journalctl -u docker`）。',
    });
    const multi = Object.assign(new Error('(HTTP code 500) server error - first line\n  second line\n'), {
      statusCode: 500,
      json: null,
    });
    expect(engineMessage(multi)).toBe('first line second line');
    expect(translateDockerError(multi).message).not.toMatch(/\n|HTTP code|at /);
  });

  it('passes Kiln errors through, and wraps the rest as KilnError', () => {
    const unavailable = new EngineUnavailableError([
      { label: '/var/run/docker.sock', source: 'default', origin: '', outcome: 'missing', why: 'missing' },
    ]);
    expect(translateDockerError(unavailable)).toEqual({
      code: 'ENGINE_UNAVAILABLE',
      kind: 'engine-unavailable',
      message: unavailable.message,
      hint: unavailable.hint,
      messageId: 'engine.noneAnswered',
      params: unavailable.params,
    });
    expect(dockerErrorToKilnError(unavailable)).toBe(unavailable);
    const wrapped = dockerErrorToKilnError(recorded('gpu-without-nvidia-driver'));
    expect(wrapped).toBeInstanceOf(KilnError);
    expect(wrapped.toEnvelope()).toMatchObject({
      code: 'GPU_UNAVAILABLE',
      details: { kind: 'gpu-driver-missing' },
      messageId: 'engine.gpuDriverMissing',
    });
  });
});
