// The function protocol: one request/response pair for every entry kind (see DESIGN.md).

export interface InputFile {
  key: string;
  local_path: string;
  remote_url: string;
}

export interface InvokeRequest {
  work_path: string;
  input_files: InputFile[];
  arg_map: Record<string, unknown>;
}

export interface OutputFile {
  key: string;
  form: 'LocalPath' | 'Url' | 'Inline';
  body: string;
}

export interface InvokeResponse {
  error_code: number;
  error_msg: string;
  output_files?: OutputFile[];
  arg_map?: Record<string, unknown>;
  elapsed_ms?: number;
}

/** Runtime error codes (1xxx); 2000 and up belong to the algorithm. */
export const RUNTIME_ERRORS = {
  BAD_REQUEST: 1001,
  BUSY: 1002,
  TIMEOUT: 1003,
  OUTPUT_OUTSIDE_WORK_PATH: 1004,
  INVALID_RESPONSE: 1005,
  CRASHED: 1006,
} as const;

export function isInvokeResponse(v: unknown): v is InvokeResponse {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return Number.isInteger(r['error_code']) && typeof (r['error_msg'] ?? '') === 'string';
}
