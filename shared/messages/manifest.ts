// kiln.yaml problems (shared/manifest/parse.ts, the packager's manifest loader) and argument
// values (shared/manifest/args.ts). The English texts are the ones the CLI has always printed.
import { defineMessages } from './define.js';

export const manifestMessages = defineMessages({
  // One problem, as the CLI prints it: file:line:col key: message (did you mean "x"?)
  'manifest.problemAt': {
    en: { message: '{where} {path}: {problem}{suggestion}' },
    'zh-CN': { message: '{where} {path}：{problem}{suggestion}' },
  },
  'manifest.problemAtDocument': {
    en: { message: '{where} {problem}{suggestion}' },
    'zh-CN': { message: '{where} {problem}{suggestion}' },
  },
  'manifest.didYouMean': {
    en: { message: ' (did you mean "{suggestion}"?)' },
    'zh-CN': { message: '（是不是想写 "{suggestion}"？）' },
  },
  'manifest.invalid': {
    en: { message: '{problems}', hint: 'Fix kiln.yaml and try again.' },
    'zh-CN': { message: '{problems}', hint: '请修改 kiln.yaml 后重试。' },
  },
  'manifest.noManifest': {
    en: { message: '{folder} has no {file}', hint: 'Create one with: kiln init {name} --template python' },
    'zh-CN': { message: '{folder} 里没有 {file}', hint: '可以这样创建：`kiln init {name} --template python`' },
  },
  'manifest.folderMissing': {
    en: { message: '{folder} does not exist', hint: 'Create one with: kiln init {name} --template python' },
    'zh-CN': { message: '{folder} 不存在', hint: '可以这样创建：`kiln init {name} --template python`' },
  },
  'manifest.cannotRead': {
    en: { message: 'cannot read {file}: {detail}' },
    'zh-CN': { message: '无法读取 {file}：{detail}' },
  },
  'manifest.noName': {
    en: { message: '{file} has no valid name: key', hint: 'Add a line like "name: my-algo".' },
    'zh-CN': { message: '{file} 没有有效的 name: 键', hint: '请加一行，例如 "name: my-algo"。' },
  },

  // Structure
  'manifest.yamlSyntax': {
    en: { message: 'YAML syntax: {detail}' },
    'zh-CN': { message: 'YAML 语法错误：{detail}' },
  },
  'manifest.notMapping': {
    en: { message: 'must be a mapping of keys (name:, entry:, ...)' },
    'zh-CN': { message: '必须是键值映射（name:、entry: 等）' },
  },
  'manifest.unknownKey': {
    en: { message: 'unknown key "{key}"' },
    'zh-CN': { message: '未知的键 "{key}"' },
  },
  'manifest.missingKey': {
    en: { message: 'required key "{key}" is missing' },
    'zh-CN': { message: '缺少必填的键 "{key}"' },
  },
  'manifest.missingExpected': {
    en: { message: 'required key is missing (expected {expected})' },
    'zh-CN': { message: '缺少必填的键（应为 {expected}）' },
  },
  'manifest.unknownType': {
    en: { message: 'unknown type "{type}"' },
    'zh-CN': { message: '未知的类型 "{type}"' },
  },
  'manifest.unknownEntryKind': {
    en: { message: 'unknown entry kind "{kind}": use python, command or native' },
    'zh-CN': { message: '未知的入口类型 "{kind}"：请用 python、command 或 native' },
  },
  'manifest.entryMoreThanOne': {
    en: { message: 'entry must have exactly one of python, command, native (found {found})' },
    'zh-CN': { message: 'entry 只能有 python、command、native 中的一个（现在有 {found}）' },
  },
  'manifest.entryPythonForm': {
    en: { message: 'entry.python must be "file.py:ClassName"' },
    'zh-CN': { message: 'entry.python 的格式必须是 "file.py:ClassName"' },
  },
  'manifest.entryNativeForm': {
    en: { message: 'entry.native needs {library: path/to/lib.so, function: c_function_name}' },
    'zh-CN': { message: 'entry.native 需要 {library: path/to/lib.so, function: c_function_name}' },
  },
  'manifest.entryHelp': {
    en: {
      message:
        'entry must be one of: {python: "predict.py:Predictor"}, {command: "..."}, {native: {library, function}}',
    },
    'zh-CN': {
      message:
        'entry 必须是以下之一：{python: "predict.py:Predictor"}、{command: "..."}、{native: {library, function}}',
    },
  },

  // Values (zod's checks, in Kiln's words)
  'manifest.invalidType': {
    en: { message: 'Invalid input: expected {expected}, received {received}' },
    'zh-CN': { message: '类型不对：应为 {expected}，实际是 {received}' },
  },
  'manifest.invalidOption': {
    en: { message: 'Invalid option: expected one of {values}' },
    'zh-CN': { message: '取值无效：应为 {values} 之一' },
  },
  'manifest.tooSmallNumber': {
    en: { message: 'Too small: expected number to be {op}{limit}' },
    'zh-CN': { message: '数值太小：应 {op}{limit}' },
  },
  'manifest.tooBigNumber': {
    en: { message: 'Too big: expected number to be {op}{limit}' },
    'zh-CN': { message: '数值太大：应 {op}{limit}' },
  },
  'manifest.tooShortString': {
    en: { message: 'Too small: expected string to have {op}{limit} characters' },
    'zh-CN': { message: '太短：应有 {op}{limit} 个字符' },
  },
  'manifest.tooLongString': {
    en: { message: 'Too big: expected string to have {op}{limit} characters' },
    'zh-CN': { message: '太长：应有 {op}{limit} 个字符' },
  },
  'manifest.tooFewItems': {
    en: { message: 'Too small: expected array to have {op}{limit} items' },
    'zh-CN': { message: '项太少：应有 {op}{limit} 项' },
  },
  'manifest.tooManyItems': {
    en: { message: 'Too big: expected array to have {op}{limit} items' },
    'zh-CN': { message: '项太多：应有 {op}{limit} 项' },
  },
  'manifest.other': {
    en: { message: '{detail}' },
    'zh-CN': { message: '{detail}' },
  },
  // The schema's own words (shared/manifest/schema.ts): the parser maps each text to its id.
  'manifest.notIdentifier': {
    en: { message: 'must be an identifier (letters, digits, _)' },
    'zh-CN': { message: '必须是标识符（字母、数字、_）' },
  },
  'manifest.notExt': {
    en: { message: 'must look like ".png"' },
    'zh-CN': { message: '格式应像 ".png"' },
  },
  'manifest.pythonForm': {
    en: { message: 'must be "file.py:ClassName"' },
    'zh-CN': { message: '格式必须是 "file.py:ClassName"' },
  },
  'manifest.notCIdentifier': {
    en: { message: 'must be a C identifier' },
    'zh-CN': { message: '必须是 C 语言标识符' },
  },
  'manifest.memoryForm': {
    en: { message: 'must look like "512Mi" or "4Gi"' },
    'zh-CN': { message: '格式应像 "512Mi" 或 "4Gi"' },
  },
  'manifest.nameForm': {
    en: { message: 'must be lower-case letters, digits, ".", "_" or "-" (max 63)' },
    'zh-CN': { message: '只能由小写字母、数字、"."、"_" 或 "-" 组成（最多 63 个字符）' },
  },
  'manifest.aptName': {
    en: { message: 'not a valid apt package name' },
    'zh-CN': { message: '不是有效的 apt 软件包名' },
  },
  'manifest.envName': {
    en: { message: 'not a valid environment variable name' },
    'zh-CN': { message: '不是有效的环境变量名' },
  },

  // Checks across fields
  'manifest.minAboveMax': {
    en: { message: 'minimum {minimum} is greater than maximum {maximum}' },
    'zh-CN': { message: '最小值 {minimum} 大于最大值 {maximum}' },
  },
  'manifest.defaultNotInteger': {
    en: { message: 'default {value} is not an integer' },
    'zh-CN': { message: '默认值 {value} 不是整数' },
  },
  'manifest.defaultBelowMin': {
    en: { message: 'default {value} is below minimum {minimum}' },
    'zh-CN': { message: '默认值 {value} 小于最小值 {minimum}' },
  },
  'manifest.defaultAboveMax': {
    en: { message: 'default {value} is above maximum {maximum}' },
    'zh-CN': { message: '默认值 {value} 大于最大值 {maximum}' },
  },
  'manifest.defaultNotInEnum': {
    en: { message: 'default {value} is not one of {values}' },
    'zh-CN': { message: '默认值 {value} 不在可选值 {values} 之中' },
  },
  'manifest.unknownPlaceholder': {
    en: { message: 'unknown placeholder {placeholder}: use {inputs.x}, {outputs.y}, {args.z} or {work_path}' },
    'zh-CN': { message: '未知的占位符 {placeholder}：请用 {inputs.x}、{outputs.y}、{args.z} 或 {work_path}' },
  },
  'manifest.placeholderUndeclared': {
    en: { message: 'placeholder {placeholder} names no declared {kind}' },
    'zh-CN': { message: '占位符 {placeholder} 指向的 {kind} 没有声明' },
  },
  'manifest.placeholderUndeclaredSuggest': {
    en: { message: 'placeholder {placeholder} names no declared {kind} (did you mean {suggestion}?)' },
    'zh-CN': { message: '占位符 {placeholder} 指向的 {kind} 没有声明（是不是想写 {suggestion}？）' },
  },
  'manifest.noOutputs': {
    en: { message: 'declare at least one output (e.g. outputs: {result: {type: json}})' },
    'zh-CN': { message: '请至少声明一个输出（例如 outputs: {result: {type: json}}）' },
  },

  // The folder (the packager's manifest loader)
  'manifest.entryFileMissing': {
    en: { message: 'entry file {file} does not exist in {folder}' },
    'zh-CN': { message: '入口文件 {file} 不在 {folder} 中' },
  },
  'manifest.noSuchClass': {
    en: { message: '{file} defines no class {class} (top-level classes: {found})' },
    'zh-CN': { message: '{file} 里没有定义类 {class}（顶层的类有：{found}）' },
  },
  'manifest.noClasses': {
    en: { message: '{file} defines no class {class} (top-level classes: none)' },
    'zh-CN': { message: '{file} 里没有定义类 {class}（没有顶层的类）' },
  },
  'manifest.libraryMissing': {
    en: { message: 'library {library} does not exist and no build: commands make it' },
    'zh-CN': { message: '库 {library} 不存在，也没有 build: 命令生成它' },
  },
  'manifest.requirementsMissing': {
    en: { message: 'requirements file {file} does not exist' },
    'zh-CN': { message: '依赖文件 {file} 不存在' },
  },
  'manifest.findLinksMissing': {
    en: { message: 'find_links folder {folder} does not exist in the algorithm folder' },
    'zh-CN': { message: 'find_links 文件夹 {folder} 不在算法文件夹中' },
  },

  // Argument values (--arg k=v on the CLI, the run form in the app)
  'args.expectsBoolean': {
    en: { message: 'expects true or false, got {got}' },
    'zh-CN': { message: '应为 true 或 false，实际是 {got}' },
  },
  'args.expectsNumber': {
    en: { message: 'expects a {type}, got {got}' },
    'zh-CN': { message: '应为 {type}，实际是 {got}' },
  },
  'args.expectsInteger': {
    en: { message: 'expects an integer, got {got}' },
    'zh-CN': { message: '应为整数，实际是 {got}' },
  },
  'args.expectsString': {
    en: { message: 'expects a string, got {got}' },
    'zh-CN': { message: '应为字符串，实际是 {got}' },
  },
  'args.invalid': {
    en: { message: '{name} {problem}' },
    'zh-CN': { message: '{name}：{problem}' },
  },
  'args.belowMin': {
    en: { message: '{name}={value} is below the minimum {minimum}' },
    'zh-CN': { message: '{name}={value} 小于最小值 {minimum}' },
  },
  'args.aboveMax': {
    en: { message: '{name}={value} is above the maximum {maximum}' },
    'zh-CN': { message: '{name}={value} 大于最大值 {maximum}' },
  },
  'args.notInEnum': {
    en: { message: '{name}={value} is not one of {values}' },
    'zh-CN': { message: '{name}={value} 不在可选值 {values} 之中' },
  },
  'args.noMatch': {
    en: { message: '{name}={value} does not match {pattern}' },
    'zh-CN': { message: '{name}={value} 不符合 {pattern}' },
  },
  'args.unknown': {
    en: { message: 'unknown arg "{name}"{suggestion}; known: {known}' },
    'zh-CN': { message: '未知参数 "{name}"{suggestion}；已知参数：{known}' },
  },
  'args.unknownNone': {
    en: { message: 'unknown arg "{name}"{suggestion}; this algorithm takes no args' },
    'zh-CN': { message: '未知参数 "{name}"{suggestion}；这个算法没有参数' },
  },
});
