// The browser bridge (electron/bridge, `kiln ui`) and the renderer's transports: uploads,
// files without a path, malformed calls.
import { defineMessages } from './define.js';

export const bridgeMessages = defineMessages({
  'bridge.tooLarge': {
    en: { message: 'the file is larger than {max} bytes' },
    'zh-CN': { message: '文件超过了 {max} 字节的上限' },
  },
  'bridge.noEndpoint': {
    en: { message: 'no such endpoint {path}' },
    'zh-CN': { message: '没有这个接口：{path}' },
  },
  'bridge.noOutput': {
    en: { message: 'run {run} has no {kind} {key}' },
    'zh-CN': { message: '运行 {run} 没有 {kind} {key}' },
  },
  'bridge.notJson': {
    en: { message: 'message is not JSON' },
    'zh-CN': { message: '消息不是 JSON' },
  },
  'bridge.unknownMethod': {
    en: { message: 'unknown method {method}' },
    'zh-CN': { message: '未知的方法 {method}' },
  },
  'bridge.uploadFailed': {
    en: { message: 'Uploading {file} failed: {detail}' },
    'zh-CN': { message: '上传 {file} 失败：{detail}' },
  },
  'bridge.uploadHttp': {
    en: { message: 'Uploading {file} failed (HTTP {status})' },
    'zh-CN': { message: '上传 {file} 失败（HTTP {status}）' },
  },
  'bridge.noPath': {
    en: { message: '"{file}" has no path on this computer', hint: 'Drop a file from a folder, not from another app.' },
    'zh-CN': { message: '"{file}" 在这台电脑上没有路径', hint: '请从文件夹里拖入文件，而不是从其他应用拖入。' },
  },
});
