// Runs (electron/services/runner): what to run, its inputs, and how a call failed.
// English as the CLI has always printed it.
import { defineMessages } from './define.js';

export const runMessages = defineMessages({
  'run.unknownTarget': {
    en: {
      message: '"{target}" is neither a folder nor a known algorithm{suggestion}',
      hint: 'Known algorithms: {known}',
    },
    'zh-CN': { message: '"{target}" 既不是文件夹，也不是已知的算法{suggestion}', hint: '已知的算法：{known}' },
  },
  'run.unknownTargetNone': {
    en: {
      message: '"{target}" is neither a folder nor a known algorithm{suggestion}',
      hint: 'Build one first: kiln build <folder>',
    },
    'zh-CN': {
      message: '"{target}" 既不是文件夹，也不是已知的算法{suggestion}',
      hint: '请先构建一个：`kiln build <folder>`',
    },
  },
  'run.noVersion': {
    en: { message: '{name} has no version "{version}"', hint: 'List them with: kiln images {name}' },
    'zh-CN': { message: '{name} 没有版本 "{version}"', hint: '查看所有版本：`kiln images {name}`' },
  },
  'run.badArgs': {
    en: { message: '{problems}', hint: 'See the args in {file}' },
    'zh-CN': { message: '{problems}', hint: '参数定义见 {file}' },
  },
  'run.unknownInput': {
    en: { message: 'unknown input "{key}"{suggestion}', hint: 'This algorithm takes: {declared}' },
    'zh-CN': { message: '未知的输入 "{key}"{suggestion}', hint: '这个算法的输入有：{declared}' },
  },
  'run.unknownInputNone': {
    en: { message: 'unknown input "{key}"{suggestion}', hint: 'This algorithm takes no inputs.' },
    'zh-CN': { message: '未知的输入 "{key}"{suggestion}', hint: '这个算法没有输入。' },
  },
  'run.inputMissing': {
    en: { message: 'input {key}: {path} does not exist' },
    'zh-CN': { message: '输入 {key}：{path} 不存在' },
  },
  'run.inputNotFile': {
    en: { message: 'input {key}: {path} is not a file' },
    'zh-CN': { message: '输入 {key}：{path} 不是文件' },
  },
  'run.missingInput': {
    en: { message: 'missing required input "{key}" ({type})', hint: 'Pass it with --input {key}=path/to/file' },
    'zh-CN': { message: '缺少必填的输入 "{key}"（{type}）', hint: '请用 `--input {key}=path/to/file` 传入' },
  },
  'run.algorithmFailed': {
    en: { message: 'the algorithm failed with error {code}: {detail}', hint: 'Run log: {log}' },
    'zh-CN': { message: '算法出错，错误码 {code}：{detail}', hint: '运行日志：{log}' },
  },
  'run.withLog': {
    en: { message: '{problem}', hint: 'Run log: {log}' },
    'zh-CN': { message: '{problem}', hint: '运行日志：{log}' },
  },
  'run.exitedNoResponse': {
    en: { message: 'the algorithm exited with status {status} without a response' },
    'zh-CN': { message: '算法以状态 {status} 退出，没有给出应答' },
  },
  'run.notJson': {
    en: { message: 'the runtime answered HTTP {status} with something that is not JSON' },
    'zh-CN': { message: '运行时以 HTTP {status} 应答，但内容不是 JSON' },
  },
  'run.noErrorCode': {
    en: { message: 'the runtime answered without an error_code' },
    'zh-CN': { message: '运行时的应答里没有 error_code' },
  },
  'run.outputOutside': {
    en: { message: "output {key} ({body}) is outside the call's work folder or missing" },
    'zh-CN': { message: '输出 {key}（{body}）不在本次调用的工作文件夹内，或者不存在' },
  },
  'run.noHostPort': {
    en: { message: 'the engine published no host port for the runtime' },
    'zh-CN': { message: '引擎没有为运行时发布主机端口' },
  },
  'run.cancelledStarting': {
    en: { message: 'cancelled while the algorithm was starting' },
    'zh-CN': { message: '在算法启动过程中被取消' },
  },
  'run.setupFailed': {
    en: {
      message: 'the algorithm exited with status {status} before it was ready (setup failed)',
      hint: 'See its output below, or the run log.',
    },
    'zh-CN': {
      message: '算法在就绪前以状态 {status} 退出（setup 失败）',
      hint: '请看下方它的输出，或运行日志。',
    },
  },
  'run.notReady': {
    en: { message: 'the algorithm was not ready after {seconds} s (setup too slow or stuck)' },
    'zh-CN': { message: '算法在 {seconds} 秒后仍未就绪（setup 太慢或卡住了）' },
  },
  'run.cancelled': {
    en: { message: 'the run was cancelled' },
    'zh-CN': { message: '运行已取消' },
  },
  'run.noAnswerInTime': {
    en: { message: 'the call got no answer in time' },
    'zh-CN': { message: '调用没有在时限内得到应答' },
  },
  'run.connectionDropped': {
    en: { message: 'the connection to the algorithm dropped ({code})' },
    'zh-CN': { message: '与算法的连接断开了（{code}）' },
  },
});
