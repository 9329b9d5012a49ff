// @vitest-environment jsdom
// Translations: the same keys in English and Simplified Chinese, parameters filled, and a
// language switch re-renders visible text without a reload (and is saved with settings.set).
import { act, cleanup, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Welcome } from '../../../renderer/src/components/welcome';
import { StatusBar } from '../../../renderer/src/components/status-bar';
import { MESSAGES, translate } from '../../../renderer/src/i18n';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';
import { useEngineStore } from '../../../renderer/src/stores/engine';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { FakeTransport } from './fake-transport';
import { ENGINE_DOWN, SETTINGS } from './fixtures';

let fake: FakeTransport;
let stop: () => void;

beforeEach(() => {
  fake = new FakeTransport({ 'settings.set': (input) => ({ ...SETTINGS, ...input }) });
  stop = initStores(fake, { load: false });
  useSettingsStore.setState({ language: 'en' });
});

afterEach(() => {
  cleanup();
  stop();
  resetStores();
});

const params = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('i18n', () => {
  it('has every English key in zh-CN and every zh-CN key in English, with the same parameters', () => {
    const enKeys = Object.keys(en).sort();
    const zhKeys = Object.keys(zhCN).sort();
    expect(zhKeys.filter((k) => !(k in en))).toEqual([]);
    expect(enKeys.filter((k) => !(k in zhCN))).toEqual([]);
    for (const key of enKeys) {
      const k = key as keyof typeof en;
      expect(zhCN[k].trim(), key).not.toBe('');
      expect(params(zhCN[k]), key).toEqual(params(en[k]));
    }
    expect(Object.keys(MESSAGES)).toEqual(['en', 'zh-CN']);
  });

  it('fills parameters', () => {
    expect(translate('en', 'build.step', { index: 2, total: 9, stage: 'models' })).toBe('Step 2/9 (models)');
    expect(translate('zh-CN', 'build.step', { index: 2, total: 9, stage: '模型' })).toBe('第 2/9 步（模型）');
  });

  it('switching the language changes the rendered text at once, and saves it', async () => {
    useEngineStore.setState({ status: ENGINE_DOWN });
    render(createElement('div', null, createElement(Welcome), createElement(StatusBar)));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Package an algorithm in three steps');
    expect(screen.getAllByRole('button', { name: 'Open folder…' }).length).toBeGreaterThan(0);
    expect(screen.getByTestId('engine-status').textContent).toContain('Engine unreachable: No Docker engine answered');

    await act(async () => {
      await useSettingsStore.getState().setLanguage('zh-CN');
    });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('三步打包一个算法');
    expect(screen.getAllByRole('button', { name: '打开文件夹…' }).length).toBeGreaterThan(0);
    // What the back end said is shown in Chinese too (its message id), the socket path as it is.
    const engine = screen.getByTestId('engine-status').textContent ?? '';
    expect(engine).toContain('无法连接引擎：没有 Docker 引擎应答。尝试过：/var/run/docker.sock（不存在）。');
    expect(engine).toContain('请启动 Docker（sudo systemctl start docker');
    expect(engine).not.toMatch(/No Docker engine|Start Docker/);
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(fake.callsOf('settings.set')).toEqual([{ language: 'zh-CN' }]);
  });
});
