// Messages of `kiln ui`'s server: the page a tab without its session sees, `kiln ui --url`,
// and a page of an older Kiln meeting a newer server.
import { defineMessages } from './define.js';

export const uiServerMessages = defineMessages({
  'ui.signin.title': {
    en: { message: 'Kiln: this tab is not signed in to this server' },
    'zh-CN': { message: 'Kiln：此标签页未登录到该服务器' },
  },
  'ui.signin.why': {
    en: {
      message:
        'The address has no valid token for the Kiln server on {host}: its cookie is missing, or the server was restarted (each start has a new token).',
    },
    'zh-CN': {
      message: '该地址没有 {host} 上 Kiln 服务器的有效令牌：Cookie 丢失，或服务器已重启（每次启动都会生成新令牌）。',
    },
  },
  'ui.signin.how': {
    en: {
      message: "On the machine that runs Kiln, print this server's address (with its token) again, then open it here:",
    },
    'zh-CN': { message: '在运行 Kiln 的机器上重新打印该服务器的地址（含令牌），然后在此打开：' },
  },
  'ui.signin.several': {
    en: { message: 'When several Kiln servers run there, name this one by its port (here: {port}) as shown.' },
    'zh-CN': { message: '如果那里运行着多个 Kiln 服务器，请按上面的示例用端口（此处为 {port}）指明这一个。' },
  },
  'ui.url.none': {
    en: {
      message: 'no kiln ui server is running for {home}',
      hint: 'Start one with: kiln ui (the same KILN_HOME as the server, if you set one).',
    },
    'zh-CN': {
      message: '{home} 没有正在运行的 kiln ui 服务器',
      hint: '请用 kiln ui 启动一个（如设置了 KILN_HOME，请与服务器使用相同的值）。',
    },
  },
  'ui.url.noSuchPort': {
    en: {
      message: 'no kiln ui server is running on port {port} (running: {ports})',
      hint: 'Pick one of the running ports with --port, or start one: kiln ui --port {port}',
    },
    'zh-CN': {
      message: '端口 {port} 上没有正在运行的 kiln ui 服务器（正在运行：{ports}）',
      hint: '请用 --port 选择一个正在运行的端口，或启动一个：kiln ui --port {port}',
    },
  },
  'ui.url.several': {
    en: {
      message: 'several kiln ui servers are running (ports {ports})',
      hint: 'Name one: kiln ui --url --port {first}',
    },
    'zh-CN': {
      message: '正在运行多个 kiln ui 服务器（端口 {ports}）',
      hint: '请指定一个：kiln ui --url --port {first}',
    },
  },
  'ui.apiMismatch': {
    en: {
      message: 'Kiln was updated: this page speaks API {client}, the server speaks API {server}',
      hint: 'Reload the page.',
    },
    'zh-CN': { message: 'Kiln 已更新：此页面使用 API {client}，服务器使用 API {server}', hint: '请刷新页面。' },
  },
});
