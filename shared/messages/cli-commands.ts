// Messages of the `kiln` command line: its flags and commands. The terminal prints the English
// text; `--json` documents carry the id, and `kiln ui`'s errors can reach a browser.
import { defineMessages } from './define.js';

export const cliCommandsMessages = defineMessages({
  'cli.badFlags': {
    en: { message: '{detail}', hint: 'See: kiln help' },
    'zh-CN': { message: '命令行参数有误：{detail}', hint: '参见 `kiln help`。' },
  },
  'cli.keyValue': {
    en: { message: '--{flag} expects key=value, got "{item}"' },
    'zh-CN': { message: '`--{flag}` 需要 key=value 的形式，收到的是“{item}”' },
  },
  'cli.unknownCommand': {
    en: { message: 'unknown command "{name}"', hint: 'See: kiln help' },
    'zh-CN': { message: '未知命令“{name}”', hint: '参见 `kiln help`。' },
  },
  'cli.unknownCommandSuggest': {
    en: { message: 'unknown command "{name}" (did you mean "{suggestion}"?)', hint: 'See: kiln help' },
    'zh-CN': { message: '未知命令“{name}”（你是想输入“{suggestion}”吗？）', hint: '参见 `kiln help`。' },
  },
  'cli.init.noFolder': {
    en: { message: 'kiln init needs a folder name', hint: 'Usage: {usage}' },
    'zh-CN': { message: '`kiln init` 需要一个文件夹名', hint: '用法：{usage}' },
  },
  'cli.init.unknownTemplate': {
    en: { message: 'unknown template "{template}"', hint: 'Templates: {templates}' },
    'zh-CN': { message: '未知模板“{template}”', hint: '可用模板：{templates}' },
  },
  'cli.images.noAlgorithm': {
    en: { message: 'no algorithm named "{name}"', hint: 'List them with: kiln images' },
    'zh-CN': { message: '没有名为“{name}”的算法', hint: '用 `kiln images` 列出所有算法。' },
  },
  'cli.images.rmWhich': {
    en: { message: 'say which version to remove', hint: 'kiln images rm <name:version> (see: kiln images)' },
    'zh-CN': { message: '请指明要删除哪个版本', hint: '`kiln images rm <name:version>`（参见 `kiln images`）' },
  },
  'cli.ui.badPort': {
    en: { message: '--port {port} is not a port number' },
    'zh-CN': { message: '`--port {port}` 不是有效的端口号' },
  },
  'cli.ui.portInUse': {
    en: {
      message: 'port {port} is already in use on {host}',
      hint: 'Pick another with --port, or --port 0 for any free one.',
    },
    'zh-CN': {
      message: '{host} 上的端口 {port} 已被占用',
      hint: '用 `--port` 换一个端口，或用 `--port 0` 任选一个空闲端口。',
    },
  },
  'cli.ui.notLocalAddress': {
    en: { message: '{host} is not an address of this machine' },
    'zh-CN': { message: '{host} 不是本机的地址' },
  },
});
