// @vitest-environment jsdom
// A page of an older Kiln meeting a newer server: the real WebSocket transport hears the
// server's hello (or an API_MISMATCH answer) and the page shows "Kiln was updated: reload the
// page" in the chosen language, with a Reload button, instead of calls failing one by one.
import { act, cleanup, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_VERSION, type ServerMessage } from '../../../shared/api';
import { UpdateBanner } from '../../../renderer/src/components/update-banner';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { WebSocketTransport, type WebSocketLike } from '../../../renderer/src/transport/websocket';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  constructor(readonly url: string) {}
  send(): void {}
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  receive(msg: ServerMessage): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(msg) }));
  }
}

let socket: FakeSocket;
let transport: WebSocketTransport;
let stop: () => void;
/** What HEAD / answers: 401 once this tab's session is gone. */
let pageStatus: number;
const probes: string[] = [];

beforeEach(() => {
  pageStatus = 200;
  probes.length = 0;
  transport = new WebSocketTransport({
    origin: 'http://127.0.0.1:7420',
    createSocket: (url) => (socket = new FakeSocket(url)),
    fetchImpl: async (input, init) => {
      probes.push(`${init?.method ?? 'GET'} ${input instanceof Request ? input.url : input.toString()}`);
      return new Response(null, { status: pageStatus });
    },
    initialBackoffMs: 10,
    maxBackoffMs: 20,
  });
  stop = initStores(transport, { load: false });
  useSettingsStore.setState({ language: 'en' });
});

afterEach(() => {
  cleanup();
  stop();
  transport.close();
  resetStores();
});

const fill = (s: string, p: Record<string, number>): string => s.replace(/\{(\w+)\}/g, (_, k: string) => String(p[k]));

describe('the "Kiln was updated" banner', () => {
  it('stays away while the versions agree', () => {
    render(createElement(UpdateBanner));
    act(() => {
      socket.open();
      socket.receive({ type: 'hello', apiVersion: API_VERSION });
    });
    expect(screen.queryByTestId('update-banner')).toBeNull();
  });

  it('appears, in English and in Chinese, when the server speaks another API version', () => {
    render(createElement(UpdateBanner));
    act(() => {
      socket.open();
      socket.receive({ type: 'hello', apiVersion: API_VERSION + 1 });
    });
    const banner = screen.getByTestId('update-banner');
    expect(banner.textContent).toContain(en['conn.updated']);
    expect(banner.textContent).toContain(fill(en['conn.updatedAbout'], { page: API_VERSION, server: API_VERSION + 1 }));
    expect(screen.getByTestId('reload').textContent).toBe(en['conn.reload']);

    act(() => useSettingsStore.setState({ language: 'zh-CN' }));
    expect(screen.getByTestId('update-banner').textContent).toContain(zhCN['conn.updated']);
    expect(screen.getByTestId('reload').textContent).toBe(zhCN['conn.reload']);
  });

  it('appears when the server answers API_MISMATCH (a server that says so without a new hello)', () => {
    render(createElement(UpdateBanner));
    act(() => {
      socket.open();
      socket.receive({
        id: null,
        type: 'error',
        error: { code: 'API_MISMATCH', message: 'Kiln was updated', params: { client: API_VERSION, server: 7 } },
      });
    });
    expect(screen.getByTestId('update-banner').textContent).toContain(en['conn.updated']);
  });

  it('says how to get back in when the session is gone, and goes when the tab reconnects', async () => {
    render(createElement(UpdateBanner));
    act(() => {
      socket.open();
      socket.receive({ type: 'hello', apiVersion: API_VERSION });
    });
    // The server restarted with a new token: the socket is refused before it opens.
    pageStatus = 401;
    const refused = socket;
    await act(async () => {
      refused.readyState = 3;
      refused.onclose?.(new CloseEvent('close', { code: 1006 }));
      await new Promise((r) => setTimeout(r, 0));
      // The reconnect attempt is refused as well (401 on the upgrade).
      await new Promise((r) => setTimeout(r, 40));
      socket.readyState = 3;
      socket.onclose?.(new CloseEvent('close', { code: 1006 }));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(probes).toContain('HEAD http://127.0.0.1:7420/');
    const banner = screen.getByTestId('signed-out-banner');
    expect(banner.textContent).toContain(en['conn.signedOut']);
    expect(banner.textContent).toContain('kiln ui --url');
    act(() => useSettingsStore.setState({ language: 'zh-CN' }));
    expect(screen.getByTestId('signed-out-banner').textContent).toContain(zhCN['conn.signedOut']);

    // Signed in again (the new URL opened in another tab): the next attempt opens, the notice goes.
    pageStatus = 200;
    await act(async () => {
      await new Promise((r) => setTimeout(r, 40));
      socket.open();
    });
    expect(screen.queryByTestId('signed-out-banner')).toBeNull();
  });

  it('does not claim a lost session when the server is simply down', async () => {
    render(createElement(UpdateBanner));
    pageStatus = 502;
    await act(async () => {
      socket.readyState = 3;
      socket.onclose?.(new CloseEvent('close', { code: 1006 }));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(probes).toEqual(['HEAD http://127.0.0.1:7420/']);
    expect(screen.queryByTestId('signed-out-banner')).toBeNull();
  });
});
